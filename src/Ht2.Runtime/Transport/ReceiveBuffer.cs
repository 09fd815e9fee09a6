using System;

namespace Ht2;

/// <summary>
/// Received bytes not consumed yet, in one pooled pinned buffer: the one receive discipline of the connection and
/// the session. A frame's bytes stay contiguous (the frame reader needs them in one span): when the tail has no room
/// for what is needed, the unconsumed bytes move to the front, and the buffer is replaced by a larger one only when
/// what is needed exceeds its length. The buffer is rented at the first read and returned by <see cref="Release"/>.
/// </summary>
/// <remarks>
/// Fill it like an <see cref="System.Buffers.IBufferWriter{T}"/>: <c>int n = await transport.ReadAsync(buffer.GetMemory(needed), ct);
/// buffer.Advance(n);</c> — no state machine of its own, so a pending read allocates nothing here. One reader at a time.
/// </remarks>
internal sealed class ReceiveBuffer
{
    private readonly BufferPool _pool;
    private readonly int _initialLength;
    private PinnedBuffer _buffer;
    private int _start;
    private int _end;

    /// <summary>A buffer of at least <paramref name="initialLength"/> bytes from <paramref name="pool"/>, rented at the first read.</summary>
    public ReceiveBuffer(BufferPool pool, int initialLength)
    {
        _pool = pool;
        _initialLength = initialLength;
    }

    /// <summary>The number of received bytes not consumed yet.</summary>
    public int Count => _end - _start;

    /// <summary>The received bytes not consumed yet.</summary>
    public ReadOnlySpan<byte> Span => _buffer.Span.Slice(_start, _end - _start);

    /// <summary>The received bytes not consumed yet, as memory (valid until the next <see cref="GetMemory"/>).</summary>
    public ReadOnlyMemory<byte> Memory => _buffer.Memory.Slice(_start, _end - _start);

    /// <summary>Marks <paramref name="bytes"/> at the front consumed; an emptied buffer starts again at its front.</summary>
    public void Consume(int bytes)
    {
        _start += bytes;
        if (_start == _end)
        {
            _start = _end = 0;
        }
    }

    /// <summary>Drops every unconsumed byte.</summary>
    public void Clear() => _start = _end = 0;

    /// <summary>
    /// The free memory after the received bytes, at least one byte, with room for <paramref name="needed"/> bytes
    /// counted from the first unconsumed one (moving them to the front or to a larger buffer first).
    /// </summary>
    public Memory<byte> GetMemory(int needed)
    {
        needed = Math.Max(needed, Count + 1);
        if (_buffer.IsEmpty)
        {
            _buffer = _pool.Rent(Math.Max(_initialLength, needed));
        }
        else if (_buffer.Length - _start < needed)
        {
            int buffered = _end - _start;
            if (_buffer.Length < needed)
            {
                PinnedBuffer larger = _pool.Rent(needed);
                _buffer.Span.Slice(_start, buffered).CopyTo(larger.Span);
                _pool.Return(_buffer);
                _buffer = larger;
            }
            else
            {
                _buffer.Span.Slice(_start, buffered).CopyTo(_buffer.Span);
            }

            _start = 0;
            _end = buffered;
        }

        return _buffer.Memory.Slice(_end);
    }

    /// <summary>Counts <paramref name="received"/> bytes just written into the memory of <see cref="GetMemory"/> as received.</summary>
    public void Advance(int received) => _end += received;

    /// <summary>Returns the buffer to the pool and forgets what it held; a later read rents a new one.</summary>
    public void Release()
    {
        if (!_buffer.IsEmpty)
        {
            _pool.Return(_buffer);
            _buffer = default;
        }

        _start = _end = 0;
    }
}
