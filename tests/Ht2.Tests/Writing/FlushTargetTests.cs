using System;
using System.Buffers;
using System.Collections.Generic;
using System.IO;
using System.IO.Pipelines;
using System.Threading.Tasks;
using Ht2.Tests.IO;
using Microsoft.Win32.SafeHandles;

namespace Ht2.Tests.Writing;

/// <summary>
/// Every public flush target writes the same batch byte for byte, returns its length and leaves the writer empty; the
/// write-and-flush verbs of header blocks stage and write in one call. Expected bytes come from <see cref="Wire"/>.
/// </summary>
public sealed class FlushTargetTests
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(10);

    // A referenced payload between copied frames, so the batch is several staged entries.
    private static readonly byte[] Body = Pattern(3000);

    private static byte[] Pattern(int length)
    {
        byte[] bytes = new byte[length];
        for (int i = 0; i < length; i++)
        {
            bytes[i] = (byte)((i * 13) + 1);
        }

        return bytes;
    }

    private static MultiFrameWriter Staged()
    {
        MultiFrameWriter writer = new() { CopyThreshold = 1024 };
        writer.Add(new PingFrame { OpaqueData = 0x0102_0304_0506_0708 });
        writer.AddData(3, Body, endStream: true);
        writer.Add(new RstStreamFrame { StreamId = 5, ErrorCode = Http2ErrorCode.Cancel });
        return writer;
    }

    private static byte[] Expected()
    {
        List<byte> wire = new();
        Wire.Ping(wire, 0x0102_0304_0506_0708);
        Wire.Data(wire, 3, Body, endStream: true);
        Wire.RstStream(wire, 5, 0x8);
        return wire.ToArray();
    }

    /// <summary>The writer holds nothing: what a flush and a refused Add leave behind.</summary>
    internal static void AssertEmpty(MultiFrameWriter writer)
    {
        Assert.Equal(0, writer.FrameCount);
        Assert.Equal(0, writer.TotalLength);
        Assert.True(writer.IsEmpty);
    }

    [Fact]
    public void BufferWriter_ReceivesTheWholeBatch()
    {
        using MultiFrameWriter writer = Staged();
        ArrayBufferWriter<byte> output = new();
        byte[] expected = Expected();

        Assert.Equal(expected.Length, writer.FlushTo(output));
        Assert.Equal(expected, output.WrittenSpan.ToArray());
        AssertEmpty(writer);
    }

    [Fact]
    public async Task PipeWriter_ReceivesTheWholeBatch_AndIsFlushed()
    {
        using MultiFrameWriter writer = Staged();
        Pipe pipe = new();
        byte[] expected = Expected();

        Assert.Equal(expected.Length, await writer.FlushToAsync(pipe.Writer).AsTask().Within(Timeout));
        AssertEmpty(writer);

        // The flush made the bytes readable without any further call on the writer side.
        await pipe.Writer.CompleteAsync();
        ReadResult read = await pipe.Reader.ReadAtLeastAsync(expected.Length + 1).AsTask().Within(Timeout);
        Assert.True(read.IsCompleted);
        Assert.Equal(expected, read.Buffer.ToArray());
    }

    [Fact]
    public async Task Stream_ReceivesTheWholeBatch_SyncAndAsync()
    {
        byte[] expected = Expected();
        using MultiFrameWriter writer = Staged();
        MemoryStream sync = new();
        Assert.Equal(expected.Length, writer.FlushTo(sync));
        Assert.Equal(expected, sync.ToArray());
        AssertEmpty(writer);

        writer.Add(new PingFrame { OpaqueData = 0x0102_0304_0506_0708 });
        writer.AddData(3, Body, endStream: true);
        writer.Add(new RstStreamFrame { StreamId = 5, ErrorCode = Http2ErrorCode.Cancel });
        MemoryStream async = new();
        Assert.Equal(expected.Length, await writer.FlushToAsync(async).AsTask().Within(Timeout));
        Assert.Equal(expected, async.ToArray());
        AssertEmpty(writer);
    }

    [Fact]
    public void Descriptor_ReceivesTheWholeBatch()
    {
        using MultiFrameWriter writer = Staged();
        byte[] expected = Expected();

        // A file of exactly the batch's size: a write loop that repeats bytes fails on the seal instead of blocking.
        using SafeFileHandle file = SealedMemoryFile.Create(expected.Length);
        Assert.Equal(expected.Length, writer.FlushTo(file));
        AssertEmpty(writer);
        Assert.Equal(expected, SealedMemoryFile.ReadAll(file, expected.Length));
    }

    [Fact]
    public void WriteHeadersWithContinuations_ToAStream_WritesWhatWasStagedBeforeAndTheBlock()
    {
        using MultiFrameWriter writer = new();
        writer.Add(new PingFrame { OpaqueData = 7 });
        byte[] block = Pattern(16_384 + 10);
        MemoryStream output = new();

        long written = writer.WriteHeadersWithContinuations(output, 1, block, endStream: true, 16_384, padLength: 2);

        List<byte> expected = new();
        Wire.Ping(expected, 7);

        // HEADERS takes 16 384 - 3 bytes of the block (Pad Length byte and 2 padding bytes count), CONTINUATION the rest.
        Wire.Headers(expected, 1, block.AsSpan(0, 16_381).ToArray(), 0x1, pad: 2);
        Wire.Continuation(expected, 1, block.AsSpan(16_381).ToArray(), endHeaders: true);
        Assert.Equal(expected.Count, written);
        Assert.Equal(expected.ToArray(), output.ToArray());
        AssertEmpty(writer);
    }

    [Fact]
    public void WriteHeadersWithContinuations_ToASocket_WritesTheBlock()
    {
        using Loopback loopback = new();
        using MultiFrameWriter writer = new();
        byte[] block = [0x82, 0x86, 0x84];
        List<byte> expected = new();
        Wire.Headers(expected, 7, block, 0x4, priority: (3, 200, true));
        byte[] received = new byte[expected.Count];
        Worker reader = loopback.StartReading(received, expected.Count);

        long written = writer.WriteHeadersWithContinuations(
            loopback.Client, 7, block, endStream: false, 16_384, priority: new HeadersPriority(3, 200, Exclusive: true));
        reader.Join();

        Assert.Equal(expected.Count, written);
        Assert.Equal(expected.ToArray(), received);
        AssertEmpty(writer);
    }

    [Fact]
    public void AddHeadersWithContinuations_WithoutASplitSize_SplitsAtMaxFrameSize()
    {
        using MultiFrameWriter writer = new() { MaxFrameSize = 20_000 };
        byte[] block = Pattern(20_001);
        writer.AddHeadersWithContinuations(9, block, endStream: false);

        List<byte> expected = new();
        Wire.Headers(expected, 9, block.AsSpan(0, 20_000).ToArray(), 0x0);
        Wire.Continuation(expected, 9, block.AsSpan(20_000).ToArray(), endHeaders: true);
        MemoryStream output = new();
        writer.FlushTo(output);
        Assert.Equal(expected.ToArray(), output.ToArray());
    }
}
