using System;
using System.Buffers;
using Xunit;

namespace Ht2.Tests.Reading;

// GC.GetAllocatedBytesForCurrentThread counts only this thread, so tests running in parallel do not disturb it.
public class AllocationTests
{
    private static readonly byte[] Frames =
    {
        0x00, 0x00, 0x03, 0x00, 0x01, 0x00, 0x00, 0x00, 0x01, 0x61, 0x62, 0x63,                                     // DATA
        0x00, 0x00, 0x08, 0x01, 0x2C, 0x00, 0x00, 0x00, 0x03, 0x01, 0x80, 0x00, 0x00, 0x01, 0x0F, 0x82, 0x00,       // HEADERS
        0x00, 0x00, 0x0C, 0x04, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x03, 0x00, 0x00, 0x00, 0x64, 0x00, 0x04, 0x00, 0x00, 0xFF, 0xFF, // SETTINGS
        0x00, 0x00, 0x08, 0x06, 0x00, 0x00, 0x00, 0x00, 0x00, 1, 2, 3, 4, 5, 6, 7, 8,                               // PING
        0x00, 0x00, 0x04, 0x08, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x03, 0xE8,                               // WINDOW_UPDATE
    };

    private const int FrameCount = 5;

    private static int ReadAllFromSpan(byte[] buffer)
    {
        int frames = 0;
        ReadOnlySpan<byte> rest = buffer;
        while (FrameReader.TryReadFrame(rest, 16384, out _, out ReadOnlySpan<byte> _, out int consumed, out _) == FrameReadStatus.Complete)
        {
            rest = rest.Slice(consumed);
            frames++;
        }

        return frames;
    }

    private static int ReadAllFromSequence(ReadOnlySequence<byte> buffer)
    {
        int frames = 0;
        while (FrameReader.TryReadFrame(buffer, 16384, out _, out ReadOnlySequence<byte> _, out SequencePosition end, out _) == FrameReadStatus.Complete)
        {
            buffer = buffer.Slice(end);
            frames++;
        }

        return frames;
    }

    [Fact]
    public void ReadingValidFramesFromASpan_AllocatesNothing()
    {
        for (int i = 0; i < 100; i++)
        {
            Assert.Equal(FrameCount, ReadAllFromSpan(Frames));
        }

        long before = GC.GetAllocatedBytesForCurrentThread();
        int total = 0;
        for (int i = 0; i < 1000; i++)
        {
            total += ReadAllFromSpan(Frames);
        }

        long allocated = GC.GetAllocatedBytesForCurrentThread() - before;
        Assert.Equal(FrameCount * 1000, total);
        Assert.Equal(0, allocated);
    }

    [Fact]
    public void ReadingValidFramesFromAMultiSegmentSequence_AllocatesNothing()
    {
        // Every byte its own segment: every header and every SETTINGS entry straddles segments.
        ReadOnlySequence<byte> fragmented = TestSequence.ByteBySegment(Frames);
        ReadOnlySequence<byte> contiguous = new(Frames);
        for (int i = 0; i < 100; i++)
        {
            Assert.Equal(FrameCount, ReadAllFromSequence(fragmented));
            Assert.Equal(FrameCount, ReadAllFromSequence(contiguous));
        }

        long before = GC.GetAllocatedBytesForCurrentThread();
        int total = 0;
        for (int i = 0; i < 1000; i++)
        {
            total += ReadAllFromSequence(fragmented);
            total += ReadAllFromSequence(contiguous);
        }

        long allocated = GC.GetAllocatedBytesForCurrentThread() - before;
        Assert.Equal(FrameCount * 2000, total);
        Assert.Equal(0, allocated);
    }

    [Fact]
    public void ReportingErrorsWithoutThrowing_AllocatesNothing()
    {
        byte[] pingOnStream = { 0x00, 0x00, 0x08, 0x06, 0x00, 0x00, 0x00, 0x00, 0x01, 1, 2, 3, 4, 5, 6, 7, 8 };
        byte[] badSetting = { 0x00, 0x00, 0x06, 0x04, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x02, 0x00, 0x00, 0x00, 0x02 };
        ReadOnlySequence<byte> badSettingSplit = TestSequence.ByteBySegment(badSetting);
        FrameHeader continuation = new(0, FrameType.Continuation, FrameFlags.None, 1);

        int Run()
        {
            int errors = 0;
            errors += FrameReader.TryReadFrame(pingOnStream, 16384, out _, out ReadOnlySpan<byte> _, out _, out _) == FrameReadStatus.Error ? 1 : 0;
            errors += FrameReader.TryReadFrame(badSettingSplit, 16384, out _, out ReadOnlySequence<byte> _, out SequencePosition _, out _) == FrameReadStatus.Error ? 1 : 0;
            var sequencer = new HeaderBlockSequencer(FrameReaderOptions.Default);
            errors += sequencer.TryAccept(continuation).IsError ? 1 : 0;
            return errors;
        }

        for (int i = 0; i < 100; i++)
        {
            Assert.Equal(3, Run());
        }

        long before = GC.GetAllocatedBytesForCurrentThread();
        int total = 0;
        for (int i = 0; i < 1000; i++)
        {
            total += Run();
        }

        long allocated = GC.GetAllocatedBytesForCurrentThread() - before;
        Assert.Equal(3000, total);
        Assert.Equal(0, allocated);
    }

    [Fact]
    public void SequencingHeaderBlocks_AllocatesNothing()
    {
        FrameHeader open = new(10, FrameType.Headers, FrameFlags.None, 1);
        FrameHeader more = new(0, FrameType.Continuation, FrameFlags.None, 1);
        FrameHeader end = new(5, FrameType.Continuation, FrameFlags.EndHeaders, 1);
        var sequencer = new HeaderBlockSequencer(FrameReaderOptions.Default);

        void Block(ref HeaderBlockSequencer s)
        {
            s.Accept(open);
            s.Accept(more);
            s.Accept(end);
        }

        for (int i = 0; i < 100; i++)
        {
            Block(ref sequencer);
        }

        long before = GC.GetAllocatedBytesForCurrentThread();
        for (int i = 0; i < 1000; i++)
        {
            Block(ref sequencer);
        }

        long allocated = GC.GetAllocatedBytesForCurrentThread() - before;
        Assert.Equal(1100, sequencer.CompletedBlocks);
        Assert.Equal(0, allocated);
    }
}
