namespace Ht2;

//  +---------------+
//  |Pad Length? (8)|
//  +---------------+-----------------------------------------------+
//  |                            Data (*)                         ...
//  +---------------------------------------------------------------+
//  |                           Padding (*)                       ...
//  +---------------------------------------------------------------+
//  RFC 9113 §6.1. Flags: END_STREAM (0x1), PADDED (0x8). Never on stream 0.

/// <summary>A DATA frame (RFC 9113 §6.1): the variable part is the data, followed by <see cref="PadLength"/> zero bytes when PADDED.</summary>
[Ht2Frame(FrameType.Data, Flags = FrameFlags.EndStream | FrameFlags.Padded, StreamId = StreamIdRule.NonZero)]
public partial struct DataFrame
{
    /// <summary>The number of padding bytes after the data; on the wire only when PADDED is set.</summary>
    [Ht2PadLength]
    public byte PadLength;
}
