using System;
using System.Buffers;

namespace Ht2;

public unsafe ref partial struct IovecBuilder
{
    private const int MinimumIovecCapacity = 64;
    private const int MinimumChunkLength = 16 * 1024;

    /// <summary>Returns <paramref name="length"/> bytes of pinned staging memory after the committed bytes.</summary>
    private Span<byte> ReserveStaging(int length)
    {
        if (_stagingLength - _stagingUsed < length)
        {
            StartChunk(length);
        }

        // _staging is the caller's pinned scratch or a pinned pool buffer.
        return new Span<byte>(_staging + _stagingUsed, length);
    }

    /// <summary>Makes the next <paramref name="length"/> reserved staging bytes part of the batch.</summary>
    private void CommitStaging(int length)
    {
        Append(_staging + _stagingUsed, (nuint)length);
        _stagingUsed += length;
    }

    /// <summary>Appends an entry, or extends the last one when the bytes continue it in memory.</summary>
    private void Append(byte* start, nuint length)
    {
        if (length == 0)
        {
            return;
        }

        if (_iovecCount > 0)
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
            GrowIovecs();
        }

        _iovecs[_iovecCount++] = new Iovec(start, length);
    }

    /// <summary>Pins <paramref name="memory"/> until Clear/Dispose and returns its address.</summary>
    private byte* Pin(ReadOnlyMemory<byte> memory)
    {
        if (memory.IsEmpty)
        {
            return null;
        }

        if (_pins is null || _pinCount == _pins.Length)
        {
            _pins = Grow(_pins, _pinCount);
        }

        // MemoryHandle: a pinned GCHandle (arrays, strings) or the owner's Pin(); released in Clear/Dispose.
        _pins[_pinCount] = memory.Pin();
        return (byte*)_pins[_pinCount++].Pointer;
    }

    /// <summary>Moves staging to a new pooled chunk; the old one stays rented because entries point into it.</summary>
    private void StartChunk(int length)
    {
        BufferPool pool = _pool ?? BufferPool.Shared;
        int wanted = Math.Max(length, Math.Min(Math.Max(MinimumChunkLength, _stagingLength * 2), BufferPool.MaximumPooledLength));
        PinnedBuffer chunk = pool.Rent(wanted);
        if (_chunks is null || _chunkCount == _chunks.Length)
        {
            _chunks = Grow(_chunks, _chunkCount);
        }

        _chunks[_chunkCount++] = chunk;
        _staging = chunk.Pointer;
        _stagingLength = chunk.Length;
        _stagingUsed = 0;
    }

    private void GrowIovecs()
    {
        Iovec[] larger = ArrayPool<Iovec>.Shared.Rent(Math.Max(MinimumIovecCapacity, _iovecs.Length * 2));
        _iovecs.Slice(0, _iovecCount).CopyTo(larger);
        if (_rentedIovecs is not null)
        {
            ArrayPool<Iovec>.Shared.Return(_rentedIovecs);
        }

        _rentedIovecs = larger;
        _iovecs = larger;
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

    /// <summary>
    /// Empties the batch for reuse: unpins referenced payloads and returns staging chunks, keeping the grown
    /// bookkeeping arrays. Entries handed out earlier become invalid.
    /// </summary>
    public void Clear()
    {
        for (int i = 0; i < _pinCount; i++)
        {
            _pins![i].Dispose();
        }

        BufferPool pool = _pool ?? BufferPool.Shared;
        for (int i = 0; i < _chunkCount; i++)
        {
            pool.Return(_chunks![i]);
            _chunks[i] = default;
        }

        _pinCount = 0;
        _chunkCount = 0;
        _iovecCount = 0;
        _totalLength = 0;
        _staging = _scratch;
        _stagingLength = _scratchLength;
        _stagingUsed = 0;
    }

    /// <summary>Releases every pin and pooled buffer and resets the builder to <c>default</c>.</summary>
    public void Dispose()
    {
        Clear();
        if (_rentedIovecs is not null)
        {
            ArrayPool<Iovec>.Shared.Return(_rentedIovecs);
        }

        if (_pins is not null)
        {
            ArrayPool<MemoryHandle>.Shared.Return(_pins, clearArray: true);
        }

        if (_chunks is not null)
        {
            ArrayPool<PinnedBuffer>.Shared.Return(_chunks, clearArray: true);
        }

        this = default;
    }
}
