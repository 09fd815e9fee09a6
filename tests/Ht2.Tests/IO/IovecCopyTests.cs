using System;
using System.Buffers;
using System.Collections.Generic;
using Xunit;

namespace Ht2.Tests.IO;

/// <summary>
/// The copy routines behind every coalesced write, called directly: piece by piece, with every loop bounded by the
/// test (a <see cref="Worker"/> or a counted number of pieces), so a copy that stops advancing fails in seconds.
/// </summary>
public sealed unsafe class IovecCopyTests
{
    private static readonly TimeSpan Bound = TimeSpan.FromSeconds(5);

    // Pinned for the whole test run: the entries below keep raw pointers into it.
    private static readonly byte[] Source = PinnedBytes.Counting(16, 1);

    /// <summary>Entries of 3, 0 and 5 bytes: the bytes 01 02 03 | (empty) | 04 05 06 07 08.</summary>
    private static Iovec[] ThreeEntries()
    {
        fixed (byte* start = Source)
        {
            // Source lives on the pinned object heap: the addresses stay valid after fixed ends.
            return [new Iovec(start, 3), new Iovec(start + 3, 0), new Iovec(start + 3, 5)];
        }
    }

    /// <summary>The bytes of <paramref name="count"/> copies into a destination of <paramref name="pieceLength"/> bytes, on a bounded worker.</summary>
    private static List<byte[]> CopyInPieces(Iovec[] entries, int pieceLength, int count)
    {
        List<byte[]> pieces = [];
        Worker.Run("copier", () =>
        {
            IovecCopier copier = default;
            byte[] destination = new byte[pieceLength];
            for (int piece = 0; piece < count; piece++)
            {
                int copied = copier.CopyTo(entries, destination);
                pieces.Add(destination.AsSpan(0, copied).ToArray());
            }
        }, Bound);
        return pieces;
    }

    [Fact]
    public void IovecCopier_FillsEachDestination_ResumingAtTheNextByte_AcrossEmptyEntries()
    {
        List<byte[]> pieces = CopyInPieces(ThreeEntries(), pieceLength: 3, count: 4);

        Assert.Equal(new byte[] { 0x01, 0x02, 0x03 }, pieces[0]);
        Assert.Equal(new byte[] { 0x04, 0x05, 0x06 }, pieces[1]);
        Assert.Equal(new byte[] { 0x07, 0x08 }, pieces[2]);
        Assert.Empty(pieces[3]);
    }

    [Fact]
    public void IovecCopier_ALargerDestination_TakesEveryByteInOneCall()
    {
        Iovec[] entries = ThreeEntries();
        byte[] destination = new byte[12];
        int copied = -1;
        Worker.Run("copier", () =>
        {
            IovecCopier copier = default;
            copied = copier.CopyTo(entries, destination);
        }, Bound);

        Assert.Equal(8, copied);
        Assert.Equal(new byte[] { 0x01, 0x02, 0x03, 0x04, 0x05, 0x06, 0x07, 0x08, 0, 0, 0, 0 }, destination);
    }

    [Fact]
    public void IovecCopier_TwoBytePieces_StartEachEntryAtItsFirstByte_AfterAnEntrySplitAcrossPieces()
    {
        List<byte[]> pieces = CopyInPieces(ThreeEntries(), pieceLength: 2, count: 5);

        // The first entry ends inside the second piece; the empty and the last entry are read from their own start.
        Assert.Equal(new byte[] { 0x01, 0x02 }, pieces[0]);
        Assert.Equal(new byte[] { 0x03, 0x04 }, pieces[1]);
        Assert.Equal(new byte[] { 0x05, 0x06 }, pieces[2]);
        Assert.Equal(new byte[] { 0x07, 0x08 }, pieces[3]);
        Assert.Empty(pieces[4]);
    }

