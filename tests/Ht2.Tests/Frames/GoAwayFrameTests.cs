namespace Ht2.Tests.Frames;

public class GoAwayFrameTests
{
    [Fact]
    public void Last_stream_error_code_and_debug_data()
    {
        var frame = new GoAwayFrame { LastStreamId = 0x7FFF_FFFF, ErrorCode = Http2ErrorCode.EnhanceYourCalm };
        FrameAssert.RoundTrips(frame, "x"u8.ToArray(), new byte[]
        {
            0x00, 0x00, 0x09, 0x07, 0x00, 0x00, 0x00, 0x00, 0x00,
            0x7F, 0xFF, 0xFF, 0xFF, 0x00, 0x00, 0x00, 0x0B, 0x78,
        });
    }

    [Fact]
    public void Reserved_bit_of_last_stream_is_ignored()
    {
        byte[] wire = { 0x00, 0x00, 0x08, 0x07, 0x00, 0x00, 0x00, 0x00, 0x00, 0x80, 0x00, 0x00, 0x05, 0x00, 0x00, 0x00, 0x00 };
        GoAwayFrame frame = FrameBytes.Parse<GoAwayFrame>(wire, out byte[] debug);
        Assert.Equal(5u, frame.LastStreamId);
        Assert.Equal(Http2ErrorCode.NoError, frame.ErrorCode);
        Assert.Empty(debug);
    }

    [Fact]
    public void Shorter_than_8_bytes_is_a_connection_frame_size_error() =>
        FrameAssert.Rejects<GoAwayFrame>(
            new byte[] { 0x00, 0x00, 0x07, 0x07, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x05, 0x00, 0x00, 0x00 },
            Http2ErrorCode.FrameSizeError, ErrorScope.Connection);

    [Fact]
    public void Non_zero_stream_is_a_connection_protocol_error() =>
        FrameAssert.Rejects<GoAwayFrame>(
            new byte[] { 0x00, 0x00, 0x08, 0x07, 0x00, 0x00, 0x00, 0x00, 0x03, 0x00, 0x00, 0x00, 0x05, 0x00, 0x00, 0x00, 0x00 },
            Http2ErrorCode.ProtocolError, ErrorScope.Connection);
}
