using System;
using System.Buffers;
using Xunit;

namespace Ht2.Tests.Reading;

// Every vector is written by hand from the RFC 9113 §4.1 and §6 diagrams: length (3), type, flags, stream (4), payload.
public class FrameReaderValidFrameTests
{
    [Fact]
    public void Data()
    {
        byte[] frame = { 0x00, 0x00, 0x03, 0x00, 0x01, 0x00, 0x00, 0x00, 0x01, 0x61, 0x62, 0x63 };
        ReaderAssert.Valid(frame, FrameType.Data, FrameFlags.EndStream, 1, new byte[] { 0x61, 0x62, 0x63 });
    }

    [Fact]
    public void DataPadded()
    {
        // Pad Length 2, data "hi!", two zero padding bytes: 1 + 3 + 2 = 6.
        byte[] frame = { 0x00, 0x00, 0x06, 0x00, 0x08, 0x00, 0x00, 0x00, 0x03, 0x02, 0x68, 0x69, 0x21, 0x00, 0x00 };
        ReaderAssert.Valid(frame, FrameType.Data, FrameFlags.Padded, 3, frame[9..]);
    }

    [Fact]
    public void DataPaddedWithEmptyData_PadIsLengthMinusOne_IsLegal()
    {
        // The bug HT2 had: pad == length - 1 leaves zero data bytes, which RFC 9113 §6.1 allows.
        byte[] frame = { 0x00, 0x00, 0x04, 0x00, 0x08, 0x00, 0x00, 0x00, 0x01, 0x03, 0x00, 0x00, 0x00 };
        ReaderAssert.Valid(frame, FrameType.Data, FrameFlags.Padded, 1, frame[9..]);
    }

    [Fact]
    public void DataEmpty()
    {
        byte[] frame = { 0x00, 0x00, 0x00, 0x00, 0x01, 0x00, 0x00, 0x00, 0x05 };
        ReaderAssert.Valid(frame, FrameType.Data, FrameFlags.EndStream, 5, Array.Empty<byte>());
    }

    [Fact]
    public void Headers()
    {
        // END_STREAM | END_HEADERS, fragment 0x82 (":method: GET", HPACK static index 2).
        byte[] frame = { 0x00, 0x00, 0x01, 0x01, 0x05, 0x00, 0x00, 0x00, 0x01, 0x82 };
        ReaderAssert.Valid(frame, FrameType.Headers, FrameFlags.EndStream | FrameFlags.EndHeaders, 1, new byte[] { 0x82 });
    }

    [Fact]
    public void HeadersPaddedWithPriority()
    {
        // Pad Length 1, E=1 + dependency 1, weight 15, fragment 0x82, one padding byte: 1 + 5 + 1 + 1 = 8.
        byte[] frame = { 0x00, 0x00, 0x08, 0x01, 0x2C, 0x00, 0x00, 0x00, 0x03, 0x01, 0x80, 0x00, 0x00, 0x01, 0x0F, 0x82, 0x00 };
        ReaderAssert.Valid(frame, FrameType.Headers, FrameFlags.Padded | FrameFlags.Priority | FrameFlags.EndHeaders, 3, frame[9..]);
    }

    [Fact]
    public void HeadersPaddedWithPriority_PaddingFillsAllButThePriorityFields_IsLegal()
    {
        // Pad Length 2 = 8 - 1 - 5: an empty fragment.
        byte[] frame = { 0x00, 0x00, 0x08, 0x01, 0x2C, 0x00, 0x00, 0x00, 0x03, 0x02, 0x00, 0x00, 0x00, 0x01, 0x0F, 0x00, 0x00 };
        ReaderAssert.Valid(frame, FrameType.Headers, FrameFlags.Padded | FrameFlags.Priority | FrameFlags.EndHeaders, 3, frame[9..]);
    }

    [Fact]
    public void Priority()
    {
        byte[] frame = { 0x00, 0x00, 0x05, 0x02, 0x00, 0x00, 0x00, 0x00, 0x03, 0x80, 0x00, 0x00, 0x01, 0xFF };
        ReaderAssert.Valid(frame, FrameType.Priority, FrameFlags.None, 3, frame[9..]);
    }