    [Fact]
    public void IovecCopier_CopyNext_AfterTheLastByte_Throws_InsteadOfCopyingNothing()
    {
        Iovec[] entries = ThreeEntries();
        int copied = -1;
        InvalidOperationException? refused = null;
        Worker.Run("copier", () =>
        {
            IovecCopier copier = default;
            byte[] destination = new byte[8];
            copied = copier.CopyNext(entries, destination);
            refused = Assert.Throws<InvalidOperationException>(() => copier.CopyNext(entries, destination));
        }, Bound);

        Assert.Equal(8, copied);
        Assert.Equal("A coalesced copy asked for bytes after the last one.", refused!.Message);
    }

    [Fact]
    public void CoalescedCopy_IsSingle_OnlyForOneNonEmptyEntry()
    {
        Iovec[] entries = ThreeEntries();
        Assert.True(new CoalescedCopy(entries.AsSpan(0, 1)).IsSingle);
        Assert.False(new CoalescedCopy(entries.AsSpan(0, 2)).IsSingle);
        Assert.False(new CoalescedCopy(entries).IsSingle);
        Assert.False(new CoalescedCopy(entries.AsSpan(1, 1)).IsSingle);
        Assert.False(new CoalescedCopy(ReadOnlySpan<Iovec>.Empty).IsSingle);
    }

    [Fact]
    public void CoalescedCopy_AnEntryOfExactlyIntMaxValueBytes_IsStillWrittenInPlace()
    {
        // Never read: only the length decides whether the entry is written in place.
        Iovec[] entries = [new Iovec((void*)0x1000, int.MaxValue)];

        CoalescedCopy copy = new(entries);

        Assert.True(copy.IsSingle);
        Assert.Equal(int.MaxValue, copy.Total);
    }

    [Fact]
    public void CoalescedCopy_SeveralEntries_AreOnePieceInABufferSizedForTheBatch_ThenNoMore()
    {
        Iovec[] entries = ThreeEntries();
        CoalescedCopy copy = new(entries);
        List<byte[]> pieces = [];
        int largestBuffer = 0;
        try
        {
            // At most 3 tries: a copy that never reports the end fails here instead of looping.
            for (int i = 0; i < 3 && copy.TryCopyNext(entries, out ArraySegment<byte> piece); i++)
            {
                pieces.Add(piece.AsSpan().ToArray());
                largestBuffer = Math.Max(largestBuffer, piece.Array!.Length);
            }
        }
        finally
        {
            copy.Dispose();
        }

        Assert.Single(pieces);
        Assert.Equal(new byte[] { 0x01, 0x02, 0x03, 0x04, 0x05, 0x06, 0x07, 0x08 }, pieces[0]);

        // The pool rounds 8 bytes up to its smallest bucket; never a buffer of the 1 GiB piece limit.
        Assert.InRange(largestBuffer, 8, 4096);
    }

    [Fact]
    public void WriteCoalesced_ToABufferWriterWithThreeByteSpans_GivesEveryByteInOrder_AndStops()
    {
        Iovec[] entries = ThreeEntries();
        BoundedBufferWriter writer = new(spanLength: 3, maxCalls: 10);
        long written = -1;

        Worker.Run("coalesce", () => written = VectoredIO.WriteCoalesced(writer, entries), Bound);

        Assert.Equal(8, written);
        Assert.Equal(new byte[] { 0x01, 0x02, 0x03, 0x04, 0x05, 0x06, 0x07, 0x08 }, writer.Written.ToArray());
        Assert.Equal(3, writer.Calls);
    }

    /// <summary>Spans of a fixed length; more than <c>maxCalls</c> GetSpan calls throw, so a loop that never ends fails.</summary>
    private sealed class BoundedBufferWriter(int spanLength, int maxCalls) : IBufferWriter<byte>
    {
        private readonly byte[] _span = new byte[spanLength];

        public List<byte> Written { get; } = [];

        public int Calls { get; private set; }

        public void Advance(int count) => Written.AddRange(_span.AsSpan(0, count).ToArray());

        public Memory<byte> GetMemory(int sizeHint = 0) => throw new NotSupportedException();

        public Span<byte> GetSpan(int sizeHint = 0)
        {
            if (++Calls > maxCalls)
            {
                throw new InvalidOperationException($"More than {maxCalls} GetSpan calls: the copy does not end.");
            }

            return _span;
        }
    }
}
