using System;
using System.Numerics;
using System.Threading;

namespace Ht2;

/// <summary>
/// A thread-safe pool of pinned byte buffers in power-of-two size classes from 4 KiB to 1 MiB. Each class keeps
/// at most <see cref="BuffersPerSizeClass"/> buffers, so retention is bounded; once warm, renting and returning
/// allocate nothing. Larger requests are served by fresh pinned arrays that are dropped on return.
/// </summary>
public sealed class BufferPool
{
    /// <summary>The smallest buffer handed out.</summary>
    public const int MinimumBufferLength = 4096;

    /// <summary>The largest buffer kept for reuse.</summary>
    public const int MaximumPooledLength = 1 << 20;

    private const int MinimumShift = 12;
    private const int SizeClassCount = 20 - MinimumShift + 1;

    // One slot array per size class; a slot holds a free buffer or null. Exchange/CompareExchange on single
    // slots make the pool lock-free and allocation-free.
    private readonly byte[]?[][] _classes;

    /// <summary>The process-wide pool (8 buffers per size class, at most about 16 MiB retained).</summary>
    public static BufferPool Shared { get; } = new();

    /// <summary>Creates a pool that keeps 8 buffers per size class.</summary>
    public BufferPool()
        : this(8)
    {
    }

    /// <summary>Creates a pool that keeps at most <paramref name="buffersPerSizeClass"/> buffers per size class.</summary>
    /// <exception cref="ArgumentOutOfRangeException">The count is negative or above 1024.</exception>
    public BufferPool(int buffersPerSizeClass)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(buffersPerSizeClass);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(buffersPerSizeClass, 1024);
        BuffersPerSizeClass = buffersPerSizeClass;
        _classes = new byte[]?[SizeClassCount][];
        for (int i = 0; i < _classes.Length; i++)
        {
            _classes[i] = new byte[]?[buffersPerSizeClass];
        }
    }

    /// <summary>How many free buffers each size class keeps at most.</summary>
    public int BuffersPerSizeClass { get; }

    /// <summary>Rents a pinned buffer of at least <paramref name="minimumLength"/> bytes (contents unspecified).</summary>
    /// <exception cref="ArgumentOutOfRangeException">The length is negative or above <see cref="Array.MaxLength"/>.</exception>
    public PinnedBuffer Rent(int minimumLength)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(minimumLength);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(minimumLength, Array.MaxLength);
        if (minimumLength > MaximumPooledLength)
        {
            return new PinnedBuffer(GC.AllocateUninitializedArray<byte>(minimumLength, pinned: true));
        }

        int sizeClass = SizeClassOf(minimumLength);
        byte[]?[] slots = _classes[sizeClass];
        for (int i = 0; i < slots.Length; i++)
        {
            // The plain read keeps threads from bouncing the cache line of empty slots.
            if (Volatile.Read(ref slots[i]) is not null && Interlocked.Exchange(ref slots[i], null) is { } array)
            {
                return new PinnedBuffer(array);
            }
        }

        return new PinnedBuffer(GC.AllocateUninitializedArray<byte>(MinimumBufferLength << sizeClass, pinned: true));
    }

    /// <summary>
    /// Gives a buffer back. It must come from <see cref="Rent"/> of this or another pool, be returned once, and not
    /// be used afterwards. When its size class is full, or it is larger than <see cref="MaximumPooledLength"/>,
    /// it is left to the GC.
    /// </summary>
    public void Return(PinnedBuffer buffer)
    {
        byte[]? array = buffer.Array;
        if (array is null || array.Length > MaximumPooledLength || !BitOperations.IsPow2(array.Length) || array.Length < MinimumBufferLength)
        {
            return;
        }

        byte[]?[] slots = _classes[SizeClassOf(array.Length)];
        for (int i = 0; i < slots.Length; i++)
        {
            if (Volatile.Read(ref slots[i]) is null && Interlocked.CompareExchange(ref slots[i], array, null) is null)
            {
                return;
            }
        }
    }

    /// <summary>Index of the smallest class holding <paramref name="length"/> bytes (length ≤ 1 MiB).</summary>
    private static int SizeClassOf(int length)
    {
        uint rounded = BitOperations.RoundUpToPowerOf2((uint)Math.Max(length, MinimumBufferLength));
        return BitOperations.Log2(rounded) - MinimumShift;
    }
}
