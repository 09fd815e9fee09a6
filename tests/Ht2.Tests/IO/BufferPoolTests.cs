using System;
using System.Threading.Tasks;
using Xunit;

namespace Ht2.Tests.IO;

public sealed unsafe class BufferPoolTests
{
    [Theory]
    [InlineData(0, 4096)]
    [InlineData(1, 4096)]
    [InlineData(4097, 8192)]
    [InlineData(1 << 20, 1 << 20)]
    [InlineData((1 << 20) + 1, (1 << 20) + 1)]
    public void Rent_RoundsUpToASizeClass(int asked, int expected)
    {
        BufferPool pool = new(2);
        PinnedBuffer buffer = pool.Rent(asked);
        Assert.Equal(expected, buffer.Length);
        Assert.Equal(buffer.Length, buffer.Span.Length);
        Assert.True(buffer.Pointer != null);
        pool.Return(buffer);
    }

    [Fact]
    public void ReturnedBuffers_AreReused_UpToTheBound()
    {
        BufferPool pool = new(2);
        PinnedBuffer a = pool.Rent(5000), b = pool.Rent(5000), c = pool.Rent(5000);
        pool.Return(a);
        pool.Return(b);
        pool.Return(c); // the class is full: dropped

        PinnedBuffer x = pool.Rent(8000), y = pool.Rent(8000), z = pool.Rent(8000);
        Assert.True(x.Pointer == a.Pointer || x.Pointer == b.Pointer);
        Assert.True(y.Pointer == a.Pointer || y.Pointer == b.Pointer);
        Assert.True(z.Pointer != a.Pointer && z.Pointer != b.Pointer);
        pool.Return(default); // ignored
    }

    [Fact]
    public void Buffers_AreOnThePinnedHeap_AndDoNotMove()
    {
        PinnedBuffer buffer = BufferPool.Shared.Rent(100);
        byte* before = buffer.Pointer;
        GC.Collect(2, GCCollectionMode.Forced, blocking: true, compacting: true);
        Assert.True(before == buffer.Pointer);
        BufferPool.Shared.Return(buffer);
    }

    [Fact]
    public void ConcurrentRentAndReturn_NeverHandsOutOneBufferTwice()
    {
        BufferPool pool = new(4);
        Parallel.For(0, 4, worker =>
        {
            for (int i = 0; i < 20_000; i++)
            {
                PinnedBuffer buffer = pool.Rent(4096);
                buffer.Span[0] = (byte)worker;
                buffer.Span[4095] = (byte)worker;
                Assert.Equal((byte)worker, buffer.Span[0]);
                Assert.Equal((byte)worker, buffer.Span[4095]);
                pool.Return(buffer);
            }
        });
    }

    [Fact]
    public void Rent_RejectsNegativeLengths() => Assert.Throws<ArgumentOutOfRangeException>(() => BufferPool.Shared.Rent(-1));

    [Fact]
    public void Rent_RefusesLengthsAboveTheArrayLimit_AndServesTheLimitItself()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => BufferPool.Shared.Rent(Array.MaxLength + 1));
        Assert.Throws<ArgumentOutOfRangeException>(() => BufferPool.Shared.Rent(int.MaxValue));
    }

    [Fact]
    public void BuffersOutsideTheSizeClasses_AreNeverPooled()
    {
        BufferPool pool = new(4);
        PinnedBuffer oversized = pool.Rent(BufferPool.MaximumPooledLength + 1);
        PinnedBuffer tooShort = new(GC.AllocateArray<byte>(100, pinned: true));
        PinnedBuffer notAPowerOfTwo = new(GC.AllocateArray<byte>(5000, pinned: true));
        pool.Return(oversized);
        pool.Return(tooShort);
        pool.Return(notAPowerOfTwo);

        Assert.True(pool.Rent(BufferPool.MaximumPooledLength + 1).Pointer != oversized.Pointer);
        Assert.Equal(BufferPool.MaximumPooledLength, pool.Rent(BufferPool.MaximumPooledLength).Length);
        Assert.Equal(4096, pool.Rent(1).Length);
        Assert.Equal(8192, pool.Rent(4097).Length);
    }

    [Fact]
    public void EachSizeClass_KeepsItsOwnBuffers()
    {
        BufferPool pool = new(1);
        PinnedBuffer small = pool.Rent(4096);
        PinnedBuffer large = pool.Rent(BufferPool.MaximumPooledLength);
        pool.Return(small);
        pool.Return(large);

        Assert.True(pool.Rent(BufferPool.MaximumPooledLength).Pointer == large.Pointer);
        Assert.True(pool.Rent(4096).Pointer == small.Pointer);
        Assert.True(pool.Rent(4096).Pointer != small.Pointer);
    }

    [Fact]
    public void APoolOfZero_KeepsNothing()
    {
        BufferPool pool = new(0);
        PinnedBuffer buffer = pool.Rent(4096);
        pool.Return(buffer);
        Assert.True(pool.Rent(4096).Pointer != buffer.Pointer);
    }

    [Fact]
    public void TheEmptyBuffer_HasNoMemory()
    {
        PinnedBuffer empty = default;
        Assert.True(empty.IsEmpty);
        Assert.Equal(0, empty.Length);
        Assert.True(empty.Pointer == null);
        Assert.True(empty.Span.IsEmpty);
        Assert.True(empty.Memory.IsEmpty);
        Assert.False(BufferPool.Shared.Rent(1).IsEmpty);
    }
}
