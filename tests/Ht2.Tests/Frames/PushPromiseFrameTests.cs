namespace Ht2.Tests.Frames;

public class PushPromiseFrameTests
{
    [Fact]
    public void Padded_promise()
    {
        var frame = new PushPromiseFrame { StreamId = 1, Flags = FrameFlags.EndHeaders | FrameFlags.Padded, PadLength = 2, PromisedStreamId = 2 };
        FrameAssert.RoundTrips(frame, new byte[] { 0x82 }, new byte[]
        {
            0x00, 0x00, 0x08, 0x05, 0x0C, 0x00, 0x00, 0x00, 0x01,
            0x02, 0x00, 0x00, 0x00, 0x02, 0x82, 0x00, 0x00,
        });
    }

    [Fact]
    public void Reserved_bit_of_the_promised_stream_is_ignored()
    {
        byte[] wire = { 0x00, 0x00, 0x04, 0x05, 0x04, 0x00, 0x00, 0x00, 0x01, 0x80, 0x00, 0x00, 0x04 };
        Assert.Equal(4u, FrameBytes.Parse<PushPromiseFrame>(wire, out _).PromisedStreamId);
    }

    [Fact]
    public void Promising_stream_zero_is_a_protocol_error() =>
        FrameAssert.Rejects<PushPromiseFrame>(
            new byte[] { 0x00, 0x00, 0x04, 0x05, 0x04, 0x00, 0x00, 0x00, 0x01, 0x00, 0x00, 0x00, 0x00 },
            Http2ErrorCode.ProtocolError, ErrorScope.Connection);

    [Fact]
    public void Short_payload_is_a_frame_size_error() =>
        FrameAssert.Rejects<PushPromiseFrame>(
            new byte[] { 0x00, 0x00, 0x03, 0x05, 0x04, 0x00, 0x00, 0x00, 0x01, 0x00, 0x00, 0x02 },
            Http2ErrorCode.FrameSizeError, ErrorScope.Connection);

    [Fact]
    public void Stream_zero_is_a_connection_protocol_error() =>
        FrameAssert.Rejects<PushPromiseFrame>(
            new byte[] { 0x00, 0x00, 0x04, 0x05, 0x04, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x02 },
            Http2ErrorCode.ProtocolError, ErrorScope.Connection);

    [Fact]
    public void Promising_stream_zero_gives_its_reason()
    {
        byte[] wire = { 0x00, 0x00, 0x04, 0x05, 0x04, 0x00, 0x00, 0x00, 0x01, 0x00, 0x00, 0x00, 0x00 };
        Assert.Equal("PUSH_PROMISE promises stream 0.", FrameBytes.ParseError<PushPromiseFrame>(wire).Reason);
    }

    [Fact]
    public void Promising_stream_1_is_legal()
    {
        var frame = new PushPromiseFrame { StreamId = 3, Flags = FrameFlags.EndHeaders, PromisedStreamId = 1 };
        FrameAssert.RoundTrips(frame, new byte[] { 0x82 }, new byte[]
        {
            0x00, 0x00, 0x05, 0x05, 0x04, 0x00, 0x00, 0x00, 0x03,
            0x00, 0x00, 0x00, 0x01, 0x82,
        });
    }
}
