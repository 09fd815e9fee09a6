namespace Ht2.Tests.Frames;

public class RstStreamFrameTests
{
    [Fact]
    public void Error_code()
    {
        var frame = new RstStreamFrame { StreamId = 1, ErrorCode = Http2ErrorCode.Cancel };
        FrameAssert.RoundTrips(frame, new byte[0],
            new byte[] { 0x00, 0x00, 0x04, 0x03, 0x00, 0x00, 0x00, 0x00, 0x01, 0x00, 0x00, 0x00, 0x08 });
    }

    [Fact]
    public void Unknown_error_codes_round_trip()
    {
        var frame = new RstStreamFrame { StreamId = 3, ErrorCode = (Http2ErrorCode)0xFFFF_FFFF };
        FrameAssert.RoundTrips(frame, new byte[0],
            new byte[] { 0x00, 0x00, 0x04, 0x03, 0x00, 0x00, 0x00, 0x00, 0x03, 0xFF, 0xFF, 0xFF, 0xFF });
    }

    [Fact]
    public void Length_other_than_4_is_a_connection_frame_size_error() =>
        FrameAssert.Rejects<RstStreamFrame>(
            new byte[] { 0x00, 0x00, 0x05, 0x03, 0x00, 0x00, 0x00, 0x00, 0x01, 0x00, 0x00, 0x00, 0x08, 0x00 },
            Http2ErrorCode.FrameSizeError, ErrorScope.Connection);

    [Fact]
    public void Stream_zero_is_a_connection_protocol_error() =>
        FrameAssert.Rejects<RstStreamFrame>(
            new byte[] { 0x00, 0x00, 0x04, 0x03, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x08 },
            Http2ErrorCode.ProtocolError, ErrorScope.Connection);
}
