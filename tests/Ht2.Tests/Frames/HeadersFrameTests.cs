namespace Ht2.Tests.Frames;

public class HeadersFrameTests
{
    [Fact]
    public void Fragment_only()
    {
        var frame = new HeadersFrame { StreamId = 1, Flags = FrameFlags.EndHeaders };
        FrameAssert.RoundTrips(frame, new byte[] { 0x82 },
            new byte[] { 0x00, 0x00, 0x01, 0x01, 0x04, 0x00, 0x00, 0x00, 0x01, 0x82 });
    }

    [Fact]
    public void Padding_and_priority_with_exclusive_bit()
    {
        var frame = new HeadersFrame
        {
            StreamId = 5,
            Flags = FrameFlags.EndStream | FrameFlags.EndHeaders | FrameFlags.Padded | FrameFlags.Priority,
            PadLength = 1,
            Exclusive = true,
            StreamDependency = 3,
            Weight = 15,
        };
        FrameAssert.RoundTrips(frame, new byte[] { 0x82, 0x86 }, new byte[]
        {
            0x00, 0x00, 0x09, 0x01, 0x2D, 0x00, 0x00, 0x00, 0x05,
            0x01,                   // Pad Length
            0x80, 0x00, 0x00, 0x03, // E + Stream Dependency
            0x0F,                   // Weight
            0x82, 0x86,             // Field Block Fragment
            0x00,                   // Padding
        });
    }

    [Fact]
    public void Largest_stream_dependency_without_exclusive_bit()
    {
        var frame = new HeadersFrame { StreamId = 1, Flags = FrameFlags.Priority, StreamDependency = 0x7FFF_FFFF, Weight = 255 };
        FrameAssert.RoundTrips(frame, new byte[0],
            new byte[] { 0x00, 0x00, 0x05, 0x01, 0x20, 0x00, 0x00, 0x00, 0x01, 0x7F, 0xFF, 0xFF, 0xFF, 0xFF });
    }

    [Fact]
    public void Stream_dependency_above_31_bits_cannot_be_written()
    {
        var frame = new HeadersFrame { StreamId = 1, Flags = FrameFlags.Priority, StreamDependency = 0x8000_0000 };
        Assert.Throws<System.ArgumentOutOfRangeException>(() => frame.WritePrefix(new byte[HeadersFrame.MaxPrefixLength], 0));
    }

    [Fact]
    public void Padding_that_eats_the_priority_fields_is_a_protocol_error() =>
        FrameAssert.Rejects<HeadersFrame>(
            new byte[] { 0x00, 0x00, 0x06, 0x01, 0x28, 0x00, 0x00, 0x00, 0x01, 0x01, 0x00, 0x00, 0x00, 0x03, 0x0F },
            Http2ErrorCode.ProtocolError, ErrorScope.Connection);

    [Fact]
    public void Priority_flag_with_short_payload_is_a_frame_size_error() =>
        FrameAssert.Rejects<HeadersFrame>(
            new byte[] { 0x00, 0x00, 0x03, 0x01, 0x20, 0x00, 0x00, 0x00, 0x01, 0x00, 0x00, 0x00 },
            Http2ErrorCode.FrameSizeError, ErrorScope.Connection);

    [Fact]
    public void Stream_zero_is_a_connection_protocol_error() =>
        FrameAssert.Rejects<HeadersFrame>(
            new byte[] { 0x00, 0x00, 0x01, 0x01, 0x04, 0x00, 0x00, 0x00, 0x00, 0x82 },
            Http2ErrorCode.ProtocolError, ErrorScope.Connection);
}
