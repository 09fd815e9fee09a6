using System;
using System.Buffers;
using System.Collections.Generic;

namespace Ht2.Fuzz;

/// <summary>
/// Target <c>roundtrip</c>: frames with arbitrary fields and payloads (<see cref="FrameSpec"/>) go through the
/// generated prefix writer and through <see cref="MultiFrameWriter"/>, and the same frames are laid out by hand.
/// The writers accept a frame exactly when the reader accepts the hand-built bytes (the prefix writer against the
/// largest local frame size, the batch writer against its default 16384, which is also the reader's), and then
/// write exactly those bytes, which parse back to the same struct and variable part. A refused frame leaves the
/// batch unchanged: the flushed batch is the concatenation of the accepted frames' bytes.
/// </summary>
/// <remarks>
/// One legitimate difference is normalised: a prefix writer never sees a SETTINGS frame's entries, so a SETTINGS
/// frame whose only fault is an entry value is written by it and refused by the reader; then
/// <see cref="MultiFrameWriter.AddSettings"/> must refuse the same entries.
/// Control byte: the batch writer's copy threshold (0: every payload referenced, 1: the default, 2: every payload copied).
/// </remarks>
public static class RoundTripTarget
{
    private static readonly FrameReaderOptions Largest = new() { LocalMaxFrameSize = FrameReaderOptions.MaxMaxFrameSize };

    /// <summary>Runs one input; throws <see cref="FuzzFailure"/> when a writer and the reader disagree.</summary>
    public static void Run(ReadOnlySpan<byte> input)
    {
        if (input.IsEmpty)
        {
            return;
        }

        using MultiFrameWriter batch = new();
        batch.CopyThreshold = (input[0] % 3) switch { 0 => 0, 1 => batch.CopyThreshold, _ => int.MaxValue };
        List<byte> expected = new();
        FrameSpec spec = new(input.Slice(1));
        for (int frames = 0; spec.HasMore && frames < 64; frames++)
        {
            spec.Next();
            byte[]? accepted = spec.Kind switch
            {
                0 => Check(new DataFrame { StreamId = spec.StreamId, Flags = spec.Flags, PadLength = Padded(spec) ? spec.Pad : (byte)0 }, spec, batch, Padded(spec) ? [spec.Pad] : []),
                1 => Headers(spec, batch),
                2 => Check(new PriorityFrame { StreamId = spec.StreamId, Flags = spec.Flags, Exclusive = spec.Bit, StreamDependency = spec.Id31, Weight = spec.Byte }, spec, batch, FrameSpec.Word32(spec.Id31, spec.Bit), [spec.Byte]),
                3 => Check(new RstStreamFrame { StreamId = spec.StreamId, Flags = spec.Flags, ErrorCode = (Http2ErrorCode)spec.Word }, spec, batch, FrameSpec.Word32(spec.Word, false)),
                4 => Check(new SettingsFrame { StreamId = spec.StreamId, Flags = spec.Flags }, spec, batch),
                5 => Check(new PushPromiseFrame { StreamId = spec.StreamId, Flags = spec.Flags, PadLength = Padded(spec) ? spec.Pad : (byte)0, PromisedStreamId = spec.Id31 }, spec, batch, Padded(spec) ? [spec.Pad] : [], FrameSpec.Word32(spec.Id31, false)),
                6 => Check(new PingFrame { StreamId = spec.StreamId, Flags = spec.Flags, OpaqueData = spec.Long }, spec, batch, FrameSpec.Word32((uint)(spec.Long >> 32), false), FrameSpec.Word32((uint)spec.Long, false)),
                7 => Check(new GoAwayFrame { StreamId = spec.StreamId, Flags = spec.Flags, LastStreamId = spec.Id31, ErrorCode = (Http2ErrorCode)spec.Word }, spec, batch, FrameSpec.Word32(spec.Id31, false), FrameSpec.Word32(spec.Word, false)),
                8 => Check(new WindowUpdateFrame { StreamId = spec.StreamId, Flags = spec.Flags, WindowSizeIncrement = spec.Id31 }, spec, batch, FrameSpec.Word32(spec.Id31, false)),
                _ => Check(new ContinuationFrame { StreamId = spec.StreamId, Flags = spec.Flags }, spec, batch),
            };

            if (accepted is not null)
            {
                expected.AddRange(accepted);
            }
        }

        ArrayBufferWriter<byte> flushed = new();
        batch.FlushTo(flushed);
        FuzzFailure.Check(flushed.WrittenSpan.SequenceEqual(expected.ToArray()), $"the batch wrote {flushed.WrittenCount} bytes, the accepted frames are {expected.Count}");
    }

    private static bool Padded(in FrameSpec spec) => (spec.Flags & FrameFlags.Padded) != 0;

