using System;
using System.Buffers;

namespace Ht2;

public sealed unsafe partial class MultiFrameWriter
{
    private const int MinimumChunkLength = 16 * 1024;

    // Staging: pinned pool buffers; only the newest one is filled, older ones stay rented because entries point into them.
    private PinnedBuffer[] _chunks = new PinnedBuffer[4];
    private int _chunkCount;
    private int _stagingUsed;
    private int _currentFrameFirst;

    /// <summary>Opens a frame record; entries appended from now on may merge with each other but not with earlier frames.</summary>
    private int BeginFrame()
    {
        _currentFrameFirst = _iovecCount;
        return _iovecCount;
    }

    /// <summary>Closes the frame record opened by <see cref="BeginFrame"/>.</summary>
    private void EndFrame(int firstIovec, uint streamId, FrameType type, int priority)
    {
        if (_frameCount == _frames.Length)
        {
            Array.Resize(ref _frames, _frames.Length * 2);
        }

        _frames[_frameCount++] = new FrameRecord
        {
            FirstIovec = firstIovec,
            IovecCount = _iovecCount - firstIovec,
            StreamId = streamId,
            Type = type,
            Priority = priority,
        };
        _hasPriorities |= priority != 0;
        _currentFrameFirst = _iovecCount;
    }

    /// <summary>Returns <paramref name="length"/> bytes of pinned staging after the committed bytes.</summary>
    private Span<byte> ReserveStaging(int length)
    {
        if (_chunkCount == 0 || _chunks[_chunkCount - 1].Length - _stagingUsed < length)
        {
            StartChunk(length);
        }

        return _chunks[_chunkCount - 1].Span.Slice(_stagingUsed, length);
    }

    /// <summary>Makes the next <paramref name="length"/> reserved staging bytes part of the batch.</summary>
    private void CommitStaging(int length)
    {
        // Staging chunks are BufferPool buffers on the pinned object heap: the address never moves.
        Append(_chunks[_chunkCount - 1].Pointer + _stagingUsed, (nuint)length);
        _stagingUsed += length;
    }

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
    }

    /// <summary>Appends an entry, extending the previous one when it belongs to the same frame and continues it in memory.</summary>
    private void Append(byte* start, nuint length)
    {
        if (length == 0)
        {
            return;
        }

        if (_iovecCount > _currentFrameFirst)
        {
            ref Iovec last = ref _iovecs[_iovecCount - 1];
            if ((byte*)last.Base + last.Length == start)
            {
                last.Length += length;
                return;
            }
        }

        if (_iovecCount == _iovecs.Length)
        {
            Array.Resize(ref _iovecs, _iovecs.Length * 2);
        }

        _iovecs[_iovecCount++] = new Iovec(start, length);
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
