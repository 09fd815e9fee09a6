using System;
using System.Collections.Generic;

namespace Ht2.Tests.Writing;

/// <summary>The one rule that cuts a DATA body into frames.</summary>
public sealed class DataCursorTests
{
    private static List<DataSlice> Cut(ReadOnlyMemory<byte>[] chunks, bool endStream, int maxLength)
    {
        DataCursor cursor = new(chunks, endStream);
        List<DataSlice> frames = [];
        while (cursor.TryNext(chunks, maxLength, out DataSlice slice))
        {
            // A cursor that stops advancing would loop here for ever: no body of these tests has 100 frames.
            Assert.True(frames.Count < 100, "The cursor yields frames without end.");
            frames.Add(slice);
        }

        Assert.False(cursor.HasFrames);
        Assert.Equal(0, cursor.Remaining);
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
