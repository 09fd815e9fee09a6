using System;

namespace Ht2;

public sealed unsafe partial class MultiFrameWriter
{
    // Raw bytes (AddBytes) are not a frame; for the priority rule they chain on stream 0 like SETTINGS.
    private const FrameType RawBytesType = (FrameType)0xFF;

    /// <summary>
    /// Rebuilds one record per frame, and where its bytes start, for a priority reorder. The Adds keep only a record
    /// per run; inside a frame run the frames lie back to back, each beginning with its own 9-byte header, whose
    /// Length field (the payload with padding and fixed fields) gives the frame's size, and whose type and stream id
    /// are what the priority rule needs.
    /// </summary>
    private void IndexFrames(ReadOnlySpan<Iovec> entries)
    {
        if (_frames.Length < _frameCount)
        {
            _frames = new FrameRecord[Math.Max(_frameCount, _frames.Length * 2)];
            _framePositions = new FramePosition[_frames.Length];
        }

        long total = _arena.TotalLength;
        int frame = 0;
        int entry = 0;
        nuint offset = 0;
        for (int r = 0; r < _runCount; r++)
        {
            AddRun run = _runs[r];
            long end = r + 1 < _runCount ? _runs[r + 1].Start : total;
            if (run.IsRaw)
            {
                FrameRecord raw = new() { Length = checked((int)(end - run.Start)), StreamId = 0, Type = RawBytesType };
                IndexFrame(entries, ref frame, ref entry, ref offset, raw, run.Priority);
                continue;
            }

            for (long position = run.Start; position < end; position += _frames[frame - 1].Length)
            {
                IndexFrame(entries, ref frame, ref entry, ref offset, ReadRecord(entries, entry, offset), run.Priority);
            }
        }

        if (frame != _frameCount)
        {
            ThrowFrameCountMismatch();
        }
    }

    private void IndexFrame(ReadOnlySpan<Iovec> entries, ref int frame, ref int entry, ref nuint offset, FrameRecord record, int priority)
    {
        if (frame == _frameCount)
        {
            ThrowFrameCountMismatch();
        }

        record.Priority = priority;
        _frames[frame] = record;
        _framePositions[frame] = new FramePosition(entry, offset);
        frame++;
        VectoredIO.Advance(entries, ref entry, ref offset, (nuint)record.Length);
    }

    private void ThrowFrameCountMismatch() =>
        throw new InvalidOperationException($"The staged bytes do not hold the {_frameCount} frames that were added.");

    /// <summary>Reads the frame header staged at (<paramref name="entry"/>, <paramref name="offset"/>), across entries if it must.</summary>
    private static FrameRecord ReadRecord(ReadOnlySpan<Iovec> entries, int entry, nuint offset)
    {
        Span<byte> bytes = stackalloc byte[FrameHeader.Size];
        for (int copied = 0; copied < bytes.Length; entry++, offset = 0)
        {
            Iovec source = entries[entry];
            int take = (int)Math.Min(source.Length - offset, (nuint)(bytes.Length - copied));

            // Every entry points at staging or a payload pinned until Reset.
            new ReadOnlySpan<byte>((byte*)source.Base + offset, take).CopyTo(bytes.Slice(copied));
            copied += take;
        }

        FrameHeader header = FrameHeader.Read(bytes);
        return new FrameRecord { Length = FrameHeader.Size + header.Length, StreamId = header.StreamId, Type = header.Type };
    }
}
