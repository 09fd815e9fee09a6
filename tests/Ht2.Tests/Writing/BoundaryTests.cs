using System;
using System.Collections.Generic;
using System.IO;

namespace Ht2.Tests.Writing;

/// <summary>
/// Every writer limit on both sides of its boundary (RFC 9113 §4.2, §5.1.1, §6.1, §6.2, §6.5.2), and DATA splitting
/// at exact multiples of the frame size; expected bytes come from <see cref="Wire"/> or are written out here.
/// </summary>
public sealed class BoundaryTests
{
    private const uint MaxStreamId = 0x7FFF_FFFF;

    private static byte[] Flush(MultiFrameWriter writer)
    {
        MemoryStream output = new();
        writer.FlushTo(output);
        Assert.Equal(0, writer.FrameCount);
        return output.ToArray();
    }

    private static byte[] Pattern(int length)
    {
        byte[] bytes = new byte[length];
        for (int i = 0; i < length; i++)
        {
            bytes[i] = (byte)((i * 7) + (i >> 8));
        }

        return bytes;
    }

    [Theory]
    [InlineData(0)]
    [InlineData(255)]
    public void HeadersPadding_ZeroAnd255_AreLegal(int pad)
    {
        using MultiFrameWriter writer = new();
        byte[] block = Pattern(20);
        writer.AddHeadersWithContinuations(1, block, endStream: false, 16_384, padLength: pad);

        List<byte> expected = new();
        Wire.Headers(expected, 1, block, 0x4, pad);
        Assert.Equal(expected.ToArray(), Flush(writer));
    }

    [Fact]
    public void HeadersPadding_ZeroOnAnEmptyBlock_IsJustThePadLengthByte()
    {
        using MultiFrameWriter writer = new();
        writer.AddHeadersWithContinuations(3, ReadOnlyMemory<byte>.Empty, endStream: true, 16_384, padLength: 0);

        // Length 1, HEADERS, END_STREAM | END_HEADERS | PADDED, stream 3, Pad Length 0.
        Assert.Equal(new byte[] { 0, 0, 1, 0x1, 0x0D, 0, 0, 0, 3, 0 }, Flush(writer));
    }

    [Fact]
    public void StreamId_2Pow31Minus1_IsLegal_ForDataHeadersAndRstStream()
    {
        using MultiFrameWriter writer = new();
        writer.AddData(MaxStreamId, new byte[] { 0xAB }, endStream: true);
        writer.AddHeadersWithContinuations(MaxStreamId, new byte[] { 0x82 }, endStream: false, 16_384);
        writer.Add(new RstStreamFrame { StreamId = MaxStreamId, ErrorCode = Http2ErrorCode.Cancel });

        byte[] expected =
        [
            0, 0, 1, 0x0, 0x1, 0x7F, 0xFF, 0xFF, 0xFF, 0xAB,
            0, 0, 1, 0x1, 0x4, 0x7F, 0xFF, 0xFF, 0xFF, 0x82,
            0, 0, 4, 0x3, 0x0, 0x7F, 0xFF, 0xFF, 0xFF, 0, 0, 0, 0x8,
        ];
        Assert.Equal(expected, Flush(writer));
    }

    [Fact]
    public void StreamId_2Pow31_IsRefused_ForDataHeadersAndDependencies()
    {
        using MultiFrameWriter writer = new();
        Assert.Throws<ArgumentOutOfRangeException>(() => writer.AddData(MaxStreamId + 1, new byte[1], endStream: true));
        Assert.Throws<ArgumentOutOfRangeException>(() => writer.AddHeadersWithContinuations(MaxStreamId + 1, new byte[1], false, 16_384));
        Assert.Throws<ArgumentOutOfRangeException>(() => writer.AddHeadersWithContinuations(0, new byte[1], false, 16_384));
        Assert.Throws<ArgumentOutOfRangeException>(
            () => writer.AddHeadersWithContinuations(1, new byte[1], false, 16_384, priority: new HeadersPriority(MaxStreamId + 1, 15, false)));
        Assert.Equal(0, writer.FrameCount);
        Assert.Equal(0, writer.TotalLength);
    }

