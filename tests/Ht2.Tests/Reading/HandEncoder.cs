using System;
using System.Collections.Generic;

namespace Ht2.Tests.Reading;

/// <summary>
/// The fuzz test's own frame encoder: plain shifts straight from RFC 9113 §4.1, independent of any Ht2 writer,
/// and a generator of random frames that are valid by construction, for every type plus extension types.
/// </summary>
internal static class HandEncoder
{
    /// <summary>A frame as the generator meant it: what a correct reader must return.</summary>
    public sealed record Expected(int Length, byte Type, byte Flags, uint StreamId, byte[] Payload);

    public static void Append(List<byte> wire, byte type, byte flags, uint rawStreamId, byte[] payload)
    {
        wire.Add((byte)(payload.Length >> 16));
        wire.Add((byte)(payload.Length >> 8));
        wire.Add((byte)payload.Length);
        wire.Add(type);
        wire.Add(flags);
        wire.Add((byte)(rawStreamId >> 24));
        wire.Add((byte)(rawStreamId >> 16));
        wire.Add((byte)(rawStreamId >> 8));
        wire.Add((byte)rawStreamId);
        wire.AddRange(payload);
    }

    /// <summary>
    /// Appends 1..4 units, each a single valid frame or a whole valid header block (HEADERS or PUSH_PROMISE
    /// plus 0..8 CONTINUATIONs), so that the sequencer must accept the unmutated result too.
    /// </summary>
    public static void AppendConversation(Random random, List<byte> wire, List<Expected> expected)
    {
        int units = random.Next(1, 5);
        for (int u = 0; u < units; u++)
        {
            int kind = random.Next(12);
            if (kind == 1 || kind == 5)
            {
                AppendHeaderBlock(random, wire, expected, (byte)kind);
            }
            else if (kind < 10 && kind != 9)
            {
                AppendSingle(random, wire, expected, (byte)kind);
            }
            else
            {
                // Extension types (0x0A..0xFF) on any stream with any flags. CONTINUATION only comes
                // inside header blocks, where it is valid.
                AppendSingle(random, wire, expected, (byte)random.Next(0x0A, 0x100));
            }
        }
    }

    private static void AppendHeaderBlock(Random random, List<byte> wire, List<Expected> expected, byte type)
    {
        int continuations = random.Next(0, 9);
        uint stream = NonZeroStream(random);
        byte flags = RandomFlags(random, keep: 0xFF & ~0x04);
        if (continuations == 0)
        {
            flags |= 0x04;
        }

        byte[] payload = type == 1 ? HeadersPayload(random, flags) : PushPromisePayload(random, flags);
        Add(random, wire, expected, type, flags, stream, payload);
        for (int i = 0; i < continuations; i++)
        {
            byte contFlags = RandomFlags(random, keep: 0xFF & ~0x04);
            if (i == continuations - 1)
            {
                contFlags |= 0x04;
            }

            Add(random, wire, expected, 0x9, contFlags, stream, Bytes(random, random.Next(0, 3) == 0 ? 0 : random.Next(1, 40)));
        }
    }

    private static void AppendSingle(Random random, List<byte> wire, List<Expected> expected, byte type)
    {
        byte flags = RandomFlags(random, keep: 0xFF);
        switch (type)
        {
            case 0x0: // DATA
                Add(random, wire, expected, type, flags, NonZeroStream(random), Padded(random, flags, Array.Empty<byte>(), Bytes(random, random.Next(0, 60))));
                break;
            case 0x2: // PRIORITY
                Add(random, wire, expected, type, flags, NonZeroStream(random), Bytes(random, 5));
                break;
            case 0x3: // RST_STREAM
                Add(random, wire, expected, type, flags, NonZeroStream(random), Bytes(random, 4));
                break;
            case 0x4: // SETTINGS
                bool ack = (flags & 0x1) != 0;
                Add(random, wire, expected, type, flags, ZeroStream(random), ack ? Array.Empty<byte>() : SettingsPayload(random));
                break;
            case 0x6: // PING
                Add(random, wire, expected, type, flags, ZeroStream(random), Bytes(random, 8));
                break;
            case 0x7: // GOAWAY
                Add(random, wire, expected, type, flags, ZeroStream(random), Bytes(random, 8 + random.Next(0, 30)));
                break;
            case 0x8: // WINDOW_UPDATE: increment 1..2^31-1, reserved bit random
                uint increment = (uint)random.Next(1, int.MaxValue) | (random.Next(2) == 0 ? 0u : 0x8000_0000u);
                uint stream = random.Next(3) == 0 ? ZeroStream(random) : NonZeroStream(random);
                Add(random, wire, expected, type, flags, stream, new[] { (byte)(increment >> 24), (byte)(increment >> 16), (byte)(increment >> 8), (byte)increment });
                break;
            default: // extension
                Add(random, wire, expected, type, flags, random.Next(3) == 0 ? ZeroStream(random) : NonZeroStream(random), Bytes(random, random.Next(0, 50)));
                break;
        }
    }

