namespace Ht2;

//  +---------------+
//  |Pad Length? (8)|
//  +-+-------------+-----------------------------------------------+
//  |R|                  Promised Stream ID (31)                    |
//  +-+-----------------------------+-------------------------------+
//  |                   Field Block Fragment (*)                  ...
//  +---------------------------------------------------------------+
//  |                           Padding (*)                       ...
//  +---------------------------------------------------------------+
//  RFC 9113 §6.6. Flags: END_HEADERS (0x4), PADDED (0x8). Never on stream 0.

/// <summary>A PUSH_PROMISE frame (RFC 9113 §6.6): the variable part is the field block fragment.</summary>
[Ht2Frame(FrameType.PushPromise, Flags = FrameFlags.EndHeaders | FrameFlags.Padded, StreamId = StreamIdRule.NonZero)]
public partial struct PushPromiseFrame
{
    /// <summary>The number of padding bytes after the fragment; on the wire only when PADDED is set.</summary>
    [Ht2PadLength]
    public byte PadLength;

    /// <summary>The stream the sender reserves (31 bits).</summary>
    [Ht2Bits(31)]
    public uint PromisedStreamId;

    // A promise of stream 0 can never be valid: stream 0 is the connection (§5.1.1). Whether a non-zero id is a
    // valid next stream depends on connection state, which the connection checks.
    // Inlined: every prefix write runs it, and its passing path is one compare.
    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveInlining)]
    private static FrameError Validate(in FrameHeader header, in PushPromiseFrame frame) =>
        frame.PromisedStreamId == 0
            ? FrameError.Connection(Http2ErrorCode.ProtocolError, "PUSH_PROMISE promises stream 0.")
            : default;
}
