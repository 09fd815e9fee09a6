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
}
