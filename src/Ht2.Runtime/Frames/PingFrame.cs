namespace Ht2;

//  +---------------------------------------------------------------+
//  |                                                               |
//  |                      Opaque Data (64)                         |
//  |                                                               |
//  +---------------------------------------------------------------+
//  RFC 9113 §6.7. Flags: ACK (0x1). Stream 0 only. Length 8.

/// <summary>A PING frame (RFC 9113 §6.7).</summary>
[Ht2Frame(FrameType.Ping, Flags = FrameFlags.Ack, StreamId = StreamIdRule.Zero, PayloadLength = 8)]
public partial struct PingFrame
{
    /// <summary>The 8 opaque bytes, read and written big-endian so that they round-trip exactly.</summary>
    public ulong OpaqueData;
}
