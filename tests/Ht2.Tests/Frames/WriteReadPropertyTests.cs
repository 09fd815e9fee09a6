using System;
using System.Collections.Generic;
using Ht2.Tests.Reading;

namespace Ht2.Tests.Frames;

// "What Ht2 writes, Ht2's reader accepts; what the writer refuses, the reader refuses": over seeded random
// frames of every RFC 9113 type and an extension type, each frame is built twice from the same random parts,
// once as a struct given to the generated writer and once by hand from the RFC layouts. The writer accepts
// exactly when the reader accepts the hand-built bytes, and then its bytes are those bytes.
public class WriteReadPropertyTests
{
    private static readonly FrameReaderOptions Options = new FrameReaderOptions().Register<PriorityUpdateFrame>();

    [Fact]
    public void Writer_and_reader_agree_on_every_random_frame()
    {
        var random = new Random(0x7540);
        int accepted = 0, refused = 0;
        for (int i = 0; i < 20_000; i++)
        {
            var parts = new Parts(random);
            bool written = (i % 11) switch
            {
                0 => Data(parts),
                1 => Headers(parts),
                2 => Check(new PriorityFrame { StreamId = parts.StreamId, Flags = parts.Flags, Exclusive = parts.Bit, StreamDependency = parts.Id31, Weight = parts.Byte }, parts, H.Word(parts.Id31, parts.Bit), [parts.Byte]),
                3 => Check(new RstStreamFrame { StreamId = parts.StreamId, Flags = parts.Flags, ErrorCode = (Http2ErrorCode)parts.Word }, parts, H.Word(parts.Word, false)),
                4 => Settings(parts, random),
                5 => PushPromise(parts),
                6 => Check(new PingFrame { StreamId = parts.StreamId, Flags = parts.Flags, OpaqueData = parts.Long }, parts, H.Word((uint)(parts.Long >> 32), false), H.Word((uint)parts.Long, false)),
                7 => Check(new GoAwayFrame { StreamId = parts.StreamId, Flags = parts.Flags, LastStreamId = parts.Id31, ErrorCode = (Http2ErrorCode)parts.Word }, parts, H.Word(parts.Id31, false), H.Word(parts.Word, false)),
                8 => Check(new WindowUpdateFrame { StreamId = parts.StreamId, Flags = parts.Flags, WindowSizeIncrement = parts.Id31 }, parts, H.Word(parts.Id31, false)),
                9 => Check(new ContinuationFrame { StreamId = parts.StreamId, Flags = parts.Flags }, parts),
                _ => Check(new PriorityUpdateFrame { StreamId = parts.StreamId, Flags = parts.Flags, PrioritizedStreamId = parts.Id31 }, parts, H.Word(parts.Id31, false)),
            };

            if (written)
            {
                accepted++;
            }
            else
            {
                refused++;
            }
        }

        Assert.True(accepted > 5_000 && refused > 2_000, $"accepted {accepted}, refused {refused}: the mix proves too little");
    }

    private static bool Data(Parts p)
    {
        bool padded = (p.Flags & FrameFlags.Padded) != 0;
        var frame = new DataFrame { StreamId = p.StreamId, Flags = p.Flags, PadLength = padded ? p.Pad : (byte)0 };
        return Check(frame, p, padded ? [p.Pad] : []);
    }

    private static bool Headers(Parts p)
    {
        bool padded = (p.Flags & FrameFlags.Padded) != 0, priority = (p.Flags & FrameFlags.Priority) != 0;
        var frame = new HeadersFrame
        {
            StreamId = p.StreamId,
            Flags = p.Flags,
            PadLength = padded ? p.Pad : (byte)0,
            Exclusive = priority && p.Bit,
            StreamDependency = priority ? p.Id31 : 0,
            Weight = priority ? p.Byte : (byte)0,
        };
        return Check(frame, p, padded ? [p.Pad] : [], priority ? H.Word(p.Id31, p.Bit) : [], priority ? [p.Byte] : []);
    }

    private static bool PushPromise(Parts p)
    {
        bool padded = (p.Flags & FrameFlags.Padded) != 0;
        var frame = new PushPromiseFrame { StreamId = p.StreamId, Flags = p.Flags, PadLength = padded ? p.Pad : (byte)0, PromisedStreamId = p.Id31 };
        return Check(frame, p, padded ? [p.Pad] : [], H.Word(p.Id31, false));
    }

