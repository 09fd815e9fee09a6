using System;

namespace Ht2;

/// <summary>
/// A position in a DATA body made of chunks, and the one rule that cuts it into frames: a frame never crosses a
/// chunk, never exceeds the size asked for, skips empty chunks, and END_STREAM goes on the frame that ends the last
/// non-empty chunk. An empty body with END_STREAM yields one empty frame. Used by every DATA writer (the batch
/// verb, <see cref="MultiFrameWriter"/> and the connection's flow-controlled sends) so the cut exists once.
/// </summary>
internal struct DataCursor
{
    private readonly int _last;
    private readonly bool _endStream;
    private int _index;
    private int _offset;
    private bool _emptyEndPending;

    /// <summary>A cursor at the start of <paramref name="chunks"/>.</summary>
    public DataCursor(ReadOnlySpan<ReadOnlyMemory<byte>> chunks, bool endStream)
    {
        long total = 0;
        _last = -1;
        for (int i = 0; i < chunks.Length; i++)
        {
            total += chunks[i].Length;
            _last = chunks[i].IsEmpty ? _last : i;
        }

        Remaining = total;
        _endStream = endStream;
        _emptyEndPending = endStream && _last < 0;
    }

    /// <summary>The body bytes not yet cut into frames.</summary>
    public long Remaining { get; private set; }

    /// <summary>True while a frame is still to come (bytes, or the empty END_STREAM frame of an empty body).</summary>
    public readonly bool HasFrames => Remaining > 0 || _emptyEndPending;

    /// <summary>
    /// Cuts the next frame of at most <paramref name="maxLength"/> bytes; false when nothing is left, or when bytes are
    /// left but <paramref name="maxLength"/> has no room for one (the empty END_STREAM frame of an empty body needs none).
    /// </summary>
    /// <param name="chunks">The same chunks the cursor was created over.</param>
    /// <param name="maxLength">The most payload bytes this frame may carry (the flow-control credit left, the frame size).</param>
    /// <param name="frame">Where the frame's payload is, and whether it carries END_STREAM.</param>
    public bool TryNext(ReadOnlySpan<ReadOnlyMemory<byte>> chunks, int maxLength, out DataSlice frame)
    {
        if (_emptyEndPending)
        {
            _emptyEndPending = false;
            frame = new DataSlice(0, 0, 0, EndStream: true);
            return true;
        }

        // Past the chunks already cut to their end, and the empty ones.
        while (_index <= _last)
        {
            if (_offset < chunks[_index].Length)
            {
                break;
            }

            _index++;
            _offset = 0;
        }

        // Every byte lies in chunks 0.._last, so running past the last chunk means nothing remains; a frame of data
        // needs room for at least one byte.
        if (_index > _last || maxLength <= 0)
        {
            frame = default;
            return false;
        }

        int length = Math.Min(maxLength, chunks[_index].Length - _offset);
        frame = new DataSlice(_index, _offset, length, _endStream && _index == _last && _offset + length == chunks[_index].Length);
        _offset += length;
        Remaining -= length;
        return true;
    }
}

/// <summary>One DATA frame's payload: <see cref="Length"/> bytes at <see cref="Offset"/> in chunk <see cref="Chunk"/>.</summary>
internal readonly record struct DataSlice(int Chunk, int Offset, int Length, bool EndStream)
{
    /// <summary>The payload as a slice of its chunk.</summary>
    public ReadOnlyMemory<byte> Of(ReadOnlySpan<ReadOnlyMemory<byte>> chunks) => Length == 0 ? default : chunks[Chunk].Slice(Offset, Length);
}
