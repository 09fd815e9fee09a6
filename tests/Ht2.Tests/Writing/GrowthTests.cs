using System;
using System.Collections.Generic;

namespace Ht2.Tests.Writing;

/// <summary>
/// The bookkeeping of a priority flush (sort keys, frame records, the reordered wire) grows by doubling: a batch that
/// grows by one frame per flush reallocates only when it outgrows what the last growth gave, so a connection whose
/// batches creep upwards does not allocate on every flush.
/// </summary>
public sealed class GrowthTests
{
    /// <summary>Adds <paramref name="frames"/> prioritized PINGs, flushes them and returns the bytes this thread allocated.</summary>
    private static long AddAndFlush(MultiFrameWriter writer, CountingTransport transport, int frames)
    {
        long before = GC.GetAllocatedBytesForCurrentThread();
        for (int i = 0; i < frames; i++)
        {
            writer.AddPrioritized(new PingFrame { OpaqueData = (ulong)i }, default, 1);
        }

        writer.WriteTo(transport);
        return GC.GetAllocatedBytesForCurrentThread() - before;
    }

    [Fact]
    public void PriorityFlushes_GrowingOneFrameAtATime_ReallocateOnlyWhenTheyOutgrowTheLastDoubling()
    {
        using MultiFrameWriter writer = new();
        CountingTransport transport = new();

        // 70 frames: keys and records for 70, the wire (70 frames + 1 staging entry) doubles from 64 to 128.
        // 71 frames: keys and records double to 140.
        Assert.NotEqual(0, AddAndFlush(writer, transport, 70));
        Assert.NotEqual(0, AddAndFlush(writer, transport, 71));
        List<int> allocating = [];
        for (int frames = 72; frames <= 140; frames++)
        {
            // 128 frames need 129 wire entries: the wire doubles to 256 there, and only there.
            if (AddAndFlush(writer, transport, frames) != 0)
            {
                allocating.Add(frames);
            }
        }

        Assert.Equal([128], allocating);
        Assert.Equal(17L * (70 + 71 + ((72 + 140) * 69 / 2)), transport.Written);
    }

    [Fact]
    public void PriorityFlush_AfterALargerOne_AllocatesNothing()
    {
        using MultiFrameWriter writer = new();
        CountingTransport transport = new();
        AddAndFlush(writer, transport, 100);
        Assert.Equal(0, AddAndFlush(writer, transport, 100));
        Assert.Equal(0, AddAndFlush(writer, transport, 3));
        Assert.Equal(17L * 203, transport.Written);
    }
}
