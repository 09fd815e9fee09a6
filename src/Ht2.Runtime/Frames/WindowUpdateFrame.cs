namespace Ht2;

//  +-+-------------------------------------------------------------+
//  |R|              Window Size Increment (31)                     |
//  +-+-------------------------------------------------------------+
//  RFC 9113 §6.9. No flags. Any stream. Length 4.

/// <summary>A WINDOW_UPDATE frame (RFC 9113 §6.9).</summary>
[Ht2Frame(FrameType.WindowUpdate, PayloadLength = 4)]
public partial struct WindowUpdateFrame
{
    /// <summary>The flow-control credit added (1..2^31-1).</summary>
    [Ht2Bits(31)]
    public uint WindowSizeIncrement;

    // An increment of 0 is a PROTOCOL_ERROR: a stream error on a stream, a connection error on stream 0 (§6.9).
    // The reserved high bit is masked off when the field is read, so 0x80000000 is an increment of 0.
    // Inlined: every prefix write runs it, and its passing path is one compare.
    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveInlining)]
    private static FrameError Validate(in FrameHeader header, in WindowUpdateFrame frame)
    {
        if (frame.WindowSizeIncrement != 0)
        {
            return default;
        }

        return header.StreamId == 0
            ? FrameError.Connection(Http2ErrorCode.ProtocolError, "WINDOW_UPDATE increment of 0 on the connection.")
            : FrameError.Stream(Http2ErrorCode.ProtocolError, header.StreamId, "WINDOW_UPDATE increment of 0.");
    }
}
