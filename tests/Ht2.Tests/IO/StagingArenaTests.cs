using System;
using System.Buffers;
using System.Collections.Generic;

namespace Ht2.Tests.IO;

/// <summary>The staging arena shared by IovecBuilder and MultiFrameWriter releases each pin and each pool chunk exactly once.</summary>
public sealed unsafe class StagingArenaTests
{
    /// <summary>Buffers the pool hands out now without allocating: exactly those returned to it earlier.</summary>
    internal static List<nint> RentPooledWithoutAllocating(BufferPool pool, int length, int max)
    {
        List<nint> pointers = new(max);
        PinnedBuffer[] rented = new PinnedBuffer[max];
        int count = 0;
        for (; count < max; count++)
        {
            long before = GC.GetAllocatedBytesForCurrentThread();
            PinnedBuffer buffer = pool.Rent(length);
            bool fresh = GC.GetAllocatedBytesForCurrentThread() != before;
            rented[count] = buffer;
            if (fresh)
            {
                break;
            }

            pointers.Add((nint)buffer.Pointer);
        }

        return pointers;
    }

    [Fact]
    public void IovecBuilder_ClearThenDispose_UnpinsEachPayloadOnce()
    {
        CountingMemory first = new(4096);
        CountingMemory second = new(4096);
        IovecBuilder builder = new(stackalloc Iovec[4], stackalloc byte[64]) { CopyThreshold = 16 };
        builder.AddSegment(first.Memory);
        builder.Clear();
        builder.AddSegment(second.Memory);
        builder.Dispose();
        builder.Dispose();

        Assert.Equal((1, 1), (first.Pins, first.Unpins));
        Assert.Equal((1, 1), (second.Pins, second.Unpins));
    }

    [Fact]
    public void MultiFrameWriter_ResetRollBackAndDispose_UnpinEachPayloadOnce()
    {
        CountingMemory kept = new(5000);
        CountingMemory rolledBack = new(5000);
        MultiFrameWriter writer = new() { CopyThreshold = 16 };
        writer.Add(new DataFrame { StreamId = 1 }, kept.Memory);

        // The second frame is rejected (stream id above 2^31-1): the whole AddFrames call is undone.
        DataFrame[] frames = [new DataFrame { StreamId = 3 }, new DataFrame { StreamId = 0x8000_0000 }];
        Assert.ThrowsAny<ArgumentException>(() => writer.AddFrames<DataFrame>(frames, [rolledBack.Memory, default]));
        Assert.Equal((1, 1), (rolledBack.Pins, rolledBack.Unpins));
        Assert.Equal((1, 0), (kept.Pins, kept.Unpins));

        writer.Reset();
        writer.Dispose();
        writer.Dispose();
        Assert.Equal((1, 1), (kept.Pins, kept.Unpins));
    }

    [Fact]
    public void IovecBuilder_Dispose_ReturnsEveryChunkOnce()
    {
        BufferPool pool = new(buffersPerSizeClass: 8);
        IovecBuilder builder = new(stackalloc Iovec[4], stackalloc byte[64], pool) { CopyThreshold = int.MaxValue };
        byte[] payload = new byte[3000];
        for (int i = 0; i < 40; i++)
        {
            builder.AddSegment(payload);
        }

        builder.Dispose();

        // 120 000 bytes: chunks of 16 KiB, 32 KiB and 64 KiB, each back in the pool once.
        List<nint> pooled = [];
        foreach (int length in new[] { 16 * 1024, 32 * 1024, 64 * 1024 })
        {
            List<nint> again = RentPooledWithoutAllocating(pool, length, 4);
            Assert.Single(again);
            pooled.AddRange(again);
        }

        Assert.Equal(3, new HashSet<nint>(pooled).Count);
    }

    [Fact]
    public void MultiFrameWriter_ResetKeepsOneChunk_DisposeReturnsItOnce()
    {
        BufferPool pool = new(buffersPerSizeClass: 8);
        MultiFrameWriter writer = new(pool);
        byte[] payload = new byte[1000];
        for (int i = 0; i < 40; i++)
        {
            writer.Add(new DataFrame { StreamId = 1 }, payload);
        }

        // 40 360 bytes: a 16 KiB and a 32 KiB chunk; Reset returns the second and keeps the first for the next batch.
        writer.Reset();
        Assert.Single(RentPooledWithoutAllocating(pool, 32 * 1024, 4));
        Assert.Empty(RentPooledWithoutAllocating(pool, 16 * 1024, 4));

        writer.Dispose();
        writer.Dispose();
        Assert.Single(RentPooledWithoutAllocating(pool, 16 * 1024, 4));
    }

