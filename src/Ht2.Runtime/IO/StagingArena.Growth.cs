using System;
using System.Buffers;
using System.Runtime.CompilerServices;

namespace Ht2;

// Where the arena's memory comes from as it grows: staging chunks, entry buffers and bookkeeping arrays.
internal unsafe partial struct StagingArena
{
    [MethodImpl(MethodImplOptions.NoInlining)]
    private void StartChunk(int length)
    {
        // The run ends with the area it was staged in.
        CloseRun();
        int wanted = Math.Max(length, Math.Min(Math.Max(MinimumChunkLength, (int)(_end - _staging) * 2), BufferPool.MaximumPooledLength));
        if (_chunks is null || _chunkCount == _chunks.Length)
        {
            _chunks = Grow(_chunks, _chunkCount);
        }

        ref PinnedBuffer slot = ref _chunks[_chunkCount];
        if (slot.Length < wanted)
        {
            // A retained chunk too small for this reservation goes back before a larger one is rented.
            if (!slot.IsEmpty)
            {
                Pool.Return(slot);
            }

            slot = Pool.Rent(wanted);
        }

        _chunkCount++;
        StageAt(0);
    }

    // Makes the newest chunk (the scratch when there is none) the area being filled, with used bytes already
    // committed there and no run open in it (the limit shut at the cursor).
    private void StageAt(int used)
    {
        if (_chunkCount == 0)
        {
            _staging = _scratch;
            _end = _scratch + _scratchLength;
        }
        else
        {
            PinnedBuffer current = _chunks![_chunkCount - 1];
            _staging = current.Pointer;
            _end = current.Pointer + current.Length;
        }

        _cursor = _staging + used;
        _limit = _cursor;
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private void GrowEntries()
    {
        // A pool chunk lives on the pinned object heap, so the entries never move while they are in use.
        PinnedBuffer larger = Pool.Rent(checked(Math.Max(MinimumEntryCapacity, _entryCount * 2) * sizeof(Iovec)));
        Iovec* entries = (Iovec*)larger.Pointer;
        new ReadOnlySpan<Iovec>(_entries, _entryCount).CopyTo(new Span<Iovec>(entries, _entryCount));
        if (!_entryBuffer.IsEmpty)
        {
            Pool.Return(_entryBuffer);
        }

        _entryBuffer = larger;
        _entries = entries;
        _entryCapacity = larger.Length / sizeof(Iovec);
    }

    private static T[] Grow<T>(T[]? array, int count)
    {
        T[] larger = ArrayPool<T>.Shared.Rent(Math.Max(8, count * 2));
        if (array is not null)
        {
            array.AsSpan(0, count).CopyTo(larger);
            ArrayPool<T>.Shared.Return(array, clearArray: true);
        }

        return larger;
    }

    private static void Return<T>(ref T[]? array, bool clear)
    {
        if (array is not null)
        {
            ArrayPool<T>.Shared.Return(array, clear);
            array = null;
        }
    }
}
