using System;

namespace Ht2;

// A header block encoded straight into the batch's staging: an encoder's output is staged where it is written,
// without a second copy of the block (which for a response with large fields is most of the header work).
public sealed unsafe partial class MultiFrameWriter
{
    /// <summary>
    /// Room for the block of one HEADERS frame (no padding, no priority) of at most <paramref name="maxBlockLength"/>
    /// bytes (at most <see cref="MaxFrameSize"/>), right behind the room for its prefix, in pinned staging. The caller
    /// encodes the block into it and then calls <see cref="CommitHeaderBlock"/> before any other call on this writer;
    /// nothing is staged until then, so an encoder that fails leaves the batch unchanged.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="maxBlockLength"/> is negative or above <see cref="MaxFrameSize"/>.</exception>
    /// <exception cref="ObjectDisposedException">The writer is disposed.</exception>
    internal Span<byte> ReserveHeaderBlock(int maxBlockLength)
    {
        ThrowIfDisposed();
        ArgumentOutOfRangeException.ThrowIfNegative(maxBlockLength);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(maxBlockLength, _maxFrameSize);
        return Reserve(priority: 0, FrameHeader.Size + maxBlockLength).Slice(FrameHeader.Size);
    }

    /// <summary>
    /// Stages the HEADERS frame (END_HEADERS, and END_STREAM when <paramref name="endStream"/>) whose block of
    /// <paramref name="blockLength"/> bytes was encoded into the room <see cref="ReserveHeaderBlock"/> returned.
    /// </summary>
    /// <exception cref="ArgumentException">Stream 0 or a stream id above 2^31-1, or a block longer than <see cref="MaxFrameSize"/>; nothing is staged.</exception>
    internal void CommitHeaderBlock(uint streamId, int blockLength, bool endStream)
    {
        FrameLimits.CheckDataStream(streamId);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(blockLength, _maxFrameSize);
        HeadersFrame headers = new()
        {
            StreamId = streamId,
            Flags = endStream ? FrameFlags.EndHeaders | FrameFlags.EndStream : FrameFlags.EndHeaders,
        };

        // Nothing was staged since ReserveHeaderBlock, so the arena hands out the same room again, block included.
        Span<byte> room = Reserve(priority: 0, FrameHeader.Size + blockLength);
        int written = headers.WritePrefix(room, blockLength);
        Commit(room, written + blockLength);
        _frameCount++;
    }
}
