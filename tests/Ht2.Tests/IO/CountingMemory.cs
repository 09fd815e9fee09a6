using System;
using System.Buffers;

namespace Ht2.Tests.IO;

/// <summary>A MemoryManager-backed payload that counts its Pin and Unpin calls; its bytes are on the pinned object heap.</summary>
internal sealed unsafe class CountingMemory(int length) : MemoryManager<byte>
{
    private readonly byte[] _bytes = GC.AllocateArray<byte>(length, pinned: true);

    public int Pins { get; private set; }

    public int Unpins { get; private set; }

    public override Span<byte> GetSpan() => _bytes;

    public override MemoryHandle Pin(int elementIndex = 0)
    {
        Pins++;

        // _bytes lives on the pinned object heap.
        return new MemoryHandle((byte*)System.Runtime.CompilerServices.Unsafe.AsPointer(ref _bytes[elementIndex]), pinnable: this);
    }

    public override void Unpin() => Unpins++;

    protected override void Dispose(bool disposing)
    {
    }
}
