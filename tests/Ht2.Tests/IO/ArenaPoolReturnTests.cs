using System;
using System.Buffers;
using Xunit;

namespace Ht2.Tests.IO;

/// <summary>
/// Where the arena's memory goes when it is no longer needed: chunks back to the arena's pool at the right moment,
/// outgrown bookkeeping arrays back to the shared array pool, cleared.
/// </summary>
public sealed unsafe class ArenaPoolReturnTests
{
    /// <summary>The pool's next 16 KiB buffer is the chunk at <paramref name="chunk"/>: it was given back.</summary>
    private static void AssertNextRentIs(BufferPool pool, nint chunk)
    {
        PinnedBuffer again = pool.Rent(16 * 1024);
        Assert.Equal(chunk, (nint)again.Pointer);
        pool.Return(again);
    }

    /// <summary>A pin array the shared pool hands this thread's next rent of its size (the array returned last).</summary>
    private static MemoryHandle[] NextPinArray()
    {
        MemoryHandle[] array = ArrayPool<MemoryHandle>.Shared.Rent(8);
        ArrayPool<MemoryHandle>.Shared.Return(array);
        return array;
    }

    [Fact]
    public void IovecBuilder_Clear_GivesItsChunkBackToThePool()
    {
        BufferPool pool = new(buffersPerSizeClass: 8);
        IovecBuilder builder = new(stackalloc Iovec[4], stackalloc byte[64], pool) { CopyThreshold = int.MaxValue };
        try
        {
            builder.AddSegment(new byte[3000]);

            // 3000 bytes do not fit the 64-byte scratch: they are staged in a 16 KiB chunk.
            nint chunk = (nint)builder.Iovecs[0].Base;
            builder.Clear();

            AssertNextRentIs(pool, chunk);
        }
        finally
        {
            builder.Dispose();
        }
    }

    [Fact]
    public void ARetainedChunkTooSmallForTheNextReservation_GoesBackToThePool()
    {
        BufferPool pool = new(buffersPerSizeClass: 8);
        byte* scratch = stackalloc byte[64];
        StagingArena arena = new(scratch, 64, pool, retainFirstChunk: true);
        try
        {
            arena.AppendCopy(new byte[100]);
            nint small = (nint)arena.Entries[0].Base;
            arena.Clear();

            // The retained 16 KiB chunk cannot hold 20 000 bytes: a 32 KiB one replaces it.
            arena.AppendCopy(new byte[20_000]);
            Assert.NotEqual(small, (nint)arena.Entries[0].Base);
            Assert.Equal(20_000, arena.TotalLength);

            AssertNextRentIs(pool, small);
        }
        finally
        {
            arena.Dispose();
        }
    }

    [Fact]
    public void AnOutgrownPinArray_GoesBackToTheSharedPool_Cleared()
    {
        MemoryHandle[] first = NextPinArray();

        byte* scratch = stackalloc byte[64];
        StagingArena arena = new(scratch, 64, new BufferPool(buffersPerSizeClass: 8), retainFirstChunk: false);
        try
        {
            // One pin more than the first array holds: the arena moves to a larger one.
            for (int i = 0; i <= first.Length; i++)
            {
                arena.Pin(new byte[1]);
            }
        }
        finally
        {
            arena.Dispose();
        }

        MemoryHandle[] again = ArrayPool<MemoryHandle>.Shared.Rent(8);
        try
        {
            Assert.Same(first, again);
            foreach (MemoryHandle handle in again)
            {
                Assert.True(handle.Pointer is null, "A returned pin array still holds a handle.");
            }
        }
        finally
        {
            ArrayPool<MemoryHandle>.Shared.Return(again);
        }
    }

    [Fact]
    public void APinArrayWithRoomLeft_IsKept_NotTradedForAnotherOnEachPin()
    {
        MemoryHandle[] first = NextPinArray();

        byte* scratch = stackalloc byte[64];
        StagingArena arena = new(scratch, 64, new BufferPool(buffersPerSizeClass: 8), retainFirstChunk: false);
        MemoryHandle[]? next = null;
        try
        {
            // The first pin takes that array; the second fits in it, so the arena gives nothing back to the pool.
            arena.Pin(new byte[1]);
            arena.Pin(new byte[1]);
            next = ArrayPool<MemoryHandle>.Shared.Rent(8);
            Assert.NotSame(first, next);
        }
        finally
        {
            if (next is not null)
            {
                ArrayPool<MemoryHandle>.Shared.Return(next);
            }

            arena.Dispose();
        }
    }
}