    [Fact]
    public void Dependency_2Pow31Minus1_IsLegal()
    {
        using MultiFrameWriter writer = new();
        writer.AddHeadersWithContinuations(1, new byte[] { 0x82 }, false, 16_384, priority: new HeadersPriority(MaxStreamId, 255, true));

        // Length 6, HEADERS, END_HEADERS | PRIORITY, stream 1, E + dependency 2^31-1, weight 255, fragment.
        Assert.Equal(new byte[] { 0, 0, 6, 0x1, 0x24, 0, 0, 0, 1, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0x82 }, Flush(writer));
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    public void Data_ExactMultipleOfTheFrameSize_HasNoEmptyTrailingFrame(int frames)
    {
        using MultiFrameWriter writer = new() { CopyThreshold = 0 };
        byte[] body = Pattern(frames * 16_384);
        writer.AddData(9, body, endStream: true);

        List<byte> expected = new();
        for (int i = 0; i < frames; i++)
        {
            Wire.Data(expected, 9, body.AsSpan(i * 16_384, 16_384).ToArray(), endStream: i == frames - 1);
        }

        Assert.Equal(frames, writer.FrameCount);
        Assert.Equal(expected.ToArray(), Flush(writer));
    }

    [Fact]
    public void Data_OneByteOverAMultiple_EndsWithAOneByteFrame()
    {
        using MultiFrameWriter writer = new() { CopyThreshold = 0 };
        byte[] body = Pattern((2 * 16_384) + 1);
        writer.AddData(9, body, endStream: false);

        List<byte> expected = new();
        Wire.Data(expected, 9, body.AsSpan(0, 16_384).ToArray(), endStream: false);
        Wire.Data(expected, 9, body.AsSpan(16_384, 16_384).ToArray(), endStream: false);
        Wire.Data(expected, 9, body.AsSpan(32_768, 1).ToArray(), endStream: false);
        Assert.Equal(expected.ToArray(), Flush(writer));
    }

    [Fact]
    public void Data_EmptyBody_WithEndStream_IsOneEmptyFrame_WithoutIt_Nothing()
    {
        using MultiFrameWriter writer = new();
        writer.AddData(5, ReadOnlyMemory<byte>.Empty, endStream: false);
        Assert.Equal(0, writer.FrameCount);
        Assert.Equal(0, writer.TotalLength);

        writer.AddDataFrames(5, new ReadOnlyMemory<byte>[] { ReadOnlyMemory<byte>.Empty, ReadOnlyMemory<byte>.Empty }, endStream: true);
        Assert.Equal(new byte[] { 0, 0, 0, 0x0, 0x1, 0, 0, 0, 5 }, Flush(writer));
    }

    [Fact]
    public void Data_ManyChunks_EachFramePointsIntoItsOwnChunk()
    {
        using MultiFrameWriter writer = new() { CopyThreshold = 0 };
        byte[] a = Pattern(16_385);
        byte[] b = [0x11, 0x22, 0x33];
        writer.AddDataFrames(7, new ReadOnlyMemory<byte>[] { a, ReadOnlyMemory<byte>.Empty, b }, endStream: true);

        List<byte> expected = new();
        Wire.Data(expected, 7, a.AsSpan(0, 16_384).ToArray(), endStream: false);
        Wire.Data(expected, 7, a.AsSpan(16_384).ToArray(), endStream: false);
        Wire.Data(expected, 7, b, endStream: true);
        Assert.Equal(expected.ToArray(), Flush(writer));
    }

    [Fact]
    public void Frame_ExactlyTheMaxFrameSize_IsLegal_OneMoreIsNot()
    {
        using MultiFrameWriter writer = new() { CopyThreshold = 0 };
        byte[] body = Pattern(16_384);
        writer.Add(new DataFrame { StreamId = 1 }, body);
        Assert.ThrowsAny<ArgumentException>(() => writer.Add(new DataFrame { StreamId = 1 }, new byte[16_385]));

        List<byte> expected = new();
        Wire.Data(expected, 1, body, endStream: false);
        Assert.Equal(expected.ToArray(), Flush(writer));
    }

    [Theory]
    [InlineData(16_384, true)]
    [InlineData(16_777_215, true)]
    [InlineData(16_383, false)]
    [InlineData(16_777_216, false)]
    public void MaxFrameSize_AcceptsExactlyTheRfcRange(int value, bool legal)
    {
        using MultiFrameWriter writer = new();
        if (legal)
        {
            writer.MaxFrameSize = value;
            Assert.Equal(value, writer.MaxFrameSize);
        }
        else
        {
            Assert.Throws<ArgumentOutOfRangeException>(() => writer.MaxFrameSize = value);
            Assert.Equal(16_384, writer.MaxFrameSize);
        }
    }

    [Fact]
    public void SplitSize_AtThePeersMaximum_IsLegal_AndBelow16384_IsNot()
    {
        using MultiFrameWriter writer = new() { MaxFrameSize = 20_000 };
        Assert.Throws<ArgumentOutOfRangeException>(() => writer.AddHeadersWithContinuations(1, new byte[10], false, 16_383));
        byte[] block = Pattern(20_001);
        writer.AddHeadersWithContinuations(1, block, endStream: false, 20_000);

        List<byte> expected = new();
        Wire.Headers(expected, 1, block.AsSpan(0, 20_000).ToArray(), 0x0);
        Wire.Continuation(expected, 1, block.AsSpan(20_000).ToArray(), endHeaders: true);
        Assert.Equal(expected.ToArray(), Flush(writer));
    }
}
