namespace Ht2;

//  +---------------------------------------------------------------+
//  |                        Error Code (32)                        |
//  +---------------------------------------------------------------+
//  RFC 9113 §6.4. No flags. Never on stream 0. Length 4.

/// <summary>An RST_STREAM frame (RFC 9113 §6.4).</summary>
[Ht2Frame(FrameType.RstStream, StreamId = StreamIdRule.NonZero, PayloadLength = 4)]
public partial struct RstStreamFrame
{
    /// <summary>Why the stream is being reset.</summary>
    public Http2ErrorCode ErrorCode;
}
