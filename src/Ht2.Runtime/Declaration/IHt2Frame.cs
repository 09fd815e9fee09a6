using System;

namespace Ht2;

/// <summary>
/// What the Ht2 generator implements for every <see cref="Ht2FrameAttribute"/> struct, so that generic writers
/// and readers take any frame type without boxing. The prefix is the 9-byte header plus the fixed fields; the
/// variable part and the padding follow it on the wire but are never copied into it.
/// </summary>
/// <typeparam name="TSelf">The frame struct itself.</typeparam>
public interface IHt2Frame<TSelf> where TSelf : struct, IHt2Frame<TSelf>
{
    /// <summary>The frame type byte.</summary>
    static abstract FrameType FrameType { get; }

    /// <summary>An upper bound of <see cref="PrefixLength"/> for every flag combination; a compile-time constant.</summary>
    static abstract int MaxPrefixLength { get; }

    /// <summary>The stream identifier written into the header.</summary>
    uint StreamId { get; set; }

    /// <summary>The flags written into the header; they decide which conditional fields are present.</summary>
    FrameFlags Flags { get; set; }

    /// <summary>The length of the fixed fields present under the current flags.</summary>
    int FixedLength { get; }

    /// <summary>The header plus the fixed fields present under the current flags.</summary>
    int PrefixLength { get; }

    /// <summary>The number of zero padding bytes that follow the variable part (0 when not padded).</summary>
    int PaddingLength { get; }

    /// <summary>The payload length announced in the header for a variable part of <paramref name="variableLength"/> bytes.</summary>
    int GetPayloadLength(int variableLength);

    /// <summary>Writes the header and the fixed fields; returns the bytes written (<see cref="PrefixLength"/>).</summary>
    /// <exception cref="ArgumentException">The destination is too small or the frame's values cannot be encoded.</exception>
    int WritePrefix(Span<byte> destination, int variableLength);

    /// <summary>Writes the header and the fixed fields; returns false, writing nothing, when the span is too small.</summary>
    /// <exception cref="ArgumentException">The frame's values cannot be encoded (length above 2^24-1, stream id above 2^31-1).</exception>
    bool TryWritePrefix(Span<byte> destination, int variableLength, out int bytesWritten);

    /// <summary>
    /// Parses and validates a frame whose header has been read; <paramref name="payload"/> is exactly the payload.
    /// Returns false with the RFC 9113 error in <paramref name="error"/> when the frame breaks a rule.
    /// </summary>
    static abstract bool TryParse(in FrameHeader header, ReadOnlySpan<byte> payload, out TSelf frame, out ReadOnlySpan<byte> variablePart, out FrameError error);

    /// <summary>Parses and validates a frame, throwing <see cref="Ht2ProtocolException"/> when it breaks a rule.</summary>
    static abstract TSelf Parse(in FrameHeader header, ReadOnlySpan<byte> payload, out ReadOnlySpan<byte> variablePart);
}
