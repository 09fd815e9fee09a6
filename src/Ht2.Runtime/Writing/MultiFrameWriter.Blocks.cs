using System;
using System.IO;
using System.Net.Sockets;

namespace Ht2;

public sealed unsafe partial class MultiFrameWriter
{
    /// <summary>
    /// Adds DATA frames for <paramref name="chunks"/> on <paramref name="streamId"/>: each chunk is split at
    /// <see cref="MaxFrameSize"/>, END_STREAM goes on the last frame only, and payloads are never copied (each
    /// chunk is pinned once and every frame points into it). Empty chunks add no frame; with no bytes at all and
    /// <paramref name="endStream"/>, one empty DATA frame carries END_STREAM. All or nothing.
    /// </summary>
    /// <exception cref="ArgumentException">Stream 0 or a stream id above 2^31-1; the batch is unchanged.</exception>
    public void AddDataFrames(uint streamId, ReadOnlySpan<ReadOnlyMemory<byte>> chunks, bool endStream, int priority = 0)
    {
        DataCursor cursor = new(chunks, endStream);
        AddData(streamId, chunks, ref cursor, long.MaxValue, priority);
    }

    /// <summary>
    /// Adds the next DATA frames of a body, at most <paramref name="budget"/> payload bytes in all (the
    /// flow-control credit of a connection send), each at most <see cref="MaxFrameSize"/>. Every chunk touched is
    /// pinned once and its frames point into it. All or nothing: on failure the batch and the cursor are unchanged.
    /// </summary>
    /// <exception cref="ArgumentException">Stream 0 or a stream id above 2^31-1; the batch is unchanged.</exception>
    internal void AddData(uint streamId, ReadOnlySpan<ReadOnlyMemory<byte>> chunks, ref DataCursor cursor, long budget, int priority)
    {
        ThrowIfDisposed();
        FrameLimits.CheckDataStream(streamId);
        DataCursor start = cursor;
        Mark mark = GetMark();
        try
        {
            int pinnedChunk = -1;
            byte* pinned = null;
            // The cursor holds the rule: a frame of data needs budget, a body's empty END_STREAM frame needs none.
            while (cursor.HasFrames && cursor.TryNext(chunks, (int)Math.Min(budget, _maxFrameSize), out DataSlice slice))
            {
                budget -= slice.Length;
                if (slice.Length != 0 && slice.Chunk != pinnedChunk)
                {
                    pinned = _arena.Pin(chunks[slice.Chunk]);
                    pinnedChunk = slice.Chunk;
                }

                DataFrame frame = new() { StreamId = streamId, Flags = slice.EndStream ? FrameFlags.EndStream : FrameFlags.None };
                if (slice.Length == 0)
                {
                    AddCopied(in frame, default, priority);
                }
                else
                {
                    // pinned + Offset stays inside the chunk pinned above.
                    AddReferenced(in frame, pinned + slice.Offset, default, slice.Length, priority);
                }
            }
        }
        catch
        {
            RollBack(mark);
            cursor = start;
            throw;
        }
    }

    /// <summary>Adds DATA frames for one buffer; see <see cref="AddDataFrames"/>.</summary>
    /// <exception cref="ArgumentException">Stream 0 or a stream id above 2^31-1; the batch is unchanged.</exception>
    public void AddData(uint streamId, ReadOnlyMemory<byte> data, bool endStream, int priority = 0)
        => AddDataFrames(streamId, new ReadOnlySpan<ReadOnlyMemory<byte>>(in data), endStream, priority);

