using System;
using System.Buffers;
using System.Runtime.CompilerServices;

namespace Ht2;

public sealed unsafe partial class MultiFrameWriter
{
    private const int MinimumChunkLength = 16 * 1024;

    // Staging: pinned pool buffers; only the newest one is filled, older ones stay rented because entries point into them.
    private PinnedBuffer[] _chunks = new PinnedBuffer[4];
    private int _chunkCount;
    private int _stagingUsed;
    private int _currentFrameFirst;

    // The newest chunk's address and length (0 when no chunk is counted), so Reserve/Commit skip the array lookups.
    private byte* _stagingPointer;
    private int _stagingCapacity;

    /// <summary>Opens a frame record; entries appended from now on may merge with each other but not with earlier frames.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private int BeginFrame()
    {
        _currentFrameFirst = _iovecCount;
        return _iovecCount;
    }

    /// <summary>Closes the frame record opened by <see cref="BeginFrame"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private void EndFrame(int firstIovec, uint streamId, FrameType type, int priority)
    {
        FrameRecord[] frames = _frames;
        int count = _frameCount;
        if ((uint)count >= (uint)frames.Length)
        {
            frames = GrowFrames();
        }

        ref FrameRecord record = ref frames[count];
        record.FirstIovec = firstIovec;
        record.IovecCount = _iovecCount - firstIovec;
        record.StreamId = streamId;
        record.Type = type;
        record.Priority = priority;
        _frameCount = count + 1;
        _hasPriorities |= priority != 0;
        _currentFrameFirst = _iovecCount;
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private FrameRecord[] GrowFrames()
    {
        Array.Resize(ref _frames, _frames.Length * 2);
        return _frames;
    }

    /// <summary>Returns <paramref name="length"/> bytes of pinned staging after the committed bytes.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private Span<byte> ReserveStaging(int length)
    {
        if (_stagingCapacity - _stagingUsed < length)
        {
            StartChunk(length);
        }

        // The newest chunk is a pinned BufferPool buffer with at least length bytes left after _stagingUsed.
        return new Span<byte>(_stagingPointer + _stagingUsed, length);
    }

    /// <summary>Makes the next <paramref name="length"/> reserved staging bytes part of the batch.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private void CommitStaging(int length)
    {
        // Staging chunks are BufferPool buffers on the pinned object heap: the address never moves.
        Append(_stagingPointer + _stagingUsed, (nuint)length);
        _stagingUsed += length;
    }

    /// <summary>Re-reads the newest chunk's address and length after the chunk list changed.</summary>
    private void SetCurrentChunk()
    {
        if (_chunkCount == 0)
        {
            _stagingPointer = null;
            _stagingCapacity = 0;
        }
        else
        {
            PinnedBuffer current = _chunks[_chunkCount - 1];
            _stagingPointer = current.Pointer;
            _stagingCapacity = current.Length;
        }
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private void StartChunk(int length)
    {
        int previous = _chunkCount == 0 ? 0 : _chunks[_chunkCount - 1].Length;
        int wanted = Math.Max(length, Math.Min(Math.Max(MinimumChunkLength, previous * 2), BufferPool.MaximumPooledLength));
        if (_chunkCount < _chunks.Length && !_chunks[_chunkCount].IsEmpty && _chunks[_chunkCount].Length >= wanted)
        {
            // The first chunk is kept across resets (slot 0 when _chunkCount is 0).
            _chunkCount++;
        }
        else
        {
            if (_chunkCount < _chunks.Length && !_chunks[_chunkCount].IsEmpty)
            {
                _pool.Return(_chunks[_chunkCount]);
            }

            if (_chunkCount == _chunks.Length)
            {
                Array.Resize(ref _chunks, _chunks.Length * 2);
            }

            _chunks[_chunkCount++] = _pool.Rent(wanted);
        }

        _stagingUsed = 0;
        SetCurrentChunk();
    }

    /// <summary>Appends an entry, extending the previous one when it belongs to the same frame and continues it in memory.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private void Append(byte* start, nuint length)
    {
        if (length == 0)
        {
            return;
        }

        Iovec[] iovecs = _iovecs;
        int count = _iovecCount;
        if (count > _currentFrameFirst)
        {
            ref Iovec last = ref iovecs[count - 1];
            if ((byte*)last.Base + last.Length == start)
            {
                last.Length += length;
                return;
            }
        }

        if ((uint)count >= (uint)iovecs.Length)
        {
            iovecs = GrowIovecs();
        }

        iovecs[count] = new Iovec(start, length);
        _iovecCount = count + 1;
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private Iovec[] GrowIovecs()
    {
        Array.Resize(ref _iovecs, _iovecs.Length * 2);
        return _iovecs;
    }

    /// <summary>Padding points at the shared zero buffer instead of being copied.</summary>
    private void AppendZeros(int count)
    {
        for (; count > 0; count -= ZeroPadding.Length)
        {
            // ZeroPadding is a static array on the pinned object heap.
            Append(ZeroPadding.Pointer, (nuint)Math.Min(count, ZeroPadding.Length));
        }
    }

    /// <summary>Pins <paramref name="memory"/> until the next reset and returns its address (null when empty).</summary>
    private byte* Pin(ReadOnlyMemory<byte> memory)
    {
        if (memory.IsEmpty)
        {
            return null;
        }

        if (_pinCount == _pins.Length)
        {
            Array.Resize(ref _pins, _pins.Length * 2);
        }

        // MemoryHandle: a pinned GCHandle (arrays) or the owner's Pin(); disposed in Reset/RollBack.
        _pins[_pinCount] = memory.Pin();
        return (byte*)_pins[_pinCount++].Pointer;
    }

    /// <summary>The batch state a failed multi-frame add returns to.</summary>
    private readonly record struct Mark(int IovecCount, int FrameCount, int PinCount, int ChunkCount, int StagingUsed, long TotalLength, bool HasPriorities);

    private Mark GetMark() => new(_iovecCount, _frameCount, _pinCount, _chunkCount, _stagingUsed, _totalLength, _hasPriorities);

    /// <summary>Undoes everything added after <paramref name="mark"/>; <c>default</c> empties the batch.</summary>
    private void RollBack(Mark mark)
    {
        for (int i = mark.PinCount; i < _pinCount; i++)
        {
            _pins[i].Dispose();
            _pins[i] = default;
        }

        // Keep the first chunk rented (slot 0) so a warm writer rents nothing per batch.
        int keep = Math.Max(mark.ChunkCount, Math.Min(1, _chunkCount));
        for (int i = keep; i < _chunkCount; i++)
        {
            _pool.Return(_chunks[i]);
            _chunks[i] = default;
        }

        _stagingUsed = mark.ChunkCount == keep ? mark.StagingUsed : 0;
        _chunkCount = mark.ChunkCount;
        _pinCount = mark.PinCount;
        _iovecCount = mark.IovecCount;
        _frameCount = mark.FrameCount;
        _totalLength = mark.TotalLength;
        _hasPriorities = mark.HasPriorities;
        _currentFrameFirst = _iovecCount;
        SetCurrentChunk();
    }

    private void ReleaseFirstChunk()
    {
        if (!_chunks[0].IsEmpty)
        {
            _pool.Return(_chunks[0]);
            _chunks[0] = default;
        }
    }
}