    private static byte[]? Headers(in FrameSpec spec, MultiFrameWriter batch)
    {
        bool padded = Padded(spec);
        bool priority = (spec.Flags & FrameFlags.Priority) != 0;
        HeadersFrame frame = new()
        {
            StreamId = spec.StreamId,
            Flags = spec.Flags,
            PadLength = padded ? spec.Pad : (byte)0,
            Exclusive = priority && spec.Bit,
            StreamDependency = priority ? spec.Id31 : 0,
            Weight = priority ? spec.Byte : (byte)0,
        };
        return Check(frame, spec, batch, padded ? [spec.Pad] : [], priority ? FrameSpec.Word32(spec.Id31, spec.Bit) : [], priority ? [spec.Byte] : []);
    }

    // Returns the frame's bytes when the batch writer took it.
    private static byte[]? Check<TFrame>(TFrame frame, in FrameSpec spec, MultiFrameWriter batch, params ReadOnlySpan<byte[]> fixedFields)
        where TFrame : struct, IHt2Frame<TFrame>
    {
        byte[] hand = spec.Hand(TFrame.FrameType, frame.PaddingLength, fixedFields);
        string what = $"{typeof(TFrame).Name} {Convert.ToHexString(hand, 0, Math.Min(hand.Length, 64))}";
        byte[]? written = TryWritePrefix(frame, spec.Variable);
        FrameReadStatus status = FrameReader.TryReadFrame(hand, Largest, out FrameHeader header, out ReadOnlySpan<byte> body, out _, out FrameError error);
        bool entryFault = frame is SettingsFrame && written is not null && status == FrameReadStatus.Error && SettingsEntriesRefused(spec.Variable);
        FuzzFailure.Check((written is not null) == (status == FrameReadStatus.Complete) || entryFault,
            $"{what}: the prefix writer {(written is null ? "refused" : "wrote")} it, the reader said {status} {error.Reason}");
        if (status == FrameReadStatus.Complete)
        {
            FuzzFailure.Check(written.AsSpan().SequenceEqual(hand), $"{what}: the prefix writer wrote {Convert.ToHexString(written!)}");
            FuzzFailure.Check(TFrame.TryParse(header, body, out TFrame parsed, out ReadOnlySpan<byte> variable, out _), $"{what}: TryParse refused what the reader accepted");
            FuzzFailure.Check(parsed.Equals(frame) && variable.SequenceEqual(spec.Variable), $"{what}: parsed back as {parsed}");
        }

        FrameReadStatus local = FrameReader.TryReadFrame(hand, FrameReaderOptions.Default, out _, out _, out _, out FrameError localError);
        bool added;
        try
        {
            batch.Add(frame, spec.Variable);
            added = true;
        }
        catch (ArgumentException)
        {
            added = false;
        }

        FuzzFailure.Check(added == (local == FrameReadStatus.Complete) || (entryFault && added),
            $"{what}: the batch writer {(added ? "took" : "refused")} it, the reader (16384) said {local} {localError.Reason}");
        return added ? hand : null;
    }

    // A SETTINGS payload of whole entries with a value out of range; the batch writer's AddSettings must refuse them.
    private static bool SettingsEntriesRefused(byte[] variable)
    {
        if (variable.Length % SettingsEntry.Size != 0)
        {
            return false;
        }

        List<SettingsEntry> entries = new();
        bool bad = false;
        for (int i = 0; i < variable.Length; i += SettingsEntry.Size)
        {
            SettingsEntry entry = new((SettingsParameter)(variable[i] << 8 | variable[i + 1]), (uint)(variable[i + 2] << 24 | variable[i + 3] << 16 | variable[i + 4] << 8 | variable[i + 5]));
            entries.Add(entry);
            bad |= SettingsFrame.ValidateEntry(entry).IsError;
        }

        if (!bad)
        {
            return false;
        }

        using MultiFrameWriter probe = new();
        try
        {
            probe.AddSettings(entries.ToArray());
        }
        catch (ArgumentException)
        {
            return true;
        }

        throw new FuzzFailure("AddSettings took an entry SettingsFrame.ValidateEntry refuses");
    }

    private static byte[]? TryWritePrefix<TFrame>(in TFrame frame, byte[] variable)
        where TFrame : struct, IHt2Frame<TFrame>
    {
        Span<byte> prefix = stackalloc byte[TFrame.MaxPrefixLength];
        int length;
        try
        {
            FuzzFailure.Check(frame.TryWritePrefix(prefix, variable.Length, out length), "MaxPrefixLength was not enough room");
        }
        catch (ArgumentException)
        {
            return null;
        }

        byte[] bytes = new byte[length + variable.Length + frame.PaddingLength];
        prefix.Slice(0, length).CopyTo(bytes);
        variable.CopyTo(bytes, length);
        return bytes;
    }
}
