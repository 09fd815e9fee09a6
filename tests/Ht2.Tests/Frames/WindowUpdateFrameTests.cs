namespace Ht2.Tests.Frames;

public class WindowUpdateFrameTests
{
    [Fact]
    public void Largest_increment_on_the_connection()
    {
        var frame = new WindowUpdateFrame { WindowSizeIncrement = 0x7FFF_FFFF };
        FrameAssert.RoundTrips(frame, new byte[0],
            new byte[] { 0x00, 0x00, 0x04, 0x08, 0x00, 0x00, 0x00, 0x00, 0x00, 0x7F, 0xFF, 0xFF, 0xFF });
    }

    [Fact]
    public void Reserved_bit_of_increment_is_ignored()
    {
        byte[] wire = { 0x00, 0x00, 0x04, 0x08, 0x00, 0x00, 0x00, 0x00, 0x03, 0x80, 0x00, 0x00, 0x64 };
        Assert.Equal(100u, FrameBytes.Parse<WindowUpdateFrame>(wire, out _).WindowSizeIncrement);
    }

    [Fact]
    public void Zero_increment_on_a_stream_is_a_stream_protocol_error() =>
        FrameAssert.Rejects<WindowUpdateFrame>(
            new byte[] { 0x00, 0x00, 0x04, 0x08, 0x00, 0x00, 0x00, 0x00, 0x03, 0x00, 0x00, 0x00, 0x00 },
            Http2ErrorCode.ProtocolError, ErrorScope.Stream, streamId: 3);

    [Fact]
    public void Zero_increment_on_the_connection_is_a_connection_protocol_error() =>
        FrameAssert.Rejects<WindowUpdateFrame>(
            new byte[] { 0x00, 0x00, 0x04, 0x08, 0x00, 0x00, 0x00, 0x00, 0x00, 0x80, 0x00, 0x00, 0x00 },
            Http2ErrorCode.ProtocolError, ErrorScope.Connection);

    [Fact]
    public void Length_other_than_4_is_a_connection_frame_size_error() =>
        FrameAssert.Rejects<WindowUpdateFrame>(
            new byte[] { 0x00, 0x00, 0x03, 0x08, 0x00, 0x00, 0x00, 0x00, 0x01, 0x00, 0x00, 0x01 },
            Http2ErrorCode.FrameSizeError, ErrorScope.Connection);

    [Fact]
    public void Zero_increment_reasons_say_which_scope()
    {
        byte[] onStream = { 0x00, 0x00, 0x04, 0x08, 0x00, 0x00, 0x00, 0x00, 0x03, 0x00, 0x00, 0x00, 0x00 };
        byte[] onConnection = { 0x00, 0x00, 0x04, 0x08, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00 };
        Assert.Equal("WINDOW_UPDATE increment of 0.", FrameBytes.ParseError<WindowUpdateFrame>(onStream).Reason);
        Assert.Equal("WINDOW_UPDATE increment of 0 on the connection.", FrameBytes.ParseError<WindowUpdateFrame>(onConnection).Reason);
    }

    [Fact]
    public void Increment_of_1_on_a_stream_is_legal()
    {
        var frame = new WindowUpdateFrame { StreamId = 5, WindowSizeIncrement = 1 };
        FrameAssert.RoundTrips(frame, new byte[0],
            new byte[] { 0x00, 0x00, 0x04, 0x08, 0x00, 0x00, 0x00, 0x00, 0x05, 0x00, 0x00, 0x00, 0x01 });
    }
}
