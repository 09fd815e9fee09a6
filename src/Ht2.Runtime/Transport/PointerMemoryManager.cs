using System;
using System.Buffers;

namespace Ht2;

/// <summary>
/// Presents already pinned memory (a staging chunk or a payload under a held MemoryHandle) as
/// <see cref="Memory{T}"/> so it can be handed to Socket.SendAsync without copying. One instance per writer, re-aimed
/// before each use; Pin is free because the memory is pinned for as long as the writer's batch lives.
/// </summary>
internal sealed unsafe class PointerMemoryManager : MemoryManager<byte>
{
    private byte* _pointer;
    private int _length;

    /// <summary>Aims the manager at <paramref name="length"/> pinned bytes at <paramref name="pointer"/>.</summary>
    public void Set(byte* pointer, int length)
    {
        _pointer = pointer;
        _length = length;
    }

    /// <inheritdoc />
    public override Span<byte> GetSpan() => new(_pointer, _length);

    /// <inheritdoc />
    public override MemoryHandle Pin(int elementIndex = 0)
    {
        ArgumentOutOfRangeException.ThrowIfGreaterThan((uint)elementIndex, (uint)_length);

        // Already pinned by the writer (pinned object heap or a held MemoryHandle).
        return new MemoryHandle(_pointer + elementIndex);
    }

    /// <inheritdoc />
    public override void Unpin()
    {
    }

    /// <inheritdoc />
    protected override void Dispose(bool disposing)
    {
    }
}
