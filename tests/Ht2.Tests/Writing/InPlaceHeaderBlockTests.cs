using System;
using System.Buffers;

namespace Ht2.Tests.Writing;

/// <summary>
/// A header block encoded straight into the batch (ReserveHeaderBlock, then CommitHeaderBlock) is staged as one
/// HEADERS frame with END_HEADERS, in order with the frames around it; a failed or abandoned one stages nothing.
/// Expected bytes are RFC 9113 §4.1 and §6.2 written out by hand.
/// </summary>
public sealed class InPlaceHeaderBlockTests
{
    [Fact]
    public void Block_IsStagedAsOneHeadersFrame_BetweenTheFramesAroundIt()
    {
        using MultiFrameWriter writer = new();
        writer.Add(new PingFrame { OpaqueData = 0x0102030405060708 });
        Span<byte> room = writer.ReserveHeaderBlock(100);
        room[0] = 0x88; // :status 200 (static index 8)
        room[1] = 0x0F;
        room[2] = 0x0D; // content-length (static index 28) as a literal without indexing: 0x0F 0x0D
        room[3] = 0x01;
        room[4] = (byte)'0';
        writer.CommitHeaderBlock(streamId: 3, blockLength: 5, endStream: true);
        writer.Add(new RstStreamFrame { StreamId = 3, ErrorCode = Http2ErrorCode.NoError });

        byte[] expected =
        [
            0x00, 0x00, 0x08, 0x06, 0x00, 0x00, 0x00, 0x00, 0x00, 0x01, 0x02, 0x03, 0x04, 0x05, 0x06, 0x07, 0x08,
            0x00, 0x00, 0x05, 0x01, 0x05, 0x00, 0x00, 0x00, 0x03, 0x88, 0x0F, 0x0D, 0x01, (byte)'0',
            0x00, 0x00, 0x04, 0x03, 0x00, 0x00, 0x00, 0x00, 0x03, 0x00, 0x00, 0x00, 0x00,
        ];
        Assert.Equal(3, writer.FrameCount);
        Assert.Equal(expected, Flush(writer));
    }

    [Fact]
    public void Block_WithoutEndStream_HasOnlyEndHeaders_AndMayBeEmpty()
    {
        using MultiFrameWriter writer = new();
        writer.ReserveHeaderBlock(0);
        writer.CommitHeaderBlock(streamId: 0x7FFFFFFF, blockLength: 0, endStream: false);

        Assert.Equal(new byte[] { 0x00, 0x00, 0x00, 0x01, 0x04, 0x7F, 0xFF, 0xFF, 0xFF }, Flush(writer));
    }

    [Fact]
    public void Block_OfExactlyMaxFrameSize_IsOneFrame()
    {
        using MultiFrameWriter writer = new();
        Span<byte> room = writer.ReserveHeaderBlock(16_384);
        room.Fill(0x5A);
        writer.CommitHeaderBlock(streamId: 1, blockLength: 16_384, endStream: false);

        byte[] wire = Flush(writer);
        Assert.Equal(9 + 16_384, wire.Length);
        Assert.Equal(new byte[] { 0x00, 0x40, 0x00, 0x01, 0x04, 0x00, 0x00, 0x00, 0x01 }, wire[..9]);
        Assert.All(wire[9..], b => Assert.Equal(0x5A, b));
    }

    [Fact]
    public void ReservedRoom_NotCommitted_StagesNothing()
    {
        using MultiFrameWriter writer = new();
        writer.ReserveHeaderBlock(50).Fill(0xFF);

        Assert.True(writer.IsEmpty);
        writer.Add(new PingFrame { OpaqueData = 1 });
        Assert.Equal(new byte[] { 0x00, 0x00, 0x08, 0x06, 0x00, 0x00, 0x00, 0x00, 0x00, 0, 0, 0, 0, 0, 0, 0, 1 }, Flush(writer));
    }

    [Fact]
    public void RoomAboveMaxFrameSize_IsRefused()
    {
        using MultiFrameWriter writer = new();
        Assert.Throws<ArgumentOutOfRangeException>(() => writer.ReserveHeaderBlock(16_385));
        writer.MaxFrameSize = 20_000;
        Assert.Equal(20_000, writer.ReserveHeaderBlock(20_000).Length);
    }

    [Theory]
    [InlineData(0u, 3)]
    [InlineData(0x80000000u, 3)]
    [InlineData(1u, 16_385)]
    public void BadStreamOrLength_Throws_AndStagesNothing(uint streamId, int blockLength)
    {
        using MultiFrameWriter writer = new();
        writer.ReserveHeaderBlock(16_384);

        Assert.ThrowsAny<ArgumentException>(() => writer.CommitHeaderBlock(streamId, blockLength, endStream: true));
        Assert.True(writer.IsEmpty);
        Assert.Equal(0, writer.TotalLength);
    }

    [Fact]
    public void DisposedWriter_Throws()
    {
        MultiFrameWriter writer = new();
        writer.Dispose();
        Assert.Throws<ObjectDisposedException>(() => writer.ReserveHeaderBlock(10));
    }

    private static byte[] Flush(MultiFrameWriter writer)
    {
        ArrayBufferWriter<byte> output = new();
        writer.FlushTo(output);
        return output.WrittenSpan.ToArray();
    }
}
