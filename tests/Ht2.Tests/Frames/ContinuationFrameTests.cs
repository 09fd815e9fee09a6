namespace Ht2.Tests.Frames;

public class ContinuationFrameTests
{
    [Fact]
    public void Fragment_with_end_headers()
    {
        var frame = new ContinuationFrame { StreamId = 1, Flags = FrameFlags.EndHeaders };
        FrameAssert.RoundTrips(frame, new byte[] { 0x82, 0x86 },
            new byte[] { 0x00, 0x00, 0x02, 0x09, 0x04, 0x00, 0x00, 0x00, 0x01, 0x82, 0x86 });
    }

    [Fact]
    public void Empty_fragment_on_the_largest_stream()
    {
        var frame = new ContinuationFrame { StreamId = FrameHeader.MaxStreamId };
        FrameAssert.RoundTrips(frame, new byte[0],
            new byte[] { 0x00, 0x00, 0x00, 0x09, 0x00, 0x7F, 0xFF, 0xFF, 0xFF });
    }

    [Fact]
    public void Stream_zero_is_a_connection_protocol_error() =>
        FrameAssert.Rejects<ContinuationFrame>(
            new byte[] { 0x00, 0x00, 0x01, 0x09, 0x04, 0x00, 0x00, 0x00, 0x00, 0x82 },
            Http2ErrorCode.ProtocolError, ErrorScope.Connection);
}
