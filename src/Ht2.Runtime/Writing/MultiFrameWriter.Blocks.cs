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
        ThrowIfDisposed();
        CheckDataStream(streamId);
        int last = chunks.Length - 1;
        while (last >= 0 && chunks[last].IsEmpty)
        {
            last--;
        }

        if (last < 0)
        {
            if (endStream)
            {
                DataFrame empty = new() { StreamId = streamId, Flags = FrameFlags.EndStream };
                AddChecked(in empty, null, default, priority);
            }

            return;
        }

        Mark mark = GetMark();
        try
        {
            for (int c = 0; c <= last; c++)
            {
                ReadOnlyMemory<byte> chunk = chunks[c];
                if (chunk.IsEmpty)
                {
                    continue;
                }

                byte* pinned = _arena.Pin(chunk);
                for (int offset = 0; offset < chunk.Length; offset += _maxFrameSize)
                {
                    int length = Math.Min(_maxFrameSize, chunk.Length - offset);
                    bool final = endStream && c == last && offset + length == chunk.Length;
                    DataFrame frame = new() { StreamId = streamId, Flags = final ? FrameFlags.EndStream : FrameFlags.None };

                    // pinned + offset stays inside the chunk pinned just above.
                    AddChecked(in frame, pinned + offset, new ReadOnlySpan<byte>(pinned + offset, length), priority);
                }
            }
        }
        catch
        {
            RollBack(mark);
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
        CheckDataStream(streamId);
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
            flags |= FrameFlags.Padded;
            headers.PadLength = (byte)pad;
        }

        if (priority is HeadersPriority fields)
        {
            flags |= FrameFlags.Priority;
            headers.StreamDependency = fields.StreamDependency;
            headers.Weight = fields.Weight;
            headers.Exclusive = fields.Exclusive;
        }

        headers.Flags = flags;
        int firstLength = Math.Min(headerBlock.Length, maxFrameSize - headers.GetPayloadLength(0));
        if (firstLength == headerBlock.Length)
        {
            headers.Flags |= FrameFlags.EndHeaders;
        }

        Mark mark = GetMark();
        try
        {
            bool copy = headerBlock.Length < _copyThreshold;
            byte* pinned = copy ? null : _arena.Pin(headerBlock);
            ReadOnlySpan<byte> block = headerBlock.Span;
            AddChecked(in headers, pinned, block.Slice(0, firstLength), sendPriority);
            for (int offset = firstLength; offset < block.Length; offset += maxFrameSize)
            {
                int length = Math.Min(maxFrameSize, block.Length - offset);
                ContinuationFrame continuation = new()
                {
                    StreamId = streamId,
                    Flags = offset + length == block.Length ? FrameFlags.EndHeaders : FrameFlags.None,
                };

                // pinned + offset stays inside the block pinned above.
                AddChecked(in continuation, copy ? null : pinned + offset, block.Slice(offset, length), sendPriority);
            }
        }
        catch
        {
            RollBack(mark);
            throw;
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

    private static void CheckDataStream(uint streamId)
    {
        FrameLimits.CheckStreamId(streamId);
        if (streamId == 0)
        {
            throw new ArgumentOutOfRangeException(nameof(streamId), streamId, "DATA, HEADERS and CONTINUATION need a stream id above 0.");
        }
    }
}