    private static bool Settings(Parts p, Random random)
    {
        // Entries hold legal values (0 or 1 is legal for every parameter but MAX_FRAME_SIZE, 0x5, left out):
        // their rule reads the variable part, which a prefix writer never sees.
        ushort[] parameters = [0x1, 0x2, 0x3, 0x4, 0x6, 0x8, 0x9, 0x4242];
        var entries = new SettingsEntry[p.Variable.Length / SettingsEntry.Size];
        for (int i = 0; i < entries.Length; i++)
        {
            entries[i] = new SettingsEntry((SettingsParameter)parameters[random.Next(parameters.Length)], (uint)random.Next(0, 2));
        }

        SettingsFrame.WriteEntries(p.Variable, entries);
        return Check(new SettingsFrame { StreamId = p.StreamId, Flags = p.Flags }, p);
    }

    /// <summary>Writes the frame, builds it by hand from <paramref name="fixedFields"/>, and holds writer and reader to one verdict.</summary>
    private static bool Check<TFrame>(TFrame frame, Parts p, params IEnumerable<byte>[] fixedFields)
        where TFrame : struct, IHt2Frame<TFrame>
    {
        var payload = new List<byte>();
        foreach (IEnumerable<byte> field in fixedFields)
        {
            payload.AddRange(field);
        }

        payload.AddRange(p.Variable);
        payload.AddRange(new byte[frame.PaddingLength]);
        var wire = new List<byte>();
        HandEncoder.Append(wire, (byte)TFrame.FrameType, (byte)p.Flags, p.StreamId, payload.ToArray());
        byte[] hand = wire.ToArray();

        byte[]? written = TryWrite(frame, p.Variable);
        FrameReadStatus status = FrameReader.TryReadFrame(hand, Options, out FrameHeader header, out ReadOnlySpan<byte> body, out _, out FrameError error);
        string input = $"{typeof(TFrame).Name} {Convert.ToHexString(hand)}";
        if (written is null)
        {
            Assert.True(status is FrameReadStatus.Error or FrameReadStatus.Ignored, $"{input}: the writer refused it, the reader said {status}");
            return false;
        }

        Assert.True(status == FrameReadStatus.Complete, $"{input}: the writer wrote it, the reader said {status} '{error.Reason}'");
        Assert.Equal(Convert.ToHexString(hand), Convert.ToHexString(written));
        Assert.True(TFrame.TryParse(header, body, out TFrame parsed, out ReadOnlySpan<byte> variable, out _), input);
        Assert.Equal(frame, parsed);
        Assert.Equal(p.Variable, variable.ToArray());
        return true;
    }

    private static byte[]? TryWrite<TFrame>(in TFrame frame, byte[] variable)
        where TFrame : struct, IHt2Frame<TFrame>
    {
        Span<byte> prefix = stackalloc byte[TFrame.MaxPrefixLength];
        int length;
        try
        {
            if (!frame.TryWritePrefix(prefix, variable.Length, out length))
            {
                throw new InvalidOperationException("MaxPrefixLength is always enough room.");
            }
        }
        catch (ArgumentException)
        {
            return null;
        }

        var bytes = new List<byte>(prefix.Slice(0, length).ToArray());
        bytes.AddRange(variable);
        bytes.AddRange(new byte[frame.PaddingLength]);
        return bytes.ToArray();
    }

    /// <summary>The random parts one frame is made of; stream ids and lengths are mostly, not always, legal.</summary>
    private sealed class Parts
    {
        public Parts(Random random)
        {
            StreamId = random.Next(4) == 0 ? 0u : (uint)random.Next(1, int.MaxValue);
            Flags = (FrameFlags)random.Next(0x100);
            Pad = (byte)random.Next(6);
            Bit = random.Next(2) == 0;
            Byte = (byte)random.Next(0x100);
            Id31 = random.Next(8) == 0 ? 0u : (uint)random.Next(1, int.MaxValue);
            Word = (uint)random.NextInt64(0, 1L << 32);
            Long = (ulong)random.NextInt64();

            // Empty half the time: the legal length of the fixed-length frames and of an ACK.
            int length = random.Next(2) == 0 ? 0 : random.Next(1, 4) * (random.Next(2) == 0 ? SettingsEntry.Size : 1);
            Variable = new byte[length];
            random.NextBytes(Variable);
        }

        public uint StreamId { get; }

        public FrameFlags Flags { get; }

        public byte Pad { get; }

        public bool Bit { get; }

        public byte Byte { get; }

        public uint Id31 { get; }

        public uint Word { get; }

        public ulong Long { get; }

        public byte[] Variable { get; }
    }

    /// <summary>Big-endian words as RFC 9113 §4.1 lays them out, with the high bit set by hand.</summary>
    private static class H
    {
        public static byte[] Word(uint value, bool highBit)
        {
            uint word = highBit ? value | 0x8000_0000u : value;
            return [(byte)(word >> 24), (byte)(word >> 16), (byte)(word >> 8), (byte)word];
        }
    }
}
