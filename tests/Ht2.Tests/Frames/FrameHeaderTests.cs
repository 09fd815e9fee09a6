using System;

namespace Ht2.Tests.Frames;

public class FrameHeaderTests
{
    [Fact]
    public void Reads_the_RFC_layout()
    {
        // Length 0x123456, type 0x9, flags 0x4, R bit set, stream 0x01020304.
        byte[] wire = { 0x12, 0x34, 0x56, 0x09, 0x04, 0x81, 0x02, 0x03, 0x04 };
        FrameHeader header = FrameHeader.Read(wire);
        Assert.Equal(0x123456, header.Length);
        Assert.Equal(FrameType.Continuation, header.Type);
        Assert.Equal(FrameFlags.EndHeaders, header.Flags);
        Assert.Equal(0x01020304u, header.StreamId); // the reserved bit is ignored
    }

    [Theory]
    // Each byte of the 24-bit length carries its own weight (RFC 9113 §4.1: network byte order).
    [InlineData(new byte[] { 0x01, 0x00, 0x00 }, 0x01_0000)]
    [InlineData(new byte[] { 0x80, 0x00, 0x00 }, 0x80_0000)]
    [InlineData(new byte[] { 0xFF, 0xFF, 0xFF }, 0xFF_FFFF)]
    [InlineData(new byte[] { 0x00, 0x01, 0x00 }, 0x00_0100)]
    public void Reads_lengths_of_64_KiB_and_more(byte[] length, int expected)
    {
        byte[] wire = [length[0], length[1], length[2], 0x00, 0x00, 0x00, 0x00, 0x00, 0x01];
        Assert.Equal(expected, FrameHeader.Read(wire).Length);
    }

    [Fact]
    public void Writes_maximum_length_and_stream_id_with_reserved_bit_clear()
    {
        var wire = new byte[9];
        new FrameHeader(FrameHeader.MaxLength, (FrameType)0xFF, (FrameFlags)0xFF, FrameHeader.MaxStreamId).Write(wire);
        Assert.Equal(new byte[] { 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0x7F, 0xFF, 0xFF, 0xFF }, wire);
    }

    [Fact]
    public void Rejects_values_the_fields_cannot_hold()
    {
        var wire = new byte[9];
        Assert.Throws<ArgumentOutOfRangeException>(() => FrameHeader.Write(wire, FrameHeader.MaxLength + 1, FrameType.Data, 0, 1));
        Assert.Throws<ArgumentOutOfRangeException>(() => FrameHeader.Write(wire, -1, FrameType.Data, 0, 1));
        Assert.Throws<ArgumentOutOfRangeException>(() => FrameHeader.Write(wire, 0, FrameType.Data, 0, 0x8000_0000));
        Assert.Throws<ArgumentException>(() => FrameHeader.Write(new byte[8], 0, FrameType.Data, 0, 1));
        Assert.False(FrameHeader.TryRead(new byte[8], out _));
    }

    [Fact]
    public void Each_refusal_names_its_parameter_and_the_field_limit()
    {
        var wire = new byte[9];
        ArgumentOutOfRangeException length = Assert.Throws<ArgumentOutOfRangeException>(() => FrameHeader.Write(wire, FrameHeader.MaxLength + 1, FrameType.Data, 0, 1));
        Assert.Equal("length", length.ParamName);
        Assert.StartsWith("A frame payload length must be between 0 and 2^24-1.", length.Message, StringComparison.Ordinal);

        ArgumentOutOfRangeException stream = Assert.Throws<ArgumentOutOfRangeException>(() => FrameHeader.Write(wire, 0, FrameType.Data, 0, 0x8000_0000));
        Assert.Equal("streamId", stream.ParamName);
        Assert.StartsWith("A stream identifier must not exceed 2^31-1.", stream.Message, StringComparison.Ordinal);

        ArgumentException parts = Assert.Throws<ArgumentException>(() => FrameHeader.Write(new byte[8], 0, FrameType.Data, 0, 1));
        Assert.Equal("destination", parts.ParamName);
        Assert.StartsWith("A frame header needs 9 bytes.", parts.Message, StringComparison.Ordinal);

        ArgumentException header = Assert.Throws<ArgumentException>(() => new FrameHeader(0, FrameType.Ping, 0, 0).Write(new byte[8]));
        Assert.Equal("destination", header.ParamName);
        Assert.StartsWith("A frame header needs 9 bytes.", header.Message, StringComparison.Ordinal);

        ArgumentException read = Assert.Throws<ArgumentException>(() => FrameHeader.Read(new byte[8]));
        Assert.Equal("source", read.ParamName);
        Assert.StartsWith("A frame header needs 9 bytes.", read.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Writes_into_a_larger_span_only_its_first_nine_bytes()
    {
        byte[] wire = [0xEE, 0xEE, 0xEE, 0xEE, 0xEE, 0xEE, 0xEE, 0xEE, 0xEE, 0xEE];
        new FrameHeader(3, FrameType.Ping, FrameFlags.Ack, 0).Write(wire);
        Assert.Equal(new byte[] { 0x00, 0x00, 0x03, 0x06, 0x01, 0x00, 0x00, 0x00, 0x00, 0xEE }, wire);
    }
}
