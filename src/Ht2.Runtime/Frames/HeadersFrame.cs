namespace Ht2;

//  +---------------+
//  |Pad Length? (8)|
//  +-+-------------+-----------------------------------------------+
//  |E|                 Stream Dependency? (31)                     |
//  +-+-------------+-----------------------------------------------+
//  |  Weight? (8)  |
//  +-+-------------+-----------------------------------------------+
//  |                   Field Block Fragment (*)                  ...
//  +---------------------------------------------------------------+
//  |                           Padding (*)                       ...
//  +---------------------------------------------------------------+
//  RFC 9113 §6.2. Flags: END_STREAM (0x1), END_HEADERS (0x4), PADDED (0x8), PRIORITY (0x20). Never on stream 0.

/// <summary>A HEADERS frame (RFC 9113 §6.2): the variable part is the field block fragment.</summary>
[Ht2Frame(FrameType.Headers, Flags = FrameFlags.EndStream | FrameFlags.EndHeaders | FrameFlags.Padded | FrameFlags.Priority, StreamId = StreamIdRule.NonZero)]
public partial struct HeadersFrame
{
    /// <summary>The number of padding bytes after the fragment; on the wire only when PADDED is set.</summary>
    [Ht2PadLength]
    public byte PadLength;

    /// <summary>The exclusive bit of the stream dependency; on the wire only when PRIORITY is set.</summary>
    [Ht2WhenFlag(FrameFlags.Priority), Ht2Bits(1)]
    public bool Exclusive;

    /// <summary>The stream this one depends on (31 bits); on the wire only when PRIORITY is set.</summary>
    [Ht2WhenFlag(FrameFlags.Priority), Ht2Bits(31)]
    public uint StreamDependency;

    /// <summary>The priority weight minus one (0..255); on the wire only when PRIORITY is set.</summary>
    [Ht2WhenFlag(FrameFlags.Priority)]
    public byte Weight;
}
