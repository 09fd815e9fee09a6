using System;
using System.Buffers;

namespace Ht2;

/// <summary>
/// How a batch of entries reaches a target that takes one buffer per call (a stream): a single entry is written in
/// place, without a copy; several are copied into one pooled buffer, piece after piece (one piece unless the batch
/// exceeds 1 GiB). The one copy routine behind every coalesced stream write, sync and async.
/// </summary>
/// <remarks>Use: <see cref="IsSingle"/> then the single entry; otherwise <see cref="TryCopyNext"/> until false, then
/// <see cref="Dispose"/> in a finally block. A local of one write; never copied once a piece is taken.</remarks>
internal unsafe struct CoalescedCopy : IDisposable
{
    // One rented buffer holds at most this much; only batches above 1 GiB are written in several calls.
    private const int MaxCoalesceLength = 1 << 30;

    private readonly byte* _single;
    private IovecCopier _copier;
    private byte[]? _buffer;
    private long _left;

    /// <summary>Starts the write of <paramref name="iovecs"/>.</summary>
    /// <exception cref="OverflowException">The entries add up to more than <see cref="long.MaxValue"/> bytes.</exception>
    public CoalescedCopy(ReadOnlySpan<Iovec> iovecs)
    {
        Total = IovecCopier.TotalLength(iovecs);
        _left = Total;
        _single = iovecs.Length == 1 && Total is > 0 and <= int.MaxValue ? (byte*)iovecs[0].Base : null;
    }

    /// <summary>The bytes the entries hold.</summary>
    public long Total { get; }

    /// <summary>True when the batch is one non-empty entry, written in place by <see cref="Single"/> or <see cref="SingleMemory"/>.</summary>
    public readonly bool IsSingle => _single is not null;

    /// <summary>The single entry's bytes; its owner keeps them pinned for the write (see <see cref="Iovec"/>).</summary>
    public readonly ReadOnlySpan<byte> Single => new(_single, (int)Total);

    /// <summary>The single entry's bytes as memory that can be held across awaits, through <paramref name="aim"/>.</summary>
    public readonly ReadOnlyMemory<byte> SingleMemory(PointerMemoryManager aim)
    {
        // Pinned by the batch's owner until the write completes (IFrameTransport's contract).
        aim.Set(_single, (int)Total);
        return aim.Memory;
    }

    /// <summary>Copies the next piece of the batch into the pooled buffer; false when every byte has been taken.</summary>
    public bool TryCopyNext(ReadOnlySpan<Iovec> iovecs, out ArraySegment<byte> piece)
    {
        if (_left == 0)
        {
            piece = default;
            return false;
        }

        _buffer ??= ArrayPool<byte>.Shared.Rent((int)Math.Min(_left, MaxCoalesceLength));
        int length = _copier.CopyNext(iovecs, _buffer.AsSpan(0, (int)Math.Min(_left, _buffer.Length)));
        _left -= length;
        piece = new ArraySegment<byte>(_buffer, 0, length);
        return true;
    }

    /// <summary>Returns the pooled buffer, if one was rented.</summary>
    public void Dispose()
    {
        if (_buffer is not null)
        {
            ArrayPool<byte>.Shared.Return(_buffer);
            _buffer = null;
        }
    }
}
