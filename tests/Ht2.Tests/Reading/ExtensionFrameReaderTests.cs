using System;
using System.Buffers;
using Xunit;

namespace Ht2.Tests.Reading;

// A registered extension frame is checked by the same generated rules as the RFC 9113 frames, over the span and
// every segmentation of the sequence; an unregistered one stays unknown and is returned untouched (§5.5).
// Vectors are hand-written from RFC 9218 §7.1, RFC 8336 §2 and RFC 7838 §4.
public class ExtensionFrameReaderTests
{
    private static readonly FrameReaderOptions Registered = new FrameReaderOptions()
        .Register<PriorityUpdateFrame>()
        .Register<OriginFrame>()
        .Register<AltSvcFrame>()
        .Register<TripletFrame>();

    // PRIORITY_UPDATE on stream 1, prioritizing stream 3 with "u=1".
    private static readonly byte[] PriorityUpdateOnStreamOne =
        [0x00, 0x00, 0x07, 0x10, 0x00, 0x00, 0x00, 0x00, 0x01, 0x00, 0x00, 0x00, 0x03, 0x75, 0x3D, 0x31];

    [Fact]
    public void Unregistered_extension_frame_breaking_its_rules_is_returned_as_unknown()
    {
        Expect(PriorityUpdateOnStreamOne, FrameReaderOptions.Default, FrameReadStatus.Complete);
        Expect(PriorityUpdateOnStreamOne, new FrameReaderOptions(), FrameReadStatus.Complete);
    }

    [Fact]
    public void Registered_PriorityUpdate_on_a_stream_is_a_connection_protocol_error() =>
        Expect(PriorityUpdateOnStreamOne, Registered, FrameReadStatus.Error, Http2ErrorCode.ProtocolError, ErrorScope.Connection, 0);

    [Fact]
    public void Registered_PriorityUpdate_too_short_for_its_fixed_field_is_a_connection_frame_size_error() =>
        Expect([0x00, 0x00, 0x03, 0x10, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x03], Registered, FrameReadStatus.Error, Http2ErrorCode.FrameSizeError, ErrorScope.Connection, 0);

    [Fact]
    public void Registered_PriorityUpdate_on_stream_zero_is_read() =>
        Expect([0x00, 0x00, 0x07, 0x10, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x03, 0x75, 0x3D, 0x31], Registered, FrameReadStatus.Complete);

    [Fact]
    public void Origin_on_a_stream_is_ignored_not_an_error() =>
        // RFC 8336 §2.1: "MUST be ignored"; Origin-Len 3, "a.b".
        Expect([0x00, 0x00, 0x05, 0x0C, 0x00, 0x00, 0x00, 0x00, 0x05, 0x00, 0x03, 0x61, 0x2E, 0x62], Registered, FrameReadStatus.Ignored, Http2ErrorCode.NoError, ErrorScope.Ignore, 5);

    [Fact]
    public void Origin_on_stream_zero_is_read() =>
        Expect([0x00, 0x00, 0x05, 0x0C, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x03, 0x61, 0x2E, 0x62], Registered, FrameReadStatus.Complete);

    [Fact]
    public void AltSvc_on_stream_zero_without_origin_is_ignored() =>
        Expect([0x00, 0x00, 0x04, 0x0A, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x68, 0x33], Registered, FrameReadStatus.Ignored, Http2ErrorCode.NoError, ErrorScope.Ignore, 0);

    [Fact]
    public void AltSvc_on_a_stream_with_an_origin_is_ignored() =>
        Expect([0x00, 0x00, 0x05, 0x0A, 0x00, 0x00, 0x00, 0x00, 0x07, 0x00, 0x01, 0x61, 0x68, 0x33], Registered, FrameReadStatus.Ignored, Http2ErrorCode.NoError, ErrorScope.Ignore, 7);

    [Fact]
    public void AltSvc_on_a_stream_without_an_origin_is_read() =>
        Expect([0x00, 0x00, 0x04, 0x0A, 0x00, 0x00, 0x00, 0x00, 0x07, 0x00, 0x00, 0x68, 0x33], Registered, FrameReadStatus.Complete);

    [Fact]
    public void Units_of_the_variable_part_are_checked_across_segments()
    {
        // Three triplets; the third starts with 0xFF, wherever the segments cut it.
        byte[] bad = [0x00, 0x00, 0x09, 0xF3, 0x00, 0x00, 0x00, 0x00, 0x09, 0x01, 0x02, 0x03, 0x04, 0x05, 0x06, 0xFF, 0x08, 0x09];
        Expect(bad, Registered, FrameReadStatus.Error, Http2ErrorCode.ProtocolError, ErrorScope.Stream, 9);

        byte[] good = [0x00, 0x00, 0x09, 0xF3, 0x00, 0x00, 0x00, 0x00, 0x09, 0x01, 0x02, 0x03, 0x04, 0x05, 0x06, 0x07, 0x08, 0x09];
        Expect(good, Registered, FrameReadStatus.Complete);
    }

