using System;
using System.Buffers;
using Xunit;

namespace Ht2.Tests.Reading;

/// <summary>
/// Runs one input through all four reader entry points (span and sequence, throwing and not) and over every
/// two-segment split and a one-byte-per-segment sequence, and checks that they all agree.
/// </summary>
internal static class ReaderAssert
{
    public const int DefaultMax = 16384;

    /// <summary>Asserts that <paramref name="frame"/> is exactly one valid frame with these fields.</summary>
    public static void Valid(byte[] frame, FrameType type, FrameFlags flags, uint streamId, byte[] payload, int max = DefaultMax)
    {
        var status = FrameReader.TryReadFrame(frame, max, out FrameHeader header, out ReadOnlySpan<byte> body, out int consumed, out FrameError error);
        Assert.Equal(FrameReadStatus.Complete, status);
        Assert.False(error.IsError);
        Assert.Equal(new FrameHeader(payload.Length, type, flags, streamId), header);
        Assert.Equal(payload, body.ToArray());
        Assert.Equal(frame.Length, consumed);

        Assert.True(FrameReader.TryReadFrame(frame, max, out FrameHeader thrownHeader, out ReadOnlySpan<byte> thrownBody, out int thrownConsumed));
        Assert.Equal(header, thrownHeader);
        Assert.Equal(payload, thrownBody.ToArray());
        Assert.Equal(frame.Length, thrownConsumed);

        Assert.False(FrameReader.ValidateFrame(header, payload).IsError);

        foreach (ReadOnlySequence<byte> sequence in Sequences(frame))
        {
            var seqStatus = FrameReader.TryReadFrame(sequence, max, out FrameHeader seqHeader, out ReadOnlySequence<byte> seqBody, out SequencePosition seqConsumed, out FrameError seqError);
            Assert.Equal(FrameReadStatus.Complete, seqStatus);
            Assert.False(seqError.IsError);
            Assert.Equal(header, seqHeader);
            Assert.Equal(payload, seqBody.ToArray());
            Assert.Equal(frame.Length, sequence.Slice(sequence.Start, seqConsumed).Length);
            Assert.False(FrameReader.ValidateFrame(seqHeader, seqBody).IsError);

            Assert.True(FrameReader.TryReadFrame(sequence, max, out FrameHeader seqThrownHeader, out ReadOnlySequence<byte> _, out SequencePosition _));
            Assert.Equal(header, seqThrownHeader);
        }
    }

    /// <summary>
    /// Asserts that every entry point rejects <paramref name="frame"/> with this code and scope, and that a
    /// stream error reports the stream and the whole frame as consumed (so the connection can skip it).
    /// </summary>
    public static void Rejected(byte[] frame, Http2ErrorCode code, ErrorScope scope, uint streamId = 0, int max = DefaultMax)
    {
        int expectedConsumed = scope == ErrorScope.Stream ? frame.Length : 0;

        var status = FrameReader.TryReadFrame(frame, max, out _, out ReadOnlySpan<byte> _, out int consumed, out FrameError error);
        Assert.Equal(FrameReadStatus.Error, status);
        AssertError(error, code, scope, streamId);
        Assert.Equal(expectedConsumed, consumed);

        var thrown = Assert.Throws<Ht2ProtocolException>(() => FrameReader.TryReadFrame(frame, max, out _, out ReadOnlySpan<byte> _, out _));
        Assert.Equal(code, thrown.ErrorCode);
        Assert.Equal(scope, thrown.Scope);
        Assert.Equal(streamId, thrown.StreamId);

        foreach (ReadOnlySequence<byte> sequence in Sequences(frame))
        {
            var seqStatus = FrameReader.TryReadFrame(sequence, max, out _, out ReadOnlySequence<byte> _, out SequencePosition seqConsumed, out FrameError seqError);
            Assert.Equal(FrameReadStatus.Error, seqStatus);
            AssertError(seqError, code, scope, streamId);
            Assert.Equal(expectedConsumed, sequence.Slice(sequence.Start, seqConsumed).Length);

            var seqThrown = Assert.Throws<Ht2ProtocolException>(() => FrameReader.TryReadFrame(sequence, max, out _, out ReadOnlySequence<byte> _, out SequencePosition _));
            Assert.Equal(code, seqThrown.ErrorCode);
            Assert.Equal(scope, seqThrown.Scope);
        }

        // ValidateFrame sees the same rules when the whole frame is present (the size limit is the reader's own).
        if (frame.Length >= FrameHeader.Size)
        {
            FrameHeader header = FrameHeader.Read(frame);
            if (header.Length <= max && frame.Length == FrameHeader.Size + header.Length)
            {
                AssertError(FrameReader.ValidateFrame(header, frame.AsSpan(FrameHeader.Size)), code, scope, streamId);
                AssertError(FrameReader.ValidateFrame(header, TestSequence.ByteBySegment(frame[FrameHeader.Size..])), code, scope, streamId);
            }
        }
    }

    public static void AssertError(in FrameError error, Http2ErrorCode code, ErrorScope scope, uint streamId)
    {
        Assert.True(error.IsError);
        Assert.Equal(code, error.Code);
        Assert.Equal(scope, error.Scope);
        Assert.Equal(streamId, error.StreamId);
        Assert.False(string.IsNullOrEmpty(error.Reason));
    }

    private static System.Collections.Generic.IEnumerable<ReadOnlySequence<byte>> Sequences(byte[] frame)
    {
        yield return new ReadOnlySequence<byte>(frame);
        yield return TestSequence.ByteBySegment(frame);
        foreach (ReadOnlySequence<byte> split in TestSequence.AllTwoWaySplits(frame))
        {
            yield return split;
        }
    }
}
