using Xunit;

namespace Ht2.Tests.IO;

/// <summary>A buffer the pool allocates is on the pinned object heap, so the kernel's pointer into it never moves.</summary>
public sealed class BufferPoolPinningTests
{
    [Fact]
    public void AFreshPooledBuffer_IsOnThePinnedObjectHeap_NotInTheYoungGeneration()
    {
        // A new pool holds nothing: the rent allocates. An ordinary 4 KiB array starts in generation 0; the pinned
        // object heap is collected with generation 2 and reports it.
        PinnedBuffer buffer = new BufferPool(buffersPerSizeClass: 1).Rent(BufferPool.MinimumBufferLength);

        Assert.Equal(2, System.GC.GetGeneration(buffer.Array!));
    }
}