    [Fact]
    public void A_declared_stream_scope_size_error_waits_for_the_whole_frame() =>
        Expect([0x00, 0x00, 0x04, 0xF3, 0x00, 0x00, 0x00, 0x00, 0x09, 0x01, 0x02, 0x03, 0x04], Registered, FrameReadStatus.Error, Http2ErrorCode.FrameSizeError, ErrorScope.Stream, 9);

    [Fact]
    public void Register_refuses_the_shared_default_and_a_second_owner_of_a_type_byte()
    {
        InvalidOperationException shared = Assert.Throws<InvalidOperationException>(() => FrameReaderOptions.Default.Register<PriorityUpdateFrame>());
        Assert.Equal("FrameReaderOptions.Default is shared by every reader; register extension frames on an instance of your own.", shared.Message);

        var options = new FrameReaderOptions();
        Assert.Same(options, options.Register<PriorityUpdateFrame>().Register<PriorityUpdateFrame>());
        Assert.Same(options, options.Register<DataFrame>());
        InvalidOperationException owned = Assert.Throws<InvalidOperationException>(() => options.Register<NotDataFrame>());
        Assert.Equal("Frame type 0x00 is already read as DataFrame; it cannot also be NotDataFrame.", owned.Message);
    }

    [Fact]
    public void Reading_a_registered_extension_frame_allocates_nothing()
    {
        byte[] triplets = [0x00, 0x00, 0x06, 0xF3, 0x00, 0x00, 0x00, 0x00, 0x09, 0x01, 0x02, 0x03, 0x04, 0x05, 0x06];
        ReadOnlySequence<byte> segmented = TestSequence.ByteBySegment(triplets);
        for (int warm = 0; warm < 2; warm++)
        {
            ReadAll(triplets, segmented);
        }

        long before = GC.GetAllocatedBytesForCurrentThread();
        for (int i = 0; i < 1000; i++)
        {
            ReadAll(triplets, segmented);
        }

        Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);
    }

    private static void ReadAll(byte[] frame, in ReadOnlySequence<byte> segmented)
    {
        if (FrameReader.TryReadFrame(frame, Registered, out _, out ReadOnlySpan<byte> _, out _, out _) != FrameReadStatus.Complete
            || FrameReader.TryReadFrame(segmented, Registered, out _, out ReadOnlySequence<byte> _, out _, out _) != FrameReadStatus.Complete
            || FrameReader.TryReadFrame(PriorityUpdateOnStreamOne, Registered, out _, out ReadOnlySpan<byte> _, out _, out _) != FrameReadStatus.Error)
        {
            throw new InvalidOperationException("unexpected verdict");
        }
    }

    /// <summary>One verdict from the span reader and from every segmentation of the sequence reader.</summary>
    private static void Expect(byte[] frame, FrameReaderOptions options, FrameReadStatus expected, Http2ErrorCode code = default, ErrorScope scope = default, uint streamId = 0)
    {
        // A connection error consumes nothing; a complete, skipped (stream error) or ignored frame is consumed whole.
        int consumedLength = expected == FrameReadStatus.Error && scope == ErrorScope.Connection ? 0 : frame.Length;

        FrameReadStatus status = FrameReader.TryReadFrame(frame, options, out FrameHeader header, out ReadOnlySpan<byte> payload, out int consumed, out FrameError error);
        AssertVerdict(expected, code, scope, streamId, status, error);
        Assert.Equal(consumedLength, consumed);
        if (consumedLength > 0)
        {
            Assert.Equal(frame[FrameHeader.Size..], payload.ToArray());
            Assert.Equal(frame.Length - FrameHeader.Size, header.Length);
        }

        foreach (ReadOnlySequence<byte> sequence in TestSequence.AllTwoWaySplits(frame))
        {
            Check(sequence);
        }

        Check(TestSequence.ByteBySegment(frame));

        void Check(ReadOnlySequence<byte> sequence)
        {
            FrameReadStatus seqStatus = FrameReader.TryReadFrame(sequence, options, out _, out ReadOnlySequence<byte> _, out SequencePosition end, out FrameError seqError);
            AssertVerdict(expected, code, scope, streamId, seqStatus, seqError);
            Assert.Equal(consumedLength, sequence.Slice(sequence.Start, end).Length);
        }
    }

    private static void AssertVerdict(FrameReadStatus expected, Http2ErrorCode code, ErrorScope scope, uint streamId, FrameReadStatus status, in FrameError error)
    {
        Assert.Equal(expected, status);
        if (expected == FrameReadStatus.Complete)
        {
            Assert.False(error.IsError, error.Reason);
            return;
        }

        ReaderAssert.AssertError(error, code, scope, streamId);
    }
}

/// <summary>A user declaration of type 0x0, which belongs to <see cref="DataFrame"/>.</summary>
[Ht2Frame(FrameType.Data)]
public partial struct NotDataFrame
{
}
