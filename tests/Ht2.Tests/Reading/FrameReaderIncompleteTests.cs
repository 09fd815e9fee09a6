using System;
using System.Buffers;
using System.Collections.Generic;
using Xunit;

namespace Ht2.Tests.Reading;

// A reader must say "need more" for every prefix of a valid frame, and must refuse an oversized frame from its
// 9 header bytes alone, before any of the payload has arrived, against the limit it advertised, never the peer's.
public class FrameReaderIncompleteTests
{
    public static IEnumerable<object[]> ValidFrames() => new[]
    {
        new object[] { new byte[] { 0x00, 0x00, 0x03, 0x00, 0x01, 0x00, 0x00, 0x00, 0x01, 0x61, 0x62, 0x63 } },
        new object[] { new byte[] { 0x00, 0x00, 0x08, 0x01, 0x2C, 0x00, 0x00, 0x00, 0x03, 0x01, 0x80, 0x00, 0x00, 0x01, 0x0F, 0x82, 0x00 } },
        new object[] { new byte[] { 0x00, 0x00, 0x0C, 0x04, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x03, 0x00, 0x00, 0x00, 0x64, 0x00, 0x04, 0x00, 0x00, 0xFF, 0xFF } },
        new object[] { new byte[] { 0x00, 0x00, 0x08, 0x06, 0x00, 0x00, 0x00, 0x00, 0x00, 1, 2, 3, 4, 5, 6, 7, 8 } },
        new object[] { new byte[] { 0x00, 0x00, 0x04, 0x08, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x03, 0xE8 } },
        new object[] { new byte[] { 0x00, 0x00, 0x00, 0x04, 0x01, 0x00, 0x00, 0x00, 0x00 } },
    };

    [Theory]
    [MemberData(nameof(ValidFrames))]
    public void EveryCutOfAValidFrame_NeedsMoreData_AndConsumesNothing(byte[] frame)
    {
        for (int cut = 0; cut < frame.Length; cut++)
        {
            byte[] prefix = frame[..cut];

            Assert.Equal(FrameReadStatus.NeedMoreData, FrameReader.TryReadFrame(prefix, 16384, out _, out ReadOnlySpan<byte> _, out int consumed, out FrameError error));
            Assert.Equal(0, consumed);
            Assert.False(error.IsError);
            Assert.False(FrameReader.TryReadFrame(prefix, 16384, out _, out ReadOnlySpan<byte> _, out _));

            var sequences = new List<ReadOnlySequence<byte>> { new(prefix) };
            if (cut > 0)
            {
                sequences.Add(TestSequence.ByteBySegment(prefix));
            }

            foreach (ReadOnlySequence<byte> sequence in sequences)
            {
                Assert.Equal(FrameReadStatus.NeedMoreData, FrameReader.TryReadFrame(sequence, 16384, out _, out ReadOnlySequence<byte> _, out SequencePosition position, out FrameError seqError));
                Assert.Equal(0, sequence.Slice(sequence.Start, position).Length);
                Assert.False(seqError.IsError);
                Assert.False(FrameReader.TryReadFrame(sequence, 16384, out _, out ReadOnlySequence<byte> _, out SequencePosition _));
            }
        }
    }

    [Fact]
    public void HeaderOnly_ReportsTheHeaderWhileWaitingForThePayload()
    {
        byte[] headerOnly = { 0x00, 0x00, 0x03, 0x00, 0x01, 0x00, 0x00, 0x00, 0x01 };
        Assert.Equal(FrameReadStatus.NeedMoreData, FrameReader.TryReadFrame(headerOnly, 16384, out FrameHeader header, out ReadOnlySpan<byte> _, out _, out _));
        Assert.Equal(new FrameHeader(3, FrameType.Data, FrameFlags.EndStream, 1), header);
    }

    [Fact]
    public void LengthAboveLocalMax_IsConnectionFrameSizeError_WithOnlyTheHeaderPresent()
    {
        // Length 16385 = 0x004001, DATA on stream 1; no payload byte has arrived.
        byte[] headerOnly = { 0x00, 0x40, 0x01, 0x00, 0x00, 0x00, 0x00, 0x00, 0x01 };
        ReaderAssert.Rejected(headerOnly, Http2ErrorCode.FrameSizeError, ErrorScope.Connection);
    }

    [Fact]
    public void MaximumWireLength_IsRefusedFromTheHeader_EvenWithTheLargestLocalMax()
    {
        // Length 2^24-1 with the local max at 2^24-1 is legal, so it waits; one less allowed and it is refused.
        byte[] headerOnly = { 0xFF, 0xFF, 0xFF, 0x00, 0x00, 0x00, 0x00, 0x00, 0x01 };
        Assert.Equal(FrameReadStatus.NeedMoreData, FrameReader.TryReadFrame(headerOnly, 16_777_215, out _, out ReadOnlySpan<byte> _, out _, out _));
        ReaderAssert.Rejected(headerOnly, Http2ErrorCode.FrameSizeError, ErrorScope.Connection, max: 16_777_214);
    }

