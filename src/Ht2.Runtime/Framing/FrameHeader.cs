using System;
using System.Buffers.Binary;

namespace Ht2;

//  +-----------------------------------------------+
//  |                 Length (24)                   |
//  +---------------+---------------+---------------+
//  |   Type (8)    |   Flags (8)   |
//  +-+-------------+---------------+-------------------------------+
//  |R|                 Stream Identifier (31)                      |
//  +=+=============================================================+
//  |                   Frame Payload (0...)                      ...
//  +---------------------------------------------------------------+
//  RFC 9113 §4.1

/// <summary>The 9-byte header every HTTP/2 frame starts with (RFC 9113 §4.1).</summary>
public readonly record struct FrameHeader
{
    /// <summary>The size of a frame header on the wire.</summary>
    public const int Size = 9;

    /// <summary>The largest payload length the 24-bit field can carry (2^24-1).</summary>
    public const int MaxLength = 0xFF_FFFF;

    /// <summary>The largest stream identifier (2^31-1).</summary>
    public const uint MaxStreamId = 0x7FFF_FFFF;

    /// <summary>Creates a header. The values are checked when the header is written.</summary>
    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveInlining)]
    public FrameHeader(int length, FrameType type, FrameFlags flags, uint streamId)
    {
        Length = length;
        Type = type;
        Flags = flags;
        StreamId = streamId;
    }

    /// <summary>The payload length in bytes, not counting the 9 header bytes.</summary>
    public int Length { get; init; }

    /// <summary>The frame type; values outside <see cref="FrameType"/>'s names are extension frames.</summary>
    public FrameType Type { get; init; }

    /// <summary>The flag bits as sent; their meaning depends on <see cref="Type"/>.</summary>
    public FrameFlags Flags { get; init; }

    /// <summary>The 31-bit stream identifier; 0 names the connection.</summary>
    public uint StreamId { get; init; }

    /// <summary>
    /// The header as a log line, with the type and flags named per frame type:
    /// <c>DATA frame &lt;length=16, flags=0x09, stream_id=1&gt; ; END_STREAM | PADDED</c>. An extension or unknown type is shown
    /// by its hex code (<c>0x10 frame &lt;...&gt;</c>); the part after ";" is left out when no flag is set.
    /// </summary>
    public override string ToString()
    {
        string text = $"{FrameNames.TypeName(Type)} frame <length={Length}, flags=0x{(byte)Flags:X2}, stream_id={StreamId}>";
        return Flags == FrameFlags.None ? text : text + " ; " + FrameNames.FlagNames(Type, Flags);
    }

    /// <summary>True when every bit of <paramref name="flag"/> is set.</summary>
    public bool HasFlag(FrameFlags flag) => (Flags & flag) == flag;

    /// <summary>Reads a header from the first 9 bytes of <paramref name="source"/>. The reserved bit is ignored.</summary>
    /// <exception cref="ArgumentException">Fewer than 9 bytes were given.</exception>
    public static FrameHeader Read(ReadOnlySpan<byte> source)
    {
        if (source.Length < Size)
        {
            throw new ArgumentException("A frame header needs 9 bytes.", nameof(source));
        }

        return new FrameHeader(
            (source[0] << 16) | (source[1] << 8) | source[2],
            (FrameType)source[3],
            (FrameFlags)source[4],
            BinaryPrimitives.ReadUInt32BigEndian(source.Slice(5)) & MaxStreamId);
    }

    /// <summary>Reads a header when at least 9 bytes are available; returns false otherwise.</summary>
    public static bool TryRead(ReadOnlySpan<byte> source, out FrameHeader header)
    {
        if (source.Length < Size)
        {
            header = default;
            return false;
        }

        header = Read(source);
        return true;
    }

    /// <summary>Writes the header into the first 9 bytes of <paramref name="destination"/>; the reserved bit is 0.</summary>
    /// <exception cref="ArgumentException">The span is too small, the length exceeds 2^24-1 or the stream id exceeds 2^31-1.</exception>
    public void Write(Span<byte> destination) => Write(destination, Length, Type, Flags, StreamId);

    /// <summary>Writes a header from its parts without building a <see cref="FrameHeader"/> first.</summary>
    /// <exception cref="ArgumentException">The span is too small, the length exceeds 2^24-1 or the stream id exceeds 2^31-1.</exception>
    public static void Write(Span<byte> destination, int length, FrameType type, FrameFlags flags, uint streamId)
    {
        if ((uint)length > MaxLength)
        {
            throw new ArgumentOutOfRangeException(nameof(length), length, "A frame payload length must be between 0 and 2^24-1.");
        }

        if (streamId > MaxStreamId)
        {
            throw new ArgumentOutOfRangeException(nameof(streamId), streamId, "A stream identifier must not exceed 2^31-1.");
        }

        if (destination.Length < Size)
        {
            throw new ArgumentException("A frame header needs 9 bytes.", nameof(destination));
        }

        destination[0] = (byte)(length >> 16);
        destination[1] = (byte)(length >> 8);
        destination[2] = (byte)length;
        destination[3] = (byte)type;
        destination[4] = (byte)flags;
        BinaryPrimitives.WriteUInt32BigEndian(destination.Slice(5), streamId);
    }
}
