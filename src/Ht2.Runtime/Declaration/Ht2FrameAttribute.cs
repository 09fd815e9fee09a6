using System;

namespace Ht2;

/// <summary>
/// Declares a frame layout. Put it on a <c>partial struct</c>; the Ht2 source generator then emits the
/// prefix writer, the validating parser and the <see cref="IHt2Frame{TSelf}"/> implementation.
/// The struct's instance fields are the frame's fixed fields, in wire order; the variable part of the
/// payload (data, header block fragment, debug data, ...) is not a field: it travels as a separate span.
/// </summary>
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

    /// <summary>Which stream identifiers the frame may carry; violations are PROTOCOL_ERROR connection errors.</summary>
    public StreamIdRule StreamId { get; set; }

    /// <summary>When not -1, the exact payload length; any other length is a FRAME_SIZE_ERROR.</summary>
    public int PayloadLength { get; set; } = -1;

    /// <summary>When above 1, the payload length must be a multiple of it (FRAME_SIZE_ERROR otherwise).</summary>
    public int PayloadLengthMultipleOf { get; set; }

    /// <summary>The scope of a FRAME_SIZE_ERROR for this frame: connection by default, stream for PRIORITY.</summary>
    public ErrorScope SizeErrorScope { get; set; }
}