    [Fact]
    public void TheLimitIsTheLocalOneGiven_NotTheRfcDefault()
    {
        // Length 20000 (0x004E20): over the default, under a local max of 20000.
        byte[] headerOnly = { 0x00, 0x4E, 0x20, 0x00, 0x00, 0x00, 0x00, 0x00, 0x01 };
        Assert.Equal(FrameReadStatus.NeedMoreData, FrameReader.TryReadFrame(headerOnly, 20000, out _, out ReadOnlySpan<byte> _, out _, out _));
        ReaderAssert.Rejected(headerOnly, Http2ErrorCode.FrameSizeError, ErrorScope.Connection, max: 19999);
    }

    [Fact]
    public void OversizedUnknownFrame_IsAlsoRefused()
    {
        byte[] headerOnly = { 0x00, 0x40, 0x01, 0xFA, 0x00, 0x00, 0x00, 0x00, 0x00 };
        ReaderAssert.Rejected(headerOnly, Http2ErrorCode.FrameSizeError, ErrorScope.Connection);
    }

    [Fact]
    public void HeaderOnlyRules_FireBeforeThePayloadArrives()
    {
        // SETTINGS on stream 1 announcing 6 payload bytes, none present yet.
        byte[] headerOnly = { 0x00, 0x00, 0x06, 0x04, 0x00, 0x00, 0x00, 0x00, 0x01 };
        ReaderAssert.Rejected(headerOnly, Http2ErrorCode.ProtocolError, ErrorScope.Connection);
    }

    [Fact]
    public void StreamScopedRules_WaitForTheWholeFrame_SoItCanBeSkipped()
    {
        // PRIORITY of length 4 on stream 3, missing its last byte: not yet an error.
        byte[] partial = { 0x00, 0x00, 0x04, 0x02, 0x00, 0x00, 0x00, 0x00, 0x03, 0x00, 0x00, 0x00 };
        Assert.Equal(FrameReadStatus.NeedMoreData, FrameReader.TryReadFrame(partial, 16384, out _, out ReadOnlySpan<byte> _, out _, out _));
    }

    [Theory]
    [InlineData(16383)]
    [InlineData(16_777_216)]
    [InlineData(0)]
    [InlineData(-1)]
    public void LocalMaxOutsideTheLegalRange_Throws(int max)
    {
        byte[] frame = { 0x00, 0x00, 0x00, 0x04, 0x01, 0x00, 0x00, 0x00, 0x00 };
        Assert.Throws<ArgumentOutOfRangeException>(() => FrameReader.TryReadFrame(frame, max, out _, out ReadOnlySpan<byte> _, out _, out _));
        Assert.Throws<ArgumentOutOfRangeException>(() => FrameReader.TryReadFrame(frame, max, out _, out ReadOnlySpan<byte> _, out _));
        Assert.Throws<ArgumentOutOfRangeException>(() => FrameReader.TryReadFrame(new ReadOnlySequence<byte>(frame), max, out _, out ReadOnlySequence<byte> _, out SequencePosition _, out _));
        Assert.Throws<ArgumentOutOfRangeException>(() => FrameReader.TryReadFrame(new ReadOnlySequence<byte>(frame), max, out _, out ReadOnlySequence<byte> _, out SequencePosition _));
        Assert.Throws<ArgumentOutOfRangeException>(() => FrameReader.ValidateHeader(FrameHeader.Read(frame), max));
    }

    [Fact]
    public void ValidateFrame_WithAPayloadOfTheWrongLength_Throws()
    {
        var header = new FrameHeader(8, FrameType.Ping, FrameFlags.None, 0);
        Assert.Throws<ArgumentException>(() => FrameReader.ValidateFrame(header, new byte[7]));
        Assert.Throws<ArgumentException>(() => FrameReader.ValidateFrame(header, new ReadOnlySequence<byte>(new byte[9])));
    }

    [Fact]
    public void ValidateHeader_ChecksTheLocalMaxAndHeaderRules()
    {
        ReaderAssert.AssertError(FrameReader.ValidateHeader(new FrameHeader(16385, FrameType.Data, FrameFlags.None, 1), 16384), Http2ErrorCode.FrameSizeError, ErrorScope.Connection, 0);
        ReaderAssert.AssertError(FrameReader.ValidateHeader(new FrameHeader(8, FrameType.Ping, FrameFlags.None, 1), 16384), Http2ErrorCode.ProtocolError, ErrorScope.Connection, 0);
        Assert.False(FrameReader.ValidateHeader(new FrameHeader(16384, FrameType.Data, FrameFlags.None, 1), 16384).IsError);
    }

    [Fact]
    public void ValidateHeader_LeavesStreamScopeHeaderRulesToTheWholeFrame()
    {
        // PRIORITY's length is a stream error (§6.3): the frame must be read whole to be skipped.
        var header = new FrameHeader(4, FrameType.Priority, FrameFlags.None, 3);
        Assert.False(FrameReader.ValidateHeader(header, 16384).IsError);
        ReaderAssert.AssertError(FrameReader.ValidateFrame(header, new byte[4]), Http2ErrorCode.FrameSizeError, ErrorScope.Stream, 3);
    }
}
