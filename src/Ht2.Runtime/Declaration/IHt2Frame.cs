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
    /// <exception cref="ArgumentException">
    /// The destination is too small, the frame's values cannot be encoded, or the frame breaks a rule of its type
    /// that a reader would refuse (stream id, payload length, fixed-field <c>Validate</c> hook).
    /// </exception>
    int WritePrefix(Span<byte> destination, int variableLength);

    /// <summary>Writes the header and the fixed fields; returns false, writing nothing, when the span is too small.</summary>
    /// <exception cref="ArgumentException">
    /// The frame's values cannot be encoded (length above 2^24-1, stream id above 2^31-1) or the frame breaks a
    /// rule of its type that a reader would refuse (stream id, payload length, fixed-field <c>Validate</c> hook).
    /// </exception>
    bool TryWritePrefix(Span<byte> destination, int variableLength, out int bytesWritten);

    /// <summary>
    /// Parses and validates a frame whose header has been read; <paramref name="payload"/> is exactly the payload.
    /// Returns false with the RFC 9113 error in <paramref name="error"/> when the frame breaks a rule.
    /// </summary>
    static abstract bool TryParse(in FrameHeader header, ReadOnlySpan<byte> payload, out TSelf frame, out ReadOnlySpan<byte> variablePart, out FrameError error);

    /// <summary>Parses and validates a frame, throwing <see cref="Ht2ProtocolException"/> when it breaks a rule.</summary>
    static abstract TSelf Parse(in FrameHeader header, ReadOnlySpan<byte> payload, out ReadOnlySpan<byte> variablePart);

    // The rule members below are generated for every [Ht2Frame] struct; their defaults (no rule) keep a
    // hand-written implementation of this interface compiling, and such a frame is checked by nothing.

    /// <summary>
    /// The rules the 9-byte header decides alone: the stream id rule, exact, multiple-of and flag-dependent
    /// minimum lengths, flags that demand an empty payload. The header's type must be this frame's; the local
    /// maximum frame size is the reader's business. A connection error here lets a reader refuse the frame
    /// before buffering its payload; other scopes concern the whole frame and are reported once it is read.
    /// </summary>
    static virtual FrameError CheckHeader(in FrameHeader header) => default;

    /// <summary>How many leading payload bytes <see cref="CheckPrefix"/> reads at most (0 when it reads none); a constant.</summary>
    static virtual int CheckedPrefixLength => 0;

    /// <summary>
    /// The rules that need the first payload bytes once <see cref="CheckHeader"/> passed: padding against the
    /// length and the fixed-field <c>Validate</c> hook. <paramref name="prefix"/> holds the first
    /// min(<see cref="CheckedPrefixLength"/>, length) payload bytes.
    /// </summary>
    static virtual FrameError CheckPrefix(in FrameHeader header, ReadOnlySpan<byte> prefix) => default;

    /// <summary>
    /// 0 when no rule reads the variable part; 1 when one does and needs it whole; n above 1 when it may be handed
    /// any run of whole n-byte units (the declared PayloadLengthMultipleOf), so a segmented payload needs no copy.
    /// </summary>
    static virtual int VariablePartUnit => 0;

    /// <summary>
    /// Where the variable part lies in the payload, from the header and the prefix <see cref="CheckPrefix"/> accepted:
    /// after the fixed fields present under the flags, before the padding.
    /// </summary>
    static virtual void GetVariablePart(in FrameHeader header, ReadOnlySpan<byte> prefix, out int offset, out int length)
    {
        offset = 0;
        length = header.Length;
    }

    /// <summary>
    /// The rules that read the variable part (the <c>Validate</c> hook that takes it), over <paramref name="variablePart"/>:
    /// the whole variable part, or a run of whole units when <see cref="VariablePartUnit"/> is above 1.
    /// <paramref name="prefix"/> is what <see cref="CheckPrefix"/> accepted.
    /// </summary>
    static virtual FrameError CheckVariablePart(in FrameHeader header, ReadOnlySpan<byte> prefix, ReadOnlySpan<byte> variablePart) => default;
}