    [Fact]
    public void RstStream()
    {
        // Error code CANCEL (0x8).
        byte[] frame = { 0x00, 0x00, 0x04, 0x03, 0x00, 0x00, 0x00, 0x00, 0x01, 0x00, 0x00, 0x00, 0x08 };
        ReaderAssert.Valid(frame, FrameType.RstStream, FrameFlags.None, 1, frame[9..]);
    }

    [Fact]
    public void Settings()
    {
        // MAX_CONCURRENT_STREAMS = 100, INITIAL_WINDOW_SIZE = 65535.
        byte[] frame = { 0x00, 0x00, 0x0C, 0x04, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x03, 0x00, 0x00, 0x00, 0x64, 0x00, 0x04, 0x00, 0x00, 0xFF, 0xFF };
        ReaderAssert.Valid(frame, FrameType.Settings, FrameFlags.None, 0, frame[9..]);
    }

    [Fact]
    public void SettingsAck()
    {
        byte[] frame = { 0x00, 0x00, 0x00, 0x04, 0x01, 0x00, 0x00, 0x00, 0x00 };
        ReaderAssert.Valid(frame, FrameType.Settings, FrameFlags.Ack, 0, Array.Empty<byte>());
    }

    [Fact]
    public void PushPromise()
    {
        // END_HEADERS, promised stream 2, fragment 0x82.
        byte[] frame = { 0x00, 0x00, 0x05, 0x05, 0x04, 0x00, 0x00, 0x00, 0x01, 0x00, 0x00, 0x00, 0x02, 0x82 };
        ReaderAssert.Valid(frame, FrameType.PushPromise, FrameFlags.EndHeaders, 1, frame[9..]);
    }

    [Fact]
    public void PushPromisePadded_PaddingFillsAllButThePromisedId_IsLegal()
    {
        // Pad Length 3 = 8 - 1 - 4: an empty fragment.
        byte[] frame = { 0x00, 0x00, 0x08, 0x05, 0x0C, 0x00, 0x00, 0x00, 0x01, 0x03, 0x00, 0x00, 0x00, 0x02, 0x00, 0x00, 0x00 };
        ReaderAssert.Valid(frame, FrameType.PushPromise, FrameFlags.EndHeaders | FrameFlags.Padded, 1, frame[9..]);
    }

    [Fact]
    public void Ping()
    {
        byte[] frame = { 0x00, 0x00, 0x08, 0x06, 0x00, 0x00, 0x00, 0x00, 0x00, 1, 2, 3, 4, 5, 6, 7, 8 };
        ReaderAssert.Valid(frame, FrameType.Ping, FrameFlags.None, 0, new byte[] { 1, 2, 3, 4, 5, 6, 7, 8 });
    }

    [Fact]
    public void GoAway()
    {
        // Last stream 7, NO_ERROR, debug data "hi".
        byte[] frame = { 0x00, 0x00, 0x0A, 0x07, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x07, 0x00, 0x00, 0x00, 0x00, 0x68, 0x69 };
        ReaderAssert.Valid(frame, FrameType.GoAway, FrameFlags.None, 0, frame[9..]);
    }

    [Fact]
    public void WindowUpdateOnConnection()
    {
        byte[] frame = { 0x00, 0x00, 0x04, 0x08, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x03, 0xE8 };
        ReaderAssert.Valid(frame, FrameType.WindowUpdate, FrameFlags.None, 0, frame[9..]);
    }

    [Fact]
    public void WindowUpdateWithReservedBitSet_IsLegal()
    {
        // The reserved bit is ignored; the increment is 1.
        byte[] frame = { 0x00, 0x00, 0x04, 0x08, 0x00, 0x00, 0x00, 0x00, 0x09, 0x80, 0x00, 0x00, 0x01 };
        ReaderAssert.Valid(frame, FrameType.WindowUpdate, FrameFlags.None, 9, frame[9..]);
    }

