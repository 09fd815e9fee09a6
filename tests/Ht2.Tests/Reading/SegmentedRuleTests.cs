using System;
using System.Buffers;
using Xunit;

namespace Ht2.Tests.Reading;

/// <summary>
/// How the reader runs a frame type's rules over a payload spread across segments: a fixed-field error wins over a
/// variable part that passes, fixed fields longer than the stack gather and a variable part that must be checked whole
/// are gathered in a pooled buffer (and give it back), and runs of whole units are handed over in place, segment by
/// segment, with only a straddling unit gathered. Frames are written by hand; the probe types are in RuleProbeFrames.
/// </summary>
public sealed class SegmentedRuleTests
{
    private static readonly FrameReaderOptions Probes = new FrameReaderOptions()
        .Register<CountedListFrame>()
        .Register<RecordedTripletFrame>()
        .Register<WideFrame>();

    /// <summary>CountedList on stream 1: Kind, then a list whose first byte is <paramref name="count"/>, then <paramref name="items"/> bytes 0x5A.</summary>
    private static byte[] CountedList(byte kind, byte count, int items)
    {
        int length = 2 + items;
        byte[] frame = new byte[FrameHeader.Size + length];
        frame[0] = (byte)(length >> 16);
        frame[1] = (byte)(length >> 8);
        frame[2] = (byte)length;
        frame[3] = 0xF4;
        frame[8] = 0x01;
        frame[9] = kind;
        frame[10] = count;
        frame.AsSpan(11).Fill(0x5A);
        return frame;
    }

    /// <summary>Wide on stream 3: 72 bytes of fixed fields, the last 8 of them <paramref name="last"/>.</summary>
    private static byte[] Wide(byte last)
    {
        byte[] frame = new byte[FrameHeader.Size + 72];
        frame[2] = 72;
        frame[3] = 0xF6;
        frame[8] = 0x03;
        frame.AsSpan(FrameHeader.Size, 64).Fill(0x11);
        frame[^1] = last;
        return frame;
    }

    [Fact]
    public void AFixedFieldError_IsReported_EvenWhenTheVariablePartPasses()
    {
        // Kind 0, list [1, 0x5A]: the count is right, the kind is not.
        byte[] frame = CountedList(kind: 0, count: 1, items: 1);
        ExpectEverywhere(frame, FrameReadStatus.Error, "Kind must be 1.", streamId: 1);
        ExpectEverywhere(CountedList(kind: 1, count: 1, items: 1), FrameReadStatus.Complete, null, streamId: 0);
    }

    [Fact]
    public void AWholePartRule_LongerThanTheStackGather_SeesThePartWhole_OverEverySegmentation()
    {
        // 100 list bytes: the count byte 99 and 99 items. Checked byte by byte or in pieces it would fail.
        ExpectEverywhere(CountedList(kind: 1, count: 99, items: 99), FrameReadStatus.Complete, null, streamId: 0);
        ExpectEverywhere(CountedList(kind: 1, count: 98, items: 99), FrameReadStatus.Error, "The count does not match the list.", streamId: 1);
    }

    [Fact]
    public void FixedFieldsLongerThanTheStackGather_AreReadOverEverySegmentation()
    {
        ExpectEverywhere(Wide(last: 7), FrameReadStatus.Complete, null, streamId: 0);
        ExpectEverywhere(Wide(last: 0), FrameReadStatus.Error, "The last field is 0.", streamId: 3);
    }

    [Fact]
    public void PooledGathers_GoBackToThePool_SoWarmSegmentedReadsAllocateNothing()
    {
        ReadOnlySequence<byte> list = TestSequence.ByteBySegment(CountedList(kind: 1, count: 99, items: 99));
        ReadOnlySequence<byte> wide = TestSequence.ByteBySegment(Wide(last: 7));
        for (int warm = 0; warm < 2; warm++)
        {
            ReadBoth(list, wide);
        }

        long before = GC.GetAllocatedBytesForCurrentThread();
        for (int i = 0; i < 200; i++)
        {
            ReadBoth(list, wide);
        }

        Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);

