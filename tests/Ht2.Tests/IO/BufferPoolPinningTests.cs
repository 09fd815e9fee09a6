using System.Runtime;
using System.Runtime.CompilerServices;
using Xunit;

namespace Ht2.Tests.IO;

/// <summary>A buffer the pool allocates is on the pinned object heap, so the kernel's pointer into it never moves.</summary>
public sealed unsafe class BufferPoolPinningTests
{
    [Fact]
    public void AFreshPooledBuffer_IsOnThePinnedObjectHeap_NotInTheYoungGeneration()
    {
        // A new pool holds nothing: the rent allocates. An ordinary 4 KiB array starts in generation 0; the pinned
        // object heap is collected with generation 2 and reports it.
        PinnedBuffer buffer = new BufferPool(buffersPerSizeClass: 1).Rent(BufferPool.MinimumBufferLength);

        Assert.Equal(2, System.GC.GetGeneration(buffer.Array!));
    }

    [Fact]
    public void ABufferAboveThePooledSizes_StaysInPlace_WhenTheLargeObjectHeapIsCompacted()
    {
        // An unpinned array above 85 000 bytes lives on the large object heap, which also reports generation 2 but
        // moves its objects when a compaction of it is asked for: a dead array allocated just before the rented one
        // leaves a gap that the compaction would close.
        BufferPool pool = new(buffersPerSizeClass: 1);
        for (int round = 0; round < 3; round++)
        {
            AllocateAndDropALargeArray();
            PinnedBuffer buffer = pool.Rent(BufferPool.MaximumPooledLength + 1);
            byte* before = buffer.Pointer;

            GCSettings.LargeObjectHeapCompactionMode = GCLargeObjectHeapCompactionMode.CompactOnce;
            System.GC.Collect(2, System.GCCollectionMode.Forced, blocking: true, compacting: true);

            Assert.True(before == buffer.Pointer, $"The {buffer.Length}-byte buffer moved in round {round}.");
        }
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static void AllocateAndDropALargeArray() => System.GC.KeepAlive(new byte[3 << 20]);
}