    /// <summary>
    /// Adds a header block as HEADERS followed by as many CONTINUATION frames as needed, each payload at most
    /// <paramref name="maxFrameSize"/> bytes: END_HEADERS on the last frame only, END_STREAM, padding and the
    /// priority fields on HEADERS. The frames are contiguous in the batch (and in the flush, whatever the
    /// priorities), so nothing can interleave the block. Fragments are zero-copy slices of
    /// <paramref name="headerBlock"/> (pinned once), or copied when the block is shorter than <see cref="CopyThreshold"/>.
    /// All checks happen before anything is staged.
    /// </summary>
    /// <param name="streamId">The stream (1..2^31-1).</param>
    /// <param name="headerBlock">The HPACK-encoded field block; may be empty.</param>
    /// <param name="endStream">Sets END_STREAM on the HEADERS frame.</param>
    /// <param name="maxFrameSize">The split size: 16384..<see cref="MaxFrameSize"/>.</param>
    /// <param name="padLength">When set, HEADERS is PADDED with this many zero bytes (0..255).</param>
    /// <param name="priority">When set, HEADERS carries the PRIORITY flag and these fields.</param>
    /// <param name="sendPriority">The batch priority of the whole block (see the class remarks).</param>
    /// <exception cref="ArgumentException">A limit is broken (stream id, padding, split size); the batch is unchanged.</exception>
    public void AddHeadersWithContinuations(
        uint streamId,
        ReadOnlyMemory<byte> headerBlock,
        bool endStream,
        int maxFrameSize,
        int? padLength = null,
        HeadersPriority? priority = null,
        int sendPriority = 0)
    {
        ThrowIfDisposed();
        FrameLimits.CheckDataStream(streamId);
        FrameLimits.CheckPadding(padLength);
        FrameLimits.CheckSplitSize(maxFrameSize, _maxFrameSize);
        if (priority is HeadersPriority p)
        {
            FrameLimits.CheckStreamId(p.StreamDependency);
        }

        HeadersFrame headers = new() { StreamId = streamId };
        FrameFlags flags = endStream ? FrameFlags.EndStream : FrameFlags.None;
        if (padLength is int pad)
        {
            // Stryker disable once Assignment : PADDED is not set before this line, so ^= sets it exactly as |= does.
            flags |= FrameFlags.Padded;
            headers.PadLength = (byte)pad;
        }

        if (priority is HeadersPriority fields)
        {
            // Stryker disable once Assignment : PRIORITY is not set before this line, so ^= sets it exactly as |= does.
            flags |= FrameFlags.Priority;
            headers.StreamDependency = fields.StreamDependency;
            headers.Weight = fields.Weight;
            headers.Exclusive = fields.Exclusive;
        }

        headers.Flags = flags;
        int firstLength = Math.Min(headerBlock.Length, maxFrameSize - headers.GetPayloadLength(0));
        if (firstLength == headerBlock.Length)
        {
            // Stryker disable once Assignment : END_HEADERS is not set before this line, so ^= sets it exactly as |= does.
            headers.Flags |= FrameFlags.EndHeaders;
        }

        Mark mark = GetMark();
        try
        {
            bool copy = headerBlock.Length < _copyThreshold;
            byte* pinned = copy ? null : _arena.Pin(headerBlock);
            ReadOnlySpan<byte> block = headerBlock.Span;
            AddFragment(in headers, pinned, block, 0, firstLength, sendPriority);
            for (int offset = firstLength; offset < block.Length; offset += maxFrameSize)
            {
                int length = Math.Min(maxFrameSize, block.Length - offset);
                ContinuationFrame continuation = new()
                {
                    StreamId = streamId,
                    Flags = offset + length == block.Length ? FrameFlags.EndHeaders : FrameFlags.None,
                };

                AddFragment(in continuation, pinned, block, offset, length, sendPriority);
            }
        }
        catch
        {
            RollBack(mark);
            throw;
        }
    }

    /// <summary>Stages one frame of a header block: copied when the block is not pinned, else referenced inside it.</summary>
    private void AddFragment<TFrame>(in TFrame frame, byte* pinnedBlock, ReadOnlySpan<byte> block, int offset, int length, int priority)
        where TFrame : struct, IHt2Frame<TFrame>
    {
        if (pinnedBlock is null)
        {
            AddCopied(in frame, block.Slice(offset, length), priority);
        }
        else
        {
            // pinnedBlock + offset stays inside the block, pinned by the caller until Reset.
            AddReferenced(in frame, pinnedBlock + offset, default, length, priority);
        }
    }

    /// <summary>Adds a header block split at <see cref="MaxFrameSize"/>; see the overload with a split size.</summary>
    /// <exception cref="ArgumentException">A limit is broken; the batch is unchanged.</exception>
    public void AddHeadersWithContinuations(uint streamId, ReadOnlyMemory<byte> headerBlock, bool endStream, int? padLength = null, HeadersPriority? priority = null)
        => AddHeadersWithContinuations(streamId, headerBlock, endStream, _maxFrameSize, padLength, priority);

    /// <summary>Adds a header block (see <see cref="AddHeadersWithContinuations(uint, ReadOnlyMemory{byte}, bool, int, int?, HeadersPriority?, int)"/>) and flushes the batch to a socket.</summary>
    /// <exception cref="ArgumentException">A limit is broken; nothing is written and the batch is unchanged.</exception>
    /// <exception cref="VectoredIOException">The system refused the write.</exception>
    public long WriteHeadersWithContinuations(Socket target, uint streamId, ReadOnlyMemory<byte> headerBlock, bool endStream, int maxFrameSize, int? padLength = null, HeadersPriority? priority = null)
    {
        AddHeadersWithContinuations(streamId, headerBlock, endStream, maxFrameSize, padLength, priority);
        return FlushTo(target);
    }

    /// <summary>Adds a header block and flushes the batch to a stream in one coalesced write.</summary>
    /// <exception cref="ArgumentException">A limit is broken; nothing is written and the batch is unchanged.</exception>
    public long WriteHeadersWithContinuations(Stream target, uint streamId, ReadOnlyMemory<byte> headerBlock, bool endStream, int maxFrameSize, int? padLength = null, HeadersPriority? priority = null)
    {
        AddHeadersWithContinuations(streamId, headerBlock, endStream, maxFrameSize, padLength, priority);
        return FlushTo(target);
    }
}
