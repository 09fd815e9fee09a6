using System;
using System.Buffers;
using System.Collections.Generic;

namespace Ht2.Tests.Reading;

/// <summary>Builds multi-segment <see cref="ReadOnlySequence{T}"/> values, the shape a pipe hands a reader.</summary>
internal static class TestSequence
{
    /// <summary>One segment per piece between consecutive cut positions (cuts must be ascending, inside 0..length).</summary>
    public static ReadOnlySequence<byte> Split(byte[] bytes, params int[] cuts)
    {
        var pieces = new List<ReadOnlyMemory<byte>>();
        int start = 0;
        foreach (int cut in cuts)
        {
            pieces.Add(bytes.AsMemory(start, cut - start));
            start = cut;
        }

        pieces.Add(bytes.AsMemory(start));
        return FromPieces(pieces);
    }

    /// <summary>Every byte in its own segment.</summary>
    public static ReadOnlySequence<byte> ByteBySegment(byte[] bytes)
    {
        var cuts = new int[Math.Max(0, bytes.Length - 1)];
        for (int i = 0; i < cuts.Length; i++)
        {
            cuts[i] = i + 1;
        }

        return Split(bytes, cuts);
    }

    /// <summary>Every way to cut the bytes into two segments, empty first or last segment included.</summary>
    public static IEnumerable<ReadOnlySequence<byte>> AllTwoWaySplits(byte[] bytes)
    {
        for (int cut = 0; cut <= bytes.Length; cut++)
        {
            yield return Split(bytes, cut);
        }
    }

    private static ReadOnlySequence<byte> FromPieces(List<ReadOnlyMemory<byte>> pieces)
    {
        // Each piece gets its own array so that no segment can read past its end into the next one.
        var first = new Segment(pieces[0].ToArray(), 0);
        Segment last = first;
        for (int i = 1; i < pieces.Count; i++)
        {
            last = last.Append(pieces[i].ToArray());
        }

        return new ReadOnlySequence<byte>(first, 0, last, last.Memory.Length);
    }

    private sealed class Segment : ReadOnlySequenceSegment<byte>
    {
        public Segment(byte[] bytes, long runningIndex)
        {
            Memory = bytes;
            RunningIndex = runningIndex;
        }

        public Segment Append(byte[] bytes)
        {
            var next = new Segment(bytes, RunningIndex + Memory.Length);
            Next = next;
            return next;
        }
    }
}
