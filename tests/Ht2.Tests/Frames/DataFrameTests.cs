using System;

namespace Ht2.Tests.Frames;

public class DataFrameTests
{
    [Fact]
    public void Plain_data_with_end_stream()
    {
        var frame = new DataFrame { StreamId = 1, Flags = FrameFlags.EndStream };
        FrameAssert.RoundTrips(frame, "abc"u8.ToArray(),
            new byte[] { 0x00, 0x00, 0x03, 0x00, 0x01, 0x00, 0x00, 0x00, 0x01, 0x61, 0x62, 0x63 });
    }

    [Fact]
    public void Padded_data_counts_pad_length_byte_and_padding_in_length()
    {
        var frame = new DataFrame { StreamId = 3, Flags = FrameFlags.Padded, PadLength = 2 };
        FrameAssert.RoundTrips(frame, "hi"u8.ToArray(),
            new byte[] { 0x00, 0x00, 0x05, 0x00, 0x08, 0x00, 0x00, 0x00, 0x03, 0x02, 0x68, 0x69, 0x00, 0x00 });
    }

    [Fact]
    public void Padding_equal_to_length_minus_one_is_legal_and_empty()
    {
        // HT2 rejected this frame; RFC 9113 §6.1 only forbids padding >= the payload length.
        var frame = new DataFrame { StreamId = 5, Flags = FrameFlags.Padded, PadLength = 3 };
        FrameAssert.RoundTrips(frame, Array.Empty<byte>(),
            new byte[] { 0x00, 0x00, 0x04, 0x00, 0x08, 0x00, 0x00, 0x00, 0x05, 0x03, 0x00, 0x00, 0x00 });
    }

    [Fact]
    public void Padding_as_long_as_the_payload_is_a_connection_protocol_error() =>
        FrameAssert.Rejects<DataFrame>(
            new byte[] { 0x00, 0x00, 0x03, 0x00, 0x08, 0x00, 0x00, 0x00, 0x01, 0x03, 0x00, 0x00 },
            Http2ErrorCode.ProtocolError, ErrorScope.Connection);

    [Fact]
    public void Padded_without_room_for_pad_length_is_a_frame_size_error() =>
        FrameAssert.Rejects<DataFrame>(
            new byte[] { 0x00, 0x00, 0x00, 0x00, 0x08, 0x00, 0x00, 0x00, 0x01 },
            Http2ErrorCode.FrameSizeError, ErrorScope.Connection);

    [Fact]
    public void Stream_zero_is_a_connection_protocol_error() =>
        FrameAssert.Rejects<DataFrame>(
            new byte[] { 0x00, 0x00, 0x01, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x61 },
            Http2ErrorCode.ProtocolError, ErrorScope.Connection);

    [Fact]
    public void Largest_length_and_stream_id()
    {
        var data = new byte[FrameHeader.MaxLength];
        data[^1] = 0x5A;
        var frame = new DataFrame { StreamId = FrameHeader.MaxStreamId };
        byte[] wire = FrameBytes.Write(frame, data);
        Assert.Equal(new byte[] { 0xFF, 0xFF, 0xFF, 0x00, 0x00, 0x7F, 0xFF, 0xFF, 0xFF }, wire[..9]);
        Assert.Equal(0x5A, wire[^1]);
        DataFrame parsed = FrameBytes.Parse<DataFrame>(wire, out byte[] parsedData);
        Assert.Equal(FrameHeader.MaxStreamId, parsed.StreamId);
        Assert.Equal(FrameHeader.MaxLength, parsedData.Length);
    }

    [Fact]
    public void Payload_above_the_24_bit_length_cannot_be_written()
    {
        var frame = new DataFrame { StreamId = 1, Flags = FrameFlags.Padded, PadLength = 1 };
        var prefix = new byte[DataFrame.MaxPrefixLength];
        Assert.Throws<ArgumentOutOfRangeException>(() => frame.WritePrefix(prefix, FrameHeader.MaxLength - 1));
        Assert.Equal(FrameHeader.Size + 1, frame.WritePrefix(prefix, FrameHeader.MaxLength - 2));
    }

    [Fact]
    public void Too_small_a_destination_writes_nothing()
    {
        var frame = new DataFrame { StreamId = 1, Flags = FrameFlags.Padded, PadLength = 4 };
        var destination = new byte[9];
        Assert.False(frame.TryWritePrefix(destination, 0, out int written));
        Assert.Equal(0, written);
        Assert.All(destination, b => Assert.Equal(0, b));
        Assert.Throws<ArgumentException>(() => frame.WritePrefix(destination, 0));
    }

    [Fact]
    public void Stream_id_above_31_bits_cannot_be_written()
    {
        var frame = new DataFrame { StreamId = 0x8000_0001 };
        Assert.Throws<ArgumentOutOfRangeException>(() => frame.WritePrefix(new byte[16], 0));
    }
}