        static void ReadBoth(in ReadOnlySequence<byte> list, in ReadOnlySequence<byte> wide)
        {
            if (FrameReader.TryReadFrame(list, Probes, out _, out ReadOnlySequence<byte> _, out _, out _) != FrameReadStatus.Complete
                || FrameReader.TryReadFrame(wide, Probes, out _, out ReadOnlySequence<byte> _, out _, out _) != FrameReadStatus.Complete)
            {
                throw new InvalidOperationException("A warm read did not complete.");
            }
        }
    }

    [Fact]
    public void WholeUnits_AreHandedOverInPlace_SegmentBySegment_AndOnlyAStraddlingUnitIsGathered()
    {
        FrameHeader header = new(12, (FrameType)0xF5, FrameFlags.None, 1);
        byte[] units = [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12];
        RecordedTripletFrame.TakeChecked();

        // Segments of 6, 2 and 4 bytes: the first two units in place, the third gathered across the cut at 8, the last in place.
        Assert.False(FrameReader.CheckVariablePart<RecordedTripletFrame>(header, default, TestSequence.Split(units, 6, 8)).IsError);
        Assert.Equal([6, 3, 3], RecordedTripletFrame.TakeChecked());

        // One segment is checked as it is, even when empty.
        Assert.False(FrameReader.CheckVariablePart<RecordedTripletFrame>(header, default, new ReadOnlySequence<byte>(units)).IsError);
        Assert.Equal([12], RecordedTripletFrame.TakeChecked());
        Assert.False(FrameReader.CheckVariablePart<RecordedTripletFrame>(header with { Length = 0 }, default, ReadOnlySequence<byte>.Empty).IsError);
        Assert.Equal([0], RecordedTripletFrame.TakeChecked());

        // A straddling unit that breaks the rule is the error.
        units[6] = 0xFF;
        FrameError error = FrameReader.CheckVariablePart<RecordedTripletFrame>(header, default, TestSequence.Split(units, 6, 8));
        ReaderAssert.AssertError(error, Http2ErrorCode.ProtocolError, ErrorScope.Stream, 1);
        Assert.Equal([6, 3], RecordedTripletFrame.TakeChecked());
    }

    [Fact]
    public void ATypeWithoutAVariablePartRule_PassesAnySegmentedPart()
    {
        // PING has no rule over a variable part: nothing is gathered or checked, whatever the segments.
        FrameHeader header = new(8, FrameType.Ping, FrameFlags.None, 0);
        Assert.False(FrameReader.CheckVariablePart<PingFrame>(header, default, TestSequence.Split(new byte[8], 3, 5)).IsError);
    }

    /// <summary>One verdict from the span reader and from every segmentation of the sequence reader.</summary>
    private static void ExpectEverywhere(byte[] frame, FrameReadStatus expected, string? reason, uint streamId)
    {
        FrameReadStatus status = FrameReader.TryReadFrame(frame, Probes, out _, out ReadOnlySpan<byte> _, out _, out FrameError error);
        AssertVerdict(status, error);
        foreach (ReadOnlySequence<byte> sequence in TestSequence.AllTwoWaySplits(frame))
        {
            AssertVerdict(FrameReader.TryReadFrame(sequence, Probes, out _, out ReadOnlySequence<byte> _, out _, out FrameError seqError), seqError);
        }

        AssertVerdict(FrameReader.TryReadFrame(TestSequence.ByteBySegment(frame), Probes, out _, out ReadOnlySequence<byte> _, out _, out FrameError byteError), byteError);

        void AssertVerdict(FrameReadStatus actual, in FrameError actualError)
        {
            Assert.Equal(expected, actual);
            if (reason is null)
            {
                Assert.False(actualError.IsError, actualError.Reason);
                return;
            }

            ReaderAssert.AssertError(actualError, Http2ErrorCode.ProtocolError, ErrorScope.Stream, streamId);
            Assert.Equal(reason, actualError.Reason);
        }
    }
}
