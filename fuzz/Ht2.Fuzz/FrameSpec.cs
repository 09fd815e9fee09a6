using System;
using System.Collections.Generic;

namespace Ht2.Fuzz;

/// <summary>
/// One frame as the round-trip target's input describes it: field values read from the input (zeros past its end),
/// and the same frame laid out by hand from the RFC 9113 §6 diagrams, independent of any Ht2 writer.
/// </summary>
public ref struct FrameSpec
{
    private ReadOnlySpan<byte> _rest;

    /// <summary>Reads specs from <paramref name="input"/>.</summary>
    public FrameSpec(ReadOnlySpan<byte> input)
    {
        _rest = input;
        Variable = [];
    }

    /// <summary>Whether input is left for another spec.</summary>
    public readonly bool HasMore => !_rest.IsEmpty;

    /// <summary>Frame type selector 0..9 (RFC 9113 type order).</summary>
    public int Kind;

    /// <summary>The header's flags.</summary>
    public FrameFlags Flags;

    /// <summary>The stream id (31 bits: a larger one cannot be encoded by either side).</summary>
    public uint StreamId;

    /// <summary>Pad length (used when PADDED is set).</summary>
    public byte Pad;

    /// <summary>A one-bit field (the exclusive flag).</summary>
    public bool Bit;

    /// <summary>A byte field (weight).</summary>
    public byte Byte;

    /// <summary>A 31-bit field (stream dependency, promised or last stream id, increment).</summary>
    public uint Id31;

    /// <summary>A 32-bit field (error code).</summary>
    public uint Word;

    /// <summary>A 64-bit field (PING opaque data).</summary>
    public ulong Long;

    /// <summary>The variable part (data, fragment, debug data, SETTINGS entries).</summary>
    public byte[] Variable;

    /// <summary>Reads the next spec.</summary>
    public void Next()
    {
        Kind = Take() % 10;
        Flags = (FrameFlags)Take();
        StreamId = TakeWord() & 0x7FFF_FFFF;
        Pad = Take();
        byte bits = Take();
        Bit = (bits & 1) != 0;
        Byte = Take();
        Id31 = TakeWord() & 0x7FFF_FFFF;
        Word = TakeWord();
        Long = ((ulong)TakeWord() << 32) | TakeWord();

        // Lengths: mostly short, up to 16 KiB + 255 when asked, so large payloads take the writer's zero-copy path.
        int length = Take();
        if ((bits & 2) != 0)
        {
            length = (length << 8 | Take()) & 0x3FFF;
        }

        Variable = new byte[length];
        int copy = Math.Min(length, _rest.Length);
        _rest.Slice(0, copy).CopyTo(Variable);
        _rest = _rest.Slice(copy);
    }

    /// <summary>The wire bytes of the frame built by hand: header, <paramref name="fixedFields"/>, variable part, zero padding.</summary>
    public readonly byte[] Hand(FrameType type, int padding, params ReadOnlySpan<byte[]> fixedFields)
    {
        List<byte> payload = new();
        foreach (byte[] field in fixedFields)
        {
            payload.AddRange(field);
        }

        payload.AddRange(Variable);
        payload.AddRange(new byte[padding]);
        byte[] wire = new byte[FrameHeader.Size + payload.Count];
        wire[0] = (byte)(payload.Count >> 16);
        wire[1] = (byte)(payload.Count >> 8);
        wire[2] = (byte)payload.Count;
        wire[3] = (byte)type;
        wire[4] = (byte)Flags;
        wire[5] = (byte)(StreamId >> 24);
        wire[6] = (byte)(StreamId >> 16);
        wire[7] = (byte)(StreamId >> 8);
        wire[8] = (byte)StreamId;
        payload.CopyTo(wire, FrameHeader.Size);
        return wire;
    }

    /// <summary>A big-endian word with the high bit set by hand.</summary>
    public static byte[] Word32(uint value, bool highBit)
    {
        uint word = highBit ? value | 0x8000_0000u : value;
        return [(byte)(word >> 24), (byte)(word >> 16), (byte)(word >> 8), (byte)word];
    }

    private byte Take()
    {
        if (_rest.IsEmpty)
        {
            return 0;
        }

        byte value = _rest[0];
        _rest = _rest.Slice(1);
        return value;
    }

    private uint TakeWord() => (uint)(Take() << 24 | Take() << 16 | Take() << 8 | Take());
}
