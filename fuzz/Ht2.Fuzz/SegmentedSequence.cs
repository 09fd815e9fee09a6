using System;
using System.Buffers;

namespace Ht2.Fuzz;

/// <summary>Builds a multi-segment <see cref="ReadOnlySequence{T}"/> over a buffer, cut where a seeded generator says.</summary>
public static class SegmentedSequence
{
    /// <summary>
    /// Cuts <paramref name="bytes"/> into segments of 0..<paramref name="maxSegment"/> bytes (empty segments included:
    /// a pipe can hand those over too), chosen by <paramref name="random"/>.
    /// </summary>
    public static ReadOnlySequence<byte> Split(ReadOnlyMemory<byte> bytes, Random random, int maxSegment)
    {
        if (bytes.IsEmpty)
        {
            return ReadOnlySequence<byte>.Empty;
        }

        Segment first = new(bytes.Slice(0, Math.Min(bytes.Length, random.Next(0, maxSegment + 1))), 0);
        Segment last = first;
        int offset = first.Memory.Length;
        while (offset < bytes.Length)
        {
            int take = Math.Min(bytes.Length - offset, random.Next(0, maxSegment + 1));
            last = last.Append(bytes.Slice(offset, take));
            offset += take;
        }

        return new ReadOnlySequence<byte>(first, 0, last, last.Memory.Length);
    }

    private sealed class Segment : ReadOnlySequenceSegment<byte>
    {
        public Segment(ReadOnlyMemory<byte> memory, long runningIndex)
        {
            Memory = memory;
            RunningIndex = runningIndex;
        }

        public Segment Append(ReadOnlyMemory<byte> memory)
        {
            Segment next = new(memory, RunningIndex + Memory.Length);
            Next = next;
            return next;
        }
    }
}
