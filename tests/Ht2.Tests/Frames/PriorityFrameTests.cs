namespace Ht2.Tests.Frames;

public class PriorityFrameTests
{
    [Fact]
    public void Dependency_and_weight()
    {
        var frame = new PriorityFrame { StreamId = 7, StreamDependency = 5, Weight = 255 };
        FrameAssert.RoundTrips(frame, new byte[0],
            new byte[] { 0x00, 0x00, 0x05, 0x02, 0x00, 0x00, 0x00, 0x00, 0x07, 0x00, 0x00, 0x00, 0x05, 0xFF });
    }

    [Fact]
    public void Exclusive_bit_is_the_high_bit_of_the_dependency()
    {
        var frame = new PriorityFrame { StreamId = 9, Exclusive = true, StreamDependency = 0x7FFF_FFFF, Weight = 0 };
        FrameAssert.RoundTrips(frame, new byte[0],
            new byte[] { 0x00, 0x00, 0x05, 0x02, 0x00, 0x00, 0x00, 0x00, 0x09, 0xFF, 0xFF, 0xFF, 0xFF, 0x00 });
    }

    [Fact]
    public void Length_other_than_5_is_a_stream_frame_size_error() =>
        FrameAssert.Rejects<PriorityFrame>(
            new byte[] { 0x00, 0x00, 0x04, 0x02, 0x00, 0x00, 0x00, 0x00, 0x07, 0x00, 0x00, 0x00, 0x05 },
            Http2ErrorCode.FrameSizeError, ErrorScope.Stream, streamId: 7);

    [Fact]
    public void Stream_zero_is_a_connection_protocol_error() =>
        FrameAssert.Rejects<PriorityFrame>(
            new byte[] { 0x00, 0x00, 0x05, 0x02, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x05, 0xFF },
            Http2ErrorCode.ProtocolError, ErrorScope.Connection);
}
