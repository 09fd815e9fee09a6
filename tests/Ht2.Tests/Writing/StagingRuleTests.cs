using System;
using System.Collections.Generic;
using System.Threading;
using System.Threading.Tasks;

namespace Ht2.Tests.Writing;

/// <summary>
/// The rules a batch keeps between Add and flush: which payloads are copied and which referenced (exactly at
/// <see cref="MultiFrameWriter.CopyThreshold"/>), how a CONTINUATION and later frames of a stream take their priority,
/// that one flush's priorities do not leak into the next, that a transport flush follows the write, that a warm
/// priority flush allocates nothing, and DATA cut under a flow-control budget. Expected bytes come from <see cref="Wire"/>.
/// </summary>
public sealed class StagingRuleTests
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(10);

    private static byte[] Flush(MultiFrameWriter writer)
    {
        RecordingTransport transport = new();
        writer.WriteTo(transport);
        return transport.Bytes.ToArray();
    }

    [Fact]
    public void Payload_BelowTheThreshold_IsCopied_AtTheThreshold_IsReferenced()
    {
        using MultiFrameWriter writer = new() { CopyThreshold = 4 };
        byte[] copied = [1, 2, 3];
        byte[] referenced = [4, 5, 6, 7];
        writer.Add(new DataFrame { StreamId = 1 }, copied);
        writer.Add(new DataFrame { StreamId = 1 }, referenced);

        // Changed after the Add: only the referenced payload shows the change.
        copied[0] = 0xC0;
        referenced[0] = 0xEF;

        List<byte> expected = new();
        Wire.Data(expected, 1, [1, 2, 3], endStream: false);
        Wire.Data(expected, 1, [0xEF, 5, 6, 7], endStream: false);
        Assert.Equal(expected.ToArray(), Flush(writer));
    }

    [Fact]
    public void HeaderBlock_BelowTheThreshold_IsCopied_AtTheThreshold_IsReferenced()
    {
        using MultiFrameWriter writer = new() { CopyThreshold = 4 };
        byte[] copied = [0x82, 0x86, 0x84];
        byte[] referenced = [0x82, 0x87, 0x85, 0x41];
        writer.AddHeadersWithContinuations(1, copied, endStream: false, 16_384);
        writer.AddHeadersWithContinuations(3, referenced, endStream: true, 16_384);
        copied[2] = 0xBE;
        referenced[3] = 0xBF;

        List<byte> expected = new();
        Wire.Headers(expected, 1, [0x82, 0x86, 0x84], 0x4);
        Wire.Headers(expected, 3, [0x82, 0x87, 0x85, 0xBF], 0x5);
        Assert.Equal(expected.ToArray(), Flush(writer));
    }

    [Fact]
    public void Continuation_KeepsItsHeadersPriority_OtherFramesOfTheStreamMayOnlyLowerIt()
    {
        using MultiFrameWriter writer = new();

        // Stream 1: HEADERS at 5, its CONTINUATION added at 0 (glued: goes at 5). Stream 3: HEADERS at 5, DATA at 0
        // (stays at 0). A PING at 3 goes between what runs at 5 and the DATA.
        writer.AddPrioritized(new HeadersFrame { StreamId = 1 }, new byte[] { 0x82 }, 5);
        writer.AddPrioritized(new ContinuationFrame { StreamId = 1, Flags = FrameFlags.EndHeaders }, new byte[] { 0x86 }, 0);
        writer.AddPrioritized(new HeadersFrame { StreamId = 3, Flags = FrameFlags.EndHeaders }, new byte[] { 0x84 }, 5);
        writer.AddPrioritized(new DataFrame { StreamId = 3, Flags = FrameFlags.EndStream }, new byte[] { 0xAA }, 0);
        writer.AddPrioritized(new PingFrame { OpaqueData = 9 }, default, 3);

        List<byte> expected = new();
        Wire.Headers(expected, 1, [0x82], 0x0);
        Wire.Continuation(expected, 1, [0x86], endHeaders: true);
        Wire.Headers(expected, 3, [0x84], 0x4);
        Wire.Ping(expected, 9);
        Wire.Data(expected, 3, [0xAA], endStream: true);
        Assert.Equal(expected.ToArray(), Flush(writer));
    }

    [Fact]
    public void AStreamsPriority_DoesNotCarryIntoTheNextFlush()
    {
        using MultiFrameWriter writer = new();
        writer.AddPrioritized(new RstStreamFrame { StreamId = 1, ErrorCode = Http2ErrorCode.Cancel }, default, -5);
        Flush(writer);

        writer.AddPrioritized(new PingFrame { OpaqueData = 1 }, default, 0);
        writer.AddPrioritized(new WindowUpdateFrame { StreamId = 1, WindowSizeIncrement = 10 }, default, 10);

        List<byte> expected = new();
        Wire.WindowUpdate(expected, 1, 10);
        Wire.Ping(expected, 1);
        Assert.Equal(expected.ToArray(), Flush(writer));
    }

    [Fact]
    public async Task FlushTo_WritesThenFlushesTheTransportOnce_WriteToDoesNotFlush()
    {
        using MultiFrameWriter writer = new();
        RecordingTransport transport = new();
        writer.Add(new PingFrame { OpaqueData = 2 });
        Assert.Equal(17, writer.WriteTo(transport));
        Assert.Empty(transport.Flushes);

        writer.Add(new PingFrame { OpaqueData = 3 });
        Assert.Equal(17, writer.FlushTo(transport));
        Assert.Equal([34L], transport.Flushes);

        writer.Add(new PingFrame { OpaqueData = 4 });
        Assert.Equal(17, await writer.WriteToAsync(transport, CancellationToken.None).AsTask().Within(Timeout));
        Assert.Equal([34L], transport.Flushes);

        writer.Add(new PingFrame { OpaqueData = 5 });
        Assert.Equal(17, await writer.FlushToAsync(transport, CancellationToken.None).AsTask().Within(Timeout));
        Assert.Equal([34L, 68L], transport.Flushes);
    }

    [Fact]
    public void WarmPriorityFlush_OfTheSameShape_AllocatesNothing()
    {
        using MultiFrameWriter writer = new();
        CountingTransport transport = new();
        void AddAndFlush()
        {
            for (int i = 0; i < 5; i++)
            {
                writer.AddPrioritized(new PingFrame { OpaqueData = (ulong)i }, default, i);
            }

            writer.WriteTo(transport);
        }

        AddAndFlush();
        AddAndFlush();
        long before = GC.GetAllocatedBytesForCurrentThread();
        AddAndFlush();
        long allocated = GC.GetAllocatedBytesForCurrentThread() - before;
        Assert.Equal(0, allocated);
        Assert.Equal(3 * 5 * 17, transport.Written);
    }

    [Fact]
    public void DataUnderABudget_IsCutAtIt_ResumesWhereItStopped_AndNeedsNoCreditForTheEmptyEnd()
    {
        using MultiFrameWriter writer = new();
        byte[] body = [1, 2, 3, 4, 5, 6, 7, 8, 9, 10];
        ReadOnlyMemory<byte>[] chunks = [body];
        DataCursor cursor = new(chunks, endStream: true);

        writer.AddData(5, chunks, ref cursor, budget: 4, priority: 0);

        // Without credit nothing goes; on a worker, so that a cut that stops advancing fails here instead of spinning.
        DataCursor resumed = cursor;
        Worker.Run("AddData without credit", () => writer.AddData(5, chunks, ref resumed, budget: 0, priority: 0));
        cursor = resumed;
        Assert.Equal(1, writer.FrameCount);
        writer.AddData(5, chunks, ref cursor, budget: 100, priority: 0);
        Assert.False(cursor.HasFrames);

        ReadOnlyMemory<byte>[] none = [];
        DataCursor empty = new(none, endStream: true);
        writer.AddData(7, none, ref empty, budget: 0, priority: 0);
        Assert.False(empty.HasFrames);

        List<byte> expected = new();
        Wire.Data(expected, 5, [1, 2, 3, 4], endStream: false);
        Wire.Data(expected, 5, [5, 6, 7, 8, 9, 10], endStream: true);
        Wire.Data(expected, 7, [], endStream: true);
        Assert.Equal(expected.ToArray(), Flush(writer));
    }

    [Fact]
    public void Data_AfterALeadingEmptyChunk_PointsIntoTheFirstNonEmptyChunk()
    {
        using MultiFrameWriter writer = new();
        byte[] body = [0x31, 0x32, 0x33];
        writer.AddDataFrames(1, new ReadOnlyMemory<byte>[] { ReadOnlyMemory<byte>.Empty, body }, endStream: true);

        List<byte> expected = new();
        Wire.Data(expected, 1, [0x31, 0x32, 0x33], endStream: true);
        Assert.Equal(expected.ToArray(), Flush(writer));
    }
}
