namespace Ht2;

//  +-+-------------------------------------------------------------+
//  |E|                  Stream Dependency (31)                     |
//  +-+-------------+-----------------------------------------------+
//  |   Weight (8)  |
//  +-+-------------+
//  RFC 9113 §6.3 (deprecated, still parsed). No flags. Never on stream 0. Length 5, else a stream FRAME_SIZE_ERROR.

/// <summary>A PRIORITY frame (RFC 9113 §6.3).</summary>
[Ht2Frame(FrameType.Priority, StreamId = StreamIdRule.NonZero, PayloadLength = 5, SizeErrorScope = ErrorScope.Stream)]
public partial struct PriorityFrame
{
    /// <summary>The exclusive bit of the stream dependency.</summary>
    [Ht2Bits(1)]
    public bool Exclusive;

    /// <summary>The stream this one depends on (31 bits).</summary>
    [Ht2Bits(31)]
    public uint StreamDependency;

    /// <summary>The priority weight minus one (0..255).</summary>
    public byte Weight;
}
