using System;
using System.Buffers.Binary;

namespace Ht2.Tests.IO;

/// <summary>
/// A hand-written DATA-like frame standing in for the generated ones until they exist: optional PADDED flag with a
/// one-byte Pad Length in the prefix and PadLength zero bytes after the variable part.
/// </summary>
public struct TestDataFrame : IHt2Frame<TestDataFrame>
{
    public TestDataFrame(uint streamId, byte? padLength = null)
    {
        StreamId = streamId;
        Flags = padLength is null ? FrameFlags.None : FrameFlags.Padded;
        PadLength = padLength ?? 0;
    }

    public static FrameType FrameType => FrameType.Data;

    public static int MaxPrefixLength => FrameHeader.Size + 1;

    public uint StreamId { get; set; }

    public FrameFlags Flags { get; set; }

    public byte PadLength { get; set; }

    private readonly bool Padded => (Flags & FrameFlags.Padded) != 0;

    public readonly int FixedLength => Padded ? 1 : 0;

    public readonly int PrefixLength => FrameHeader.Size + FixedLength;

    public readonly int PaddingLength => Padded ? PadLength : 0;

    public readonly int GetPayloadLength(int variableLength) => FixedLength + variableLength + PaddingLength;

    public readonly int WritePrefix(Span<byte> destination, int variableLength)
    {
        if (!TryWritePrefix(destination, variableLength, out int written))
        {
            throw new ArgumentException("Destination too small.", nameof(destination));
        }

        return written;
    }

    public readonly bool TryWritePrefix(Span<byte> destination, int variableLength, out int bytesWritten)
    {
        if (destination.Length < PrefixLength)
        {
            bytesWritten = 0;
            return false;
        }

        FrameHeader.Write(destination, GetPayloadLength(variableLength), FrameType.Data, Flags, StreamId);
        if (Padded)
        {
            destination[FrameHeader.Size] = PadLength;
        }

        bytesWritten = PrefixLength;
        return true;
    }

    public static bool TryParse(in FrameHeader header, ReadOnlySpan<byte> payload, out TestDataFrame frame, out ReadOnlySpan<byte> variablePart, out FrameError error)
    {
        frame = new TestDataFrame { StreamId = header.StreamId, Flags = header.Flags };
        error = default;
        if (!header.HasFlag(FrameFlags.Padded))
        {
            variablePart = payload;
            return true;
        }

        if (payload.IsEmpty || payload[0] >= payload.Length)
        {
            variablePart = default;
            error = FrameError.Connection(Http2ErrorCode.ProtocolError, "Pad Length too large.");
            return false;
        }

        frame.PadLength = payload[0];
        variablePart = payload.Slice(1, payload.Length - 1 - payload[0]);
        return true;
    }

    public static TestDataFrame Parse(in FrameHeader header, ReadOnlySpan<byte> payload, out ReadOnlySpan<byte> variablePart)
        => TryParse(header, payload, out TestDataFrame frame, out variablePart, out FrameError error) ? frame : throw error.ToException();
}

/// <summary>A PING-like frame: 8 bytes of opaque data in the prefix, no variable part.</summary>
public struct TestPingFrame : IHt2Frame<TestPingFrame>
{
    public TestPingFrame(ulong opaque, bool ack = false)
    {
        Opaque = opaque;
        Flags = ack ? FrameFlags.Ack : FrameFlags.None;
    }

    public static FrameType FrameType => FrameType.Ping;

    public static int MaxPrefixLength => FrameHeader.Size + 8;

    public uint StreamId { get; set; }

    public FrameFlags Flags { get; set; }

    public ulong Opaque { get; set; }

    public readonly int FixedLength => 8;

    public readonly int PrefixLength => FrameHeader.Size + 8;

    public readonly int PaddingLength => 0;

    public readonly int GetPayloadLength(int variableLength) => 8 + variableLength;

    public readonly int WritePrefix(Span<byte> destination, int variableLength)
        => TryWritePrefix(destination, variableLength, out int written) ? written : throw new ArgumentException("Destination too small.", nameof(destination));

    public readonly bool TryWritePrefix(Span<byte> destination, int variableLength, out int bytesWritten)
    {
        if (destination.Length < PrefixLength)
        {
            bytesWritten = 0;
            return false;
        }

        FrameHeader.Write(destination, GetPayloadLength(variableLength), FrameType.Ping, Flags, StreamId);
        BinaryPrimitives.WriteUInt64BigEndian(destination.Slice(FrameHeader.Size), Opaque);
        bytesWritten = PrefixLength;
        return true;
    }

    public static bool TryParse(in FrameHeader header, ReadOnlySpan<byte> payload, out TestPingFrame frame, out ReadOnlySpan<byte> variablePart, out FrameError error)
    {
        frame = default;
        variablePart = default;
        error = default;
        if (payload.Length != 8)
        {
            error = FrameError.Connection(Http2ErrorCode.FrameSizeError, "PING payload must be 8 bytes.");
            return false;
        }

        frame = new TestPingFrame(BinaryPrimitives.ReadUInt64BigEndian(payload), header.HasFlag(FrameFlags.Ack));
        return true;
    }

    public static TestPingFrame Parse(in FrameHeader header, ReadOnlySpan<byte> payload, out ReadOnlySpan<byte> variablePart)
        => TryParse(header, payload, out TestPingFrame frame, out variablePart, out FrameError error) ? frame : throw error.ToException();
}

/// <summary>
/// The bytes RFC 9113 §4.1 prescribes for the test frames, written field by field here so that expected bytes never
/// come from the frames' own <c>WritePrefix</c> (the code under test): 24-bit length, type, flags, 31-bit stream id,
/// then the Pad Length byte (§6.1) or the 8 opaque bytes (§6.7), the payload and the zero padding.
/// </summary>
public static class ReferenceEncoding
{
    public static byte[] Encode(TestDataFrame frame, ReadOnlySpan<byte> payload)
    {
        bool padded = (frame.Flags & FrameFlags.Padded) != 0;
        int padLength = padded ? frame.PadLength : 0;
        int fixedLength = padded ? 1 : 0;
        byte[] bytes = Header(fixedLength + payload.Length + padLength, 0x0, (byte)frame.Flags, frame.StreamId);
        byte[] fixedPart = padded ? [frame.PadLength] : [];
        return [.. bytes, .. fixedPart, .. payload, .. new byte[padLength]];
    }

    public static byte[] Encode(TestPingFrame frame, ReadOnlySpan<byte> payload)
    {
        byte[] opaque = new byte[8];
        for (int i = 0; i < 8; i++)
        {
            opaque[i] = (byte)(frame.Opaque >> (56 - (8 * i)));
        }

        return [.. Header(8 + payload.Length, 0x6, (byte)frame.Flags, frame.StreamId), .. opaque, .. payload];
    }

    private static byte[] Header(int length, byte type, byte flags, uint streamId) =>
    [
        (byte)(length >> 16), (byte)(length >> 8), (byte)length, type, flags,
        (byte)((streamId >> 24) & 0x7F), (byte)(streamId >> 16), (byte)(streamId >> 8), (byte)streamId,
    ];
}
