using System;

namespace Ht2;

/// <summary>
/// A frame returned by <see cref="Ht2Connection.ReadFrameAsync"/>: its header and payload. The payload is a
/// slice of the connection's pooled receive buffer and is valid only until the next read on that connection;
/// copy what must live longer.
/// </summary>
public readonly struct ReceivedFrame
{
    internal ReceivedFrame(in FrameHeader header, ReadOnlyMemory<byte> payload)
    {
        Header = header;
        Payload = payload;
    }

    /// <summary>The value returned when the peer closed the connection cleanly between frames.</summary>
    public static ReceivedFrame EndOfStream => new(default, default, endOfStream: true);

    private ReceivedFrame(in FrameHeader header, ReadOnlyMemory<byte> payload, bool endOfStream)
    {
        Header = header;
        Payload = payload;
        IsEndOfStream = endOfStream;
    }

    /// <summary>The frame header.</summary>
    public FrameHeader Header { get; }

    /// <summary>The whole payload (fixed fields, variable part, padding); valid until the next read.</summary>
    public ReadOnlyMemory<byte> Payload { get; }

    /// <summary>True when the peer closed the connection at a frame boundary; the other members are empty then.</summary>
    public bool IsEndOfStream { get; }

    /// <summary>The frame type.</summary>
    public FrameType Type => Header.Type;

    /// <summary>The stream id.</summary>
    public uint StreamId => Header.StreamId;

    /// <summary>Parses the frame as <typeparamref name="TFrame"/> (already validated by the reader).</summary>
    /// <exception cref="ArgumentException">The frame is of another type.</exception>
    public TFrame Parse<TFrame>(out ReadOnlySpan<byte> variablePart)
        where TFrame : struct, IHt2Frame<TFrame>
    {
        // The parser's out span is scoped to its 'in' header; re-slice the payload from the parsed lengths instead.
        FrameHeader header = Header;
        ReadOnlySpan<byte> payload = Payload.Span;
        TFrame frame = TFrame.Parse(in header, payload, out _);
        variablePart = payload.Slice(frame.FixedLength, payload.Length - frame.FixedLength - frame.PaddingLength);
        return frame;
    }
}