    [Fact]
    public void MultiFrameWriter_AFirstFrameLargerThanTheKeptChunk_GoesIntoAChunkOfItsOwn_WhichResetGivesBack()
    {
        BufferPool pool = new(buffersPerSizeClass: 8);
        using MultiFrameWriter writer = new(pool) { CopyThreshold = 100_000, MaxFrameSize = 65_536 };
        writer.Add(new PingFrame());
        writer.Reset();

        // 40 009 bytes do not fit the kept 16 KiB chunk: they go into a 64 KiB chunk behind it, and the kept chunk
        // stays the writer's across both resets.
        writer.Add(new DataFrame { StreamId = 1 }, new byte[40_000]);
        writer.Reset();

        Assert.Single(RentPooledWithoutAllocating(pool, 64 * 1024, 4));
        Assert.Empty(RentPooledWithoutAllocating(pool, 16 * 1024, 4));
    }

    [Fact]
    public void MultiFrameWriter_AfterReset_StagesIntoTheKeptChunk_AndAFrameLargerThanItIntoANewOne()
    {
        using MultiFrameWriter writer = new(new BufferPool(buffersPerSizeClass: 8)) { CopyThreshold = 100_000, MaxFrameSize = 65_536 };
        writer.Add(new PingFrame { OpaqueData = 0x1111111111111111 });
        writer.Reset();

        // The kept 16 KiB chunk is where the next batch starts; a copied DATA frame of 40 009 bytes does not fit the
        // rest of it and goes into a chunk of its own, behind the PING.
        byte[] payload = new byte[40_000];
        for (int i = 0; i < payload.Length; i++)
        {
            payload[i] = (byte)(i * 7);
        }

        writer.Add(new PingFrame { OpaqueData = 0x0102030405060708 });
        writer.Add(new DataFrame { StreamId = 1, Flags = FrameFlags.EndStream }, payload);
        System.IO.MemoryStream output = new();
        writer.FlushTo(output);

        List<byte> expected =
        [
            0, 0, 8, 6, 0, 0, 0, 0, 0, 1, 2, 3, 4, 5, 6, 7, 8, // PING (RFC 9113 §6.7)
            0x00, 0x9C, 0x40, 0, 0x1, 0, 0, 0, 1, // DATA, length 40 000, END_STREAM, stream 1 (RFC 9113 §6.1)
        ];
        expected.AddRange(payload);
        Assert.Equal(expected.ToArray(), output.ToArray());
    }

    [Fact]
    public void IovecBuilder_RejectedFrame_LeavesNoEntry_EvenAfterAReferencedSegment()
    {
        byte[] segment = GC.AllocateArray<byte>(64, pinned: true);
        segment.AsSpan().Fill(0x5A);
        IovecBuilder builder = new(stackalloc Iovec[8], stackalloc byte[256]) { CopyThreshold = 16 };
        try
        {
            // A rejected first frame: no entry, no byte.
            Assert.True(RejectsPingOnStream1(ref builder));
            Assert.Equal(0, builder.IovecCount);
            Assert.Equal(0, builder.TotalLength);

            // After a referenced segment the next staged bytes need an entry of their own; a rejected frame adds none.
            builder.AddSegment(segment);
            Assert.True(RejectsPingOnStream1(ref builder));
            Assert.Equal(1, builder.IovecCount);
            Assert.Equal(64, builder.TotalLength);

            // PING (RFC 9113 §6.7): length 8, type 6, flags 0, stream 0, opaque data.
            builder.AddFrame(new PingFrame { OpaqueData = 0x0102030405060708 });
            Assert.Equal(2, builder.IovecCount);
            Iovec last = builder.Iovecs[1];
            Assert.Equal(
                new byte[] { 0, 0, 8, 6, 0, 0, 0, 0, 0, 1, 2, 3, 4, 5, 6, 7, 8 },
                new ReadOnlySpan<byte>(last.Base, (int)last.Length).ToArray());
        }
        finally
        {
            builder.Dispose();
        }

        // PING must be on stream 0 (RFC 9113 §6.7); a ref struct cannot go into Assert.Throws' lambda.
        static bool RejectsPingOnStream1(ref IovecBuilder builder)
        {
            try
            {
                builder.AddFrame(new PingFrame { StreamId = 1 });
                return false;
            }
            catch (ArgumentException)
            {
                return true;
            }
        }
    }
}
