using System;
using System.Buffers.Binary;
using System.Runtime.CompilerServices;

namespace Ht2.Benchmarks.MultiFrame;

/// <summary>A hand-written prefix serializer for one frame type, used through a generic (specialised, inlinable) call.</summary>
public interface IHandWrittenPrefix<TFrame>
    where TFrame : struct
{
    static abstract int Write(Span<byte> destination, in TFrame frame, int variableLength);
}

/// <summary>
/// What a competent engineer writes by hand with BinaryPrimitives: the same checks as the generated
/// serializer (variable length, 24-bit payload length, 31-bit stream ids, destination size, all throwing), one
/// big-endian store for length+type, one for the stream id, one per fixed field; no unsafe code.
/// </summary>
public static class HandWrittenPrefix
{
    private const uint MaxLength = 0xFF_FFFF;
    private const uint MaxStreamId = 0x7FFF_FFFF;

    /// <summary>Checks, then writes the 9-byte header. <paramref name="fixedAndPadding"/> is the payload beyond the variable part.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Header(Span<byte> d, int prefixLength, int fixedAndPadding, int variableLength, FrameType type, FrameFlags flags, uint streamId)
    {
        // One unsigned compare rejects a negative variable length and a payload above 2^24-1.
        if ((uint)variableLength > MaxLength - (uint)fixedAndPadding)
        {
            ThrowLength(variableLength);
        }

        if (streamId > MaxStreamId)
        {
            ThrowStreamId(streamId);
        }

        if (d.Length < prefixLength)
        {
            ThrowDestination();
        }

        uint length = (uint)(variableLength + fixedAndPadding);
        BinaryPrimitives.WriteUInt32BigEndian(d, (length << 8) | (byte)type);
        d[4] = (byte)flags;
        BinaryPrimitives.WriteUInt32BigEndian(d.Slice(5), streamId);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static uint Check31(uint value)
    {
        if (value > MaxStreamId)
        {
            ThrowStreamId(value);
        }

        return value;
    }

    private static void ThrowLength(int variableLength) =>
        throw new ArgumentOutOfRangeException(nameof(variableLength), variableLength, "The payload must be 0..2^24-1 bytes.");

    private static void ThrowStreamId(uint value) =>
        throw new ArgumentOutOfRangeException(nameof(value), value, "A 31-bit field must not exceed 2^31-1.");

    private static void ThrowDestination() =>
        throw new ArgumentException("The destination is smaller than the frame prefix.", "destination");

    public readonly struct Data : IHandWrittenPrefix<DataFrame>
    {
        public static int Write(Span<byte> d, in DataFrame f, int variableLength)
        {
            if ((f.Flags & FrameFlags.Padded) == 0)
            {
                Header(d, 9, 0, variableLength, FrameType.Data, f.Flags, f.StreamId);
                return 9;
            }

            Header(d, 10, 1 + f.PadLength, variableLength, FrameType.Data, f.Flags, f.StreamId);
            d[9] = f.PadLength;
            return 10;
        }
    }

    public readonly struct Headers : IHandWrittenPrefix<HeadersFrame>
    {
        public static int Write(Span<byte> d, in HeadersFrame f, int variableLength)
        {
            FrameFlags flags = f.Flags;
            bool padded = (flags & FrameFlags.Padded) != 0;
            bool priority = (flags & FrameFlags.Priority) != 0;
            int fixedLength = (padded ? 1 : 0) + (priority ? 5 : 0);
            int prefixLength = 9 + fixedLength;
            Header(d, prefixLength, fixedLength + (padded ? f.PadLength : 0), variableLength, FrameType.Headers, flags, f.StreamId);
            int offset = 9;
            if (padded)
            {
                d[offset++] = f.PadLength;
            }

            if (priority)
            {
                BinaryPrimitives.WriteUInt32BigEndian(d.Slice(offset), Check31(f.StreamDependency) | (f.Exclusive ? 0x8000_0000u : 0u));
                d[offset + 4] = f.Weight;
            }

            return prefixLength;
        }
    }

    public readonly struct Priority : IHandWrittenPrefix<PriorityFrame>
    {
        public static int Write(Span<byte> d, in PriorityFrame f, int variableLength)
        {
            Header(d, 14, 5, variableLength, FrameType.Priority, f.Flags, f.StreamId);
            BinaryPrimitives.WriteUInt32BigEndian(d.Slice(9), Check31(f.StreamDependency) | (f.Exclusive ? 0x8000_0000u : 0u));
            d[13] = f.Weight;
            return 14;
        }
    }

    public readonly struct RstStream : IHandWrittenPrefix<RstStreamFrame>
    {
        public static int Write(Span<byte> d, in RstStreamFrame f, int variableLength)
        {
            Header(d, 13, 4, variableLength, FrameType.RstStream, f.Flags, f.StreamId);
            BinaryPrimitives.WriteUInt32BigEndian(d.Slice(9), (uint)f.ErrorCode);
            return 13;
        }
    }

    public readonly struct Settings : IHandWrittenPrefix<SettingsFrame>
    {
        public static int Write(Span<byte> d, in SettingsFrame f, int variableLength)
        {
            Header(d, 9, 0, variableLength, FrameType.Settings, f.Flags, f.StreamId);
            return 9;
        }
    }

    public readonly struct PushPromise : IHandWrittenPrefix<PushPromiseFrame>
    {
        public static int Write(Span<byte> d, in PushPromiseFrame f, int variableLength)
        {
            bool padded = (f.Flags & FrameFlags.Padded) != 0;
            int prefixLength = padded ? 14 : 13;
            Header(d, prefixLength, (padded ? 5 + f.PadLength : 4), variableLength, FrameType.PushPromise, f.Flags, f.StreamId);
            int offset = 9;
            if (padded)
            {
                d[offset++] = f.PadLength;
            }

            BinaryPrimitives.WriteUInt32BigEndian(d.Slice(offset), Check31(f.PromisedStreamId));
            return prefixLength;
        }
    }

    public readonly struct Ping : IHandWrittenPrefix<PingFrame>
    {
        public static int Write(Span<byte> d, in PingFrame f, int variableLength)
        {
            Header(d, 17, 8, variableLength, FrameType.Ping, f.Flags, f.StreamId);
            BinaryPrimitives.WriteUInt64BigEndian(d.Slice(9), f.OpaqueData);
            return 17;
        }
    }

    public readonly struct GoAway : IHandWrittenPrefix<GoAwayFrame>
    {
        public static int Write(Span<byte> d, in GoAwayFrame f, int variableLength)
        {
            Header(d, 17, 8, variableLength, FrameType.GoAway, f.Flags, f.StreamId);
            BinaryPrimitives.WriteUInt32BigEndian(d.Slice(9), Check31(f.LastStreamId));
            BinaryPrimitives.WriteUInt32BigEndian(d.Slice(13), (uint)f.ErrorCode);
            return 17;
        }
    }

    public readonly struct WindowUpdate : IHandWrittenPrefix<WindowUpdateFrame>
    {
        public static int Write(Span<byte> d, in WindowUpdateFrame f, int variableLength)
        {
            Header(d, 13, 4, variableLength, FrameType.WindowUpdate, f.Flags, f.StreamId);
            BinaryPrimitives.WriteUInt32BigEndian(d.Slice(9), Check31(f.WindowSizeIncrement));
            return 13;
        }
    }

    public readonly struct Continuation : IHandWrittenPrefix<ContinuationFrame>
    {
        public static int Write(Span<byte> d, in ContinuationFrame f, int variableLength)
        {
            Header(d, 9, 0, variableLength, FrameType.Continuation, f.Flags, f.StreamId);
            return 9;
        }
    }
}