    private static byte[] HeadersPayload(Random random, byte flags)
    {
        byte[] priority = (flags & 0x20) != 0 ? Bytes(random, 5) : Array.Empty<byte>();
        return Padded(random, flags, priority, Bytes(random, random.Next(0, 40)));
    }

    private static byte[] PushPromisePayload(Random random, byte flags) =>
        Padded(random, flags, BigEndian(NonZeroStream(random)), Bytes(random, random.Next(0, 40)));

    private static byte[] BigEndian(uint value) => new[] { (byte)(value >> 24), (byte)(value >> 16), (byte)(value >> 8), (byte)value };

    // [Pad Length] fixed body [padding]; padding may take everything after the fixed fields.
    private static byte[] Padded(Random random, byte flags, byte[] fixedFields, byte[] body)
    {
        var payload = new List<byte>();
        int pad = 0;
        if ((flags & 0x08) != 0)
        {
            pad = random.Next(0, 20);
            payload.Add((byte)pad);
        }

        payload.AddRange(fixedFields);
        payload.AddRange(body);
        payload.AddRange(new byte[pad]);
        return payload.ToArray();
    }

    private static byte[] SettingsPayload(Random random)
    {
        var payload = new List<byte>();
        int entries = random.Next(0, 6);
        for (int i = 0; i < entries; i++)
        {
            ushort id = (ushort)(random.Next(4) == 0 ? random.Next(0, 0x10000) : random.Next(1, 10));
            uint value = id switch
            {
                2 or 8 or 9 => (uint)random.Next(0, 2),
                4 => (uint)random.Next(0, int.MaxValue) + (uint)random.Next(0, 2),
                5 => (uint)random.Next(16384, 16777216),
                _ => (uint)random.Next() ^ ((uint)random.Next(2) << 31),
            };
            payload.Add((byte)(id >> 8));
            payload.Add((byte)id);
            payload.Add((byte)(value >> 24));
            payload.Add((byte)(value >> 16));
            payload.Add((byte)(value >> 8));
            payload.Add((byte)value);
        }

        return payload.ToArray();
    }

    private static void Add(Random random, List<byte> wire, List<Expected> expected, byte type, byte flags, uint rawStream, byte[] payload)
    {
        Append(wire, type, flags, rawStream, payload);
        expected.Add(new Expected(payload.Length, type, flags, rawStream & 0x7FFF_FFFF, payload));
    }

    // Undefined flag bits are set at random too: a reader must ignore them.
    private static byte RandomFlags(Random random, int keep) => (byte)(random.Next(0x100) & keep);

    // The reserved bit is set at random; a reader must mask it.
    private static uint NonZeroStream(Random random) => (uint)random.Next(1, int.MaxValue) | ReservedBit(random);

    private static uint ZeroStream(Random random) => ReservedBit(random);

    private static uint ReservedBit(Random random) => random.Next(4) == 0 ? 0x8000_0000u : 0u;

    private static byte[] Bytes(Random random, int count)
    {
        var bytes = new byte[count];
        random.NextBytes(bytes);
        return bytes;
    }
}