    [Fact]
    public void Continuation()
    {
        byte[] frame = { 0x00, 0x00, 0x01, 0x09, 0x04, 0x00, 0x00, 0x00, 0x01, 0x84 };
        ReaderAssert.Valid(frame, FrameType.Continuation, FrameFlags.EndHeaders, 1, new byte[] { 0x84 });
    }

    [Theory]
    [InlineData(0x00u)]
    [InlineData(0x05u)]
    public void UnknownType_IsReturnedNotRejected(uint streamId)
    {
        // Type 0xFA with every flag bit set: extension frames are not errors (RFC 9113 §5.5).
        byte[] frame = { 0x00, 0x00, 0x03, 0xFA, 0xFF, 0x00, 0x00, 0x00, (byte)streamId, 0xDE, 0xAD, 0x00 };
        ReaderAssert.Valid(frame, (FrameType)0xFA, (FrameFlags)0xFF, streamId, new byte[] { 0xDE, 0xAD, 0x00 });
    }

    [Fact]
    public void ReservedStreamBit_IsIgnored()
    {
        // R bit set on stream 1.
        byte[] frame = { 0x00, 0x00, 0x01, 0x00, 0x00, 0x80, 0x00, 0x00, 0x01, 0x2A };
        ReaderAssert.Valid(frame, FrameType.Data, FrameFlags.None, 1, new byte[] { 0x2A });
    }

    [Fact]
    public void ReservedStreamBitAlone_MeansStreamZero_SoSettingsIsLegal()
    {
        byte[] frame = { 0x00, 0x00, 0x00, 0x04, 0x01, 0x80, 0x00, 0x00, 0x00 };
        ReaderAssert.Valid(frame, FrameType.Settings, FrameFlags.Ack, 0, Array.Empty<byte>());
    }

    [Fact]
    public void LengthEqualToLocalMax_IsLegal()
    {
        byte[] frame = new byte[9 + 16384];
        frame[0] = 0x00; frame[1] = 0x40; frame[2] = 0x00; // 16384
        frame[8] = 0x01;
        ReaderAssert.Valid(frame, FrameType.Data, FrameFlags.None, 1, new byte[16384]);
    }

    [Fact]
    public void TwoFramesInOneBuffer_ConsumesOnlyTheFirst()
    {
        byte[] buffer =
        {
            0x00, 0x00, 0x00, 0x04, 0x01, 0x00, 0x00, 0x00, 0x00,                         // SETTINGS ACK
            0x00, 0x00, 0x08, 0x06, 0x01, 0x00, 0x00, 0x00, 0x00, 1, 2, 3, 4, 5, 6, 7, 8, // PING ACK
        };

        Assert.Equal(FrameReadStatus.Complete, FrameReader.TryReadFrame(buffer, 16384, out FrameHeader first, out ReadOnlySpan<byte> _, out int consumed, out _));
        Assert.Equal(FrameType.Settings, first.Type);
        Assert.Equal(9, consumed);

        Assert.Equal(FrameReadStatus.Complete, FrameReader.TryReadFrame(buffer.AsSpan(consumed), 16384, out FrameHeader second, out ReadOnlySpan<byte> payload, out int consumed2, out _));
        Assert.Equal(FrameType.Ping, second.Type);
        Assert.Equal(17, consumed2);
        Assert.Equal(new byte[] { 1, 2, 3, 4, 5, 6, 7, 8 }, payload.ToArray());

        var sequence = TestSequence.Split(buffer, 5, 12, 20);
        Assert.True(FrameReader.TryReadFrame(sequence, 16384, out _, out ReadOnlySequence<byte> _, out SequencePosition end));
        Assert.True(FrameReader.TryReadFrame(sequence.Slice(end), 16384, out FrameHeader seqSecond, out ReadOnlySequence<byte> seqPayload, out _));
        Assert.Equal(second, seqSecond);
        Assert.Equal(new byte[] { 1, 2, 3, 4, 5, 6, 7, 8 }, seqPayload.ToArray());
    }
}
