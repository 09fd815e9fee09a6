using System;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace Ht2;

/// <summary>
/// A byte array allocated on the pinned object heap by <see cref="BufferPool"/>: it never moves, so
/// <see cref="Pointer"/> stays valid for the array's whole life without a GCHandle. Only the pool creates
/// them, which is what makes the pointer trustworthy. <c>default</c> is the empty buffer.
/// </summary>
public readonly unsafe struct PinnedBuffer
{
    private readonly byte[]? _array;

    internal PinnedBuffer(byte[] array) => _array = array;

    /// <summary>True for <c>default(PinnedBuffer)</c>.</summary>
    public bool IsEmpty => _array is null;

    /// <summary>The usable length: at least what was asked of <see cref="BufferPool.Rent"/>.</summary>
    public int Length => _array?.Length ?? 0;

    /// <summary>The first byte; valid until the buffer is returned (pinned object heap, never moves).</summary>
    public byte* Pointer => _array is null ? null : (byte*)Unsafe.AsPointer(ref MemoryMarshal.GetArrayDataReference(_array));

    /// <summary>The whole buffer as a span.</summary>
    public Span<byte> Span => _array;

    /// <summary>The whole buffer as memory (its Pin() is free: the array is already pinned).</summary>
    public Memory<byte> Memory => _array;

    internal byte[]? Array => _array;
}
