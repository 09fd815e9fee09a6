namespace Ht2;

//  +-+-------------------------------------------------------------+
//  |R|                  Last-Stream-ID (31)                        |
//  +-+-------------------------------------------------------------+
//  |                      Error Code (32)                          |
//  +---------------------------------------------------------------+
//  |                  Additional Debug Data (*)                    |
//  +---------------------------------------------------------------+
//  RFC 9113 §6.8. No flags. Stream 0 only. The variable part is the debug data.

/// <summary>A GOAWAY frame (RFC 9113 §6.8): the variable part is the additional debug data.</summary>
[Ht2Frame(FrameType.GoAway, StreamId = StreamIdRule.Zero)]
public partial struct GoAwayFrame
{
    /// <summary>The highest stream the sender may have processed (31 bits).</summary>
    [Ht2Bits(31)]
    public uint LastStreamId;

    /// <summary>Why the connection is being closed.</summary>
    public Http2ErrorCode ErrorCode;
}
