using System;

namespace Ht2;

/// <summary>
/// Declares a frame layout. Put it on a <c>partial struct</c>; the Ht2 source generator then emits the
/// prefix writer, the validating parser, the frame's rules and the <see cref="IHt2Frame{TSelf}"/> implementation.
/// The struct's instance fields are the frame's fixed fields, in wire order; the variable part of the
/// payload (data, header block fragment, debug data, ...) is not a field: it travels as a separate span.
/// </summary>
/// <remarks>
/// Rules beyond the declared ones go in an optional hook that the reader, the parser and the writer call:
/// <c>static FrameError Validate(in FrameHeader header, in TFrame frame)</c> sees the fixed fields (the writer
/// refuses what it rejects), <c>static FrameError Validate(in FrameHeader header, in TFrame frame,
/// ReadOnlySpan&lt;byte&gt; variablePart)</c> also sees the variable part. When
/// <see cref="PayloadLengthMultipleOf"/> is above 1 the second form may be called several times per frame,
/// each time with a whole number of units (the reader does so when the payload spans buffer segments), so it
/// must check units independently.
/// </remarks>
[AttributeUsage(AttributeTargets.Struct, AllowMultiple = false, Inherited = false)]
public sealed class Ht2FrameAttribute : Attribute
{
    /// <summary>Declares one of the RFC 9113 frame types.</summary>
    public Ht2FrameAttribute(FrameType type) => Type = (byte)type;

    /// <summary>Declares an extension frame type by its byte value (for example 0x10 for PRIORITY_UPDATE).</summary>
    public Ht2FrameAttribute(byte type) => Type = type;

    /// <summary>The frame type byte.</summary>
    public byte Type { get; }

    /// <summary>The flags this frame type defines. Flag-conditional fields must name one of them.</summary>
    public FrameFlags Flags { get; set; }

    /// <summary>Which stream identifiers the frame may carry; see <see cref="StreamIdErrorScope"/> for a violation.</summary>
    public StreamIdRule StreamId { get; set; }

    /// <summary>
    /// How a frame on a stream <see cref="StreamId"/> forbids is treated: a PROTOCOL_ERROR connection error by
    /// default, a stream error, or <see cref="ErrorScope.Ignore"/> (ORIGIN on a stream, RFC 8336 §2.1).
    /// </summary>
    public ErrorScope StreamIdErrorScope { get; set; }

    /// <summary>When not -1, the exact payload length; any other length is a FRAME_SIZE_ERROR.</summary>
    public int PayloadLength { get; set; } = -1;

    /// <summary>When above 1, the payload length must be a multiple of it (FRAME_SIZE_ERROR otherwise).</summary>
    public int PayloadLengthMultipleOf { get; set; }

    /// <summary>Flags whose presence demands an empty payload (SETTINGS with ACK); a payload is a FRAME_SIZE_ERROR.</summary>
    public FrameFlags EmptyWithFlags { get; set; }

    /// <summary>
    /// How a FRAME_SIZE_ERROR of this frame is treated: connection by default, stream for PRIORITY, or
    /// <see cref="ErrorScope.Ignore"/> for an extension that says so.
    /// </summary>
    public ErrorScope SizeErrorScope { get; set; }
}
