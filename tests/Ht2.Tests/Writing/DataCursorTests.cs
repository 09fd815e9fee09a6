using System;
using System.Collections.Generic;

namespace Ht2.Tests.Writing;

/// <summary>The one rule that cuts a DATA body into frames.</summary>
public sealed class DataCursorTests
{
    private static List<DataSlice> Cut(ReadOnlyMemory<byte>[] chunks, bool endStream, int maxLength)
    {
        DataCursor cursor = new(chunks, endStream);
        List<DataSlice> frames = Drain(ref cursor, chunks, maxLength);
        Assert.False(cursor.HasFrames);
        Assert.Equal(0, cursor.Remaining);
        return frames;
    }

    /// <summary>Every frame the cursor yields for <paramref name="maxLength"/>, until it says none fits.</summary>
    private static List<DataSlice> Drain(ref DataCursor cursor, ReadOnlyMemory<byte>[] chunks, int maxLength)
    {
        List<DataSlice> frames = [];
        while (cursor.TryNext(chunks, maxLength, out DataSlice slice))
        {
            // A cursor that stops advancing would loop here for ever: no body of these tests has 100 frames.
            Assert.True(frames.Count < 100, "The cursor yields frames without end.");
            frames.Add(slice);
        }

        return frames;
    }

    [Fact]
    public void FramesNeverCrossAChunk_SkipEmptyChunks_AndEndTheLastNonEmptyOne()
    {
        ReadOnlyMemory<byte>[] chunks = [new byte[10], ReadOnlyMemory<byte>.Empty, new byte[3], ReadOnlyMemory<byte>.Empty];

        Assert.Equal(
            [new DataSlice(0, 0, 4, false), new DataSlice(0, 4, 4, false), new DataSlice(0, 8, 2, false), new DataSlice(2, 0, 3, true)],
            Cut(chunks, endStream: true, maxLength: 4));
    }

    [Fact]
    public void WithoutEndStream_NoFrameCarriesIt()
    {
        Assert.Equal([new DataSlice(0, 0, 5, false)], Cut([new byte[5]], endStream: false, maxLength: 16_384));
    }

    [Fact]
    public void EmptyBody_WithEndStream_IsOneEmptyFrame_WithoutIt_Nothing()
    {
        Assert.Equal([new DataSlice(0, 0, 0, true)], Cut([ReadOnlyMemory<byte>.Empty], endStream: true, maxLength: 16_384));
        Assert.Empty(Cut([], endStream: false, maxLength: 16_384));
    }

    [Fact]
    public void ABudgetSmallerThanTheFrameSize_CutsAtTheBudget_AndResumesThere()
    {
        ReadOnlyMemory<byte>[] chunks = [new byte[100]];
        DataCursor cursor = new(chunks, endStream: true);

        Assert.True(cursor.TryNext(chunks, 30, out DataSlice first));
        Assert.Equal(new DataSlice(0, 0, 30, false), first);
        Assert.Equal(70, cursor.Remaining);
        Assert.True(cursor.TryNext(chunks, 16_384, out DataSlice rest));
        Assert.Equal(new DataSlice(0, 30, 70, true), rest);
        Assert.False(cursor.TryNext(chunks, 16_384, out _));
    }

    [Theory]
    [InlineData(0)]
    [InlineData(-1)]
    public void NoRoomForAByte_YieldsNoDataFrame_AndLeavesTheCursorWhereItWas(int maxLength)
    {
        ReadOnlyMemory<byte>[] chunks = [new byte[3], new byte[5]];
        DataCursor cursor = new(chunks, endStream: true);
        Assert.True(cursor.TryNext(chunks, 3, out DataSlice first));
        Assert.Equal(new DataSlice(0, 0, 3, false), first);

        Assert.Empty(Drain(ref cursor, chunks, maxLength));
        Assert.True(cursor.HasFrames);
        Assert.Equal(5, cursor.Remaining);
        Assert.Equal([new DataSlice(1, 0, 5, true)], Drain(ref cursor, chunks, 16_384));
        Assert.False(cursor.HasFrames);
    }

    [Fact]
    public void TheEmptyEndFrameOfAnEmptyBody_NeedsNoRoom_AndComesOnce()
    {
        ReadOnlyMemory<byte>[] chunks = [ReadOnlyMemory<byte>.Empty, ReadOnlyMemory<byte>.Empty];
        DataCursor cursor = new(chunks, endStream: true);
        Assert.True(cursor.HasFrames);
        Assert.Equal([new DataSlice(0, 0, 0, true)], Drain(ref cursor, chunks, 0));
        Assert.False(cursor.HasFrames);
        Assert.Empty(Drain(ref cursor, chunks, 16_384));
    }

    [Fact]
    public void ABodyThatEndsWithoutEndStream_HasNoFramesLeft_AndYieldsNoMore()
    {
        ReadOnlyMemory<byte>[] chunks = [new byte[4]];
        DataCursor cursor = new(chunks, endStream: false);
        Assert.Equal([new DataSlice(0, 0, 4, false)], Drain(ref cursor, chunks, 16_384));
        Assert.False(cursor.HasFrames);
        Assert.False(cursor.TryNext(chunks, 16_384, out DataSlice none));
        Assert.Equal(default, none);
    }

    [Fact]
    public void Of_IsThePayloadInItsChunk_AndNothingForTheEmptyEndFrame()
    {
        byte[] second = [10, 11, 12, 13, 14];
        ReadOnlyMemory<byte>[] chunks = [new byte[2], second];
        Assert.Equal(new byte[] { 12, 13 }, new DataSlice(1, 2, 2, false).Of(chunks).ToArray());

        // An empty body has no chunk to slice: its END_STREAM frame carries nothing.
        Assert.True(new DataSlice(0, 0, 0, true).Of([]).IsEmpty);
    }
}
