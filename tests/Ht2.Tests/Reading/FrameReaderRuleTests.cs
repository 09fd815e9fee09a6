using Xunit;

namespace Ht2.Tests.Reading;

// One test per RFC 9113 rule of ANCHORS.md, each checking code, scope and (for stream errors) the stream id,
// through span and sequence, throwing and non-throwing. Vectors are hand-written.
public class FrameReaderRuleTests
{
    private const Http2ErrorCode Protocol = Http2ErrorCode.ProtocolError;
    private const Http2ErrorCode FrameSize = Http2ErrorCode.FrameSizeError;
    private const ErrorScope Connection = ErrorScope.Connection;
    private const ErrorScope Stream = ErrorScope.Stream;

    // --- stream id rules (§6.1-§6.10) ---

    [Fact]
    public void DataOnStreamZero_IsConnectionProtocolError() =>
        ReaderAssert.Rejected(new byte[] { 0x00, 0x00, 0x01, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x61 }, Protocol, Connection);

    [Fact]
    public void HeadersOnStreamZero_IsConnectionProtocolError() =>
        ReaderAssert.Rejected(new byte[] { 0x00, 0x00, 0x01, 0x01, 0x04, 0x00, 0x00, 0x00, 0x00, 0x82 }, Protocol, Connection);

    [Fact]
    public void PriorityOnStreamZero_IsConnectionProtocolError() =>
        ReaderAssert.Rejected(new byte[] { 0x00, 0x00, 0x05, 0x02, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x01, 0x10 }, Protocol, Connection);

    [Fact]
    public void PriorityOnStreamZeroWithWrongLength_IsStillTheConnectionError() =>
        // The connection-scope stream-0 rule wins over the stream-scope length rule.
        ReaderAssert.Rejected(new byte[] { 0x00, 0x00, 0x04, 0x02, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x01 }, Protocol, Connection);

    [Fact]
    public void RstStreamOnStreamZero_IsConnectionProtocolError() =>
        ReaderAssert.Rejected(new byte[] { 0x00, 0x00, 0x04, 0x03, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x08 }, Protocol, Connection);

    [Fact]
    public void PushPromiseOnStreamZero_IsConnectionProtocolError() =>
        ReaderAssert.Rejected(new byte[] { 0x00, 0x00, 0x04, 0x05, 0x04, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x02 }, Protocol, Connection);

    [Fact]
    public void ContinuationOnStreamZero_IsConnectionProtocolError() =>
        ReaderAssert.Rejected(new byte[] { 0x00, 0x00, 0x01, 0x09, 0x04, 0x00, 0x00, 0x00, 0x00, 0x84 }, Protocol, Connection);

    [Fact]
    public void SettingsOnAStream_IsConnectionProtocolError() =>
        ReaderAssert.Rejected(new byte[] { 0x00, 0x00, 0x00, 0x04, 0x00, 0x00, 0x00, 0x00, 0x01 }, Protocol, Connection);

    [Fact]
    public void PingOnAStream_IsConnectionProtocolError() =>
        ReaderAssert.Rejected(new byte[] { 0x00, 0x00, 0x08, 0x06, 0x00, 0x00, 0x00, 0x00, 0x01, 1, 2, 3, 4, 5, 6, 7, 8 }, Protocol, Connection);

    [Fact]
    public void GoAwayOnAStream_IsConnectionProtocolError() =>
        ReaderAssert.Rejected(new byte[] { 0x00, 0x00, 0x08, 0x07, 0x00, 0x00, 0x00, 0x00, 0x03, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00 }, Protocol, Connection);

    // --- padding (§6.1, §6.2, §6.6) ---

    [Fact]
    public void DataPadLengthEqualToPayloadLength_IsConnectionProtocolError() =>
        // Length 4, Pad Length 4: one more than the 3 bytes after the Pad Length field.
        ReaderAssert.Rejected(new byte[] { 0x00, 0x00, 0x04, 0x00, 0x08, 0x00, 0x00, 0x00, 0x01, 0x04, 0x00, 0x00, 0x00 }, Protocol, Connection);

    [Fact]
    public void DataPadLengthAbovePayloadLength_IsConnectionProtocolError() =>
        ReaderAssert.Rejected(new byte[] { 0x00, 0x00, 0x02, 0x00, 0x08, 0x00, 0x00, 0x00, 0x01, 0xFF, 0x00 }, Protocol, Connection);

    [Fact]
    public void HeadersPadLengthEqualToPayloadLength_IsConnectionProtocolError() =>
        ReaderAssert.Rejected(new byte[] { 0x00, 0x00, 0x03, 0x01, 0x0C, 0x00, 0x00, 0x00, 0x01, 0x03, 0x00, 0x00 }, Protocol, Connection);

    [Fact]
    public void HeadersPaddingEatingIntoPriorityFields_IsConnectionProtocolError() =>
        // Length 8 = 1 + 5 + 2; Pad Length 3 leaves only 4 bytes for the 5 priority bytes.
        ReaderAssert.Rejected(new byte[] { 0x00, 0x00, 0x08, 0x01, 0x2C, 0x00, 0x00, 0x00, 0x03, 0x03, 0x00, 0x00, 0x00, 0x01, 0x0F, 0x00, 0x00 }, Protocol, Connection);

    [Fact]
    public void PushPromisePaddingEatingIntoPromisedStreamId_IsConnectionProtocolError() =>
        // Length 8 = 1 + 4 + 3; Pad Length 4 leaves only 3 bytes for the 4-byte promised stream id.
        ReaderAssert.Rejected(new byte[] { 0x00, 0x00, 0x08, 0x05, 0x0C, 0x00, 0x00, 0x00, 0x01, 0x04, 0x00, 0x00, 0x00, 0x02, 0x00, 0x00, 0x00 }, Protocol, Connection);

    [Fact]
    public void PushPromiseOfStreamZero_IsConnectionProtocolError() =>
        ReaderAssert.Rejected(new byte[] { 0x00, 0x00, 0x05, 0x05, 0x04, 0x00, 0x00, 0x00, 0x01, 0x00, 0x00, 0x00, 0x00, 0x82 }, Protocol, Connection);

    [Fact]
    public void PaddedPushPromiseOfStreamZeroWithOnlyTheReservedBit_IsConnectionProtocolError() =>
        // Pad Length 1, promised id 0x80000000 (= stream 0 once the reserved bit is ignored), one padding byte.
        ReaderAssert.Rejected(new byte[] { 0x00, 0x00, 0x06, 0x05, 0x0C, 0x00, 0x00, 0x00, 0x01, 0x01, 0x80, 0x00, 0x00, 0x00, 0x00 }, Protocol, Connection);

    // --- too short for the mandatory fields (§4.2: FRAME_SIZE_ERROR, connection for these types) ---

    [Fact]
    public void PaddedDataWithoutRoomForPadLength_IsConnectionFrameSizeError() =>
        ReaderAssert.Rejected(new byte[] { 0x00, 0x00, 0x00, 0x00, 0x08, 0x00, 0x00, 0x00, 0x01 }, FrameSize, Connection);

    [Fact]
    public void PaddedHeadersWithoutRoomForPadLength_IsConnectionFrameSizeError() =>
        ReaderAssert.Rejected(new byte[] { 0x00, 0x00, 0x00, 0x01, 0x0C, 0x00, 0x00, 0x00, 0x01 }, FrameSize, Connection);

    [Fact]
    public void HeadersWithPriorityFlagShorterThanFiveBytes_IsConnectionFrameSizeError() =>
        ReaderAssert.Rejected(new byte[] { 0x00, 0x00, 0x04, 0x01, 0x24, 0x00, 0x00, 0x00, 0x01, 0x00, 0x00, 0x00, 0x01 }, FrameSize, Connection);

    [Fact]
    public void PushPromiseShorterThanPromisedStreamId_IsConnectionFrameSizeError() =>
        ReaderAssert.Rejected(new byte[] { 0x00, 0x00, 0x03, 0x05, 0x04, 0x00, 0x00, 0x00, 0x01, 0x00, 0x00, 0x02 }, FrameSize, Connection);

    [Fact]
    public void PaddedPushPromiseShorterThanPadLengthAndPromisedStreamId_IsConnectionFrameSizeError() =>
        ReaderAssert.Rejected(new byte[] { 0x00, 0x00, 0x04, 0x05, 0x0C, 0x00, 0x00, 0x00, 0x01, 0x00, 0x00, 0x00, 0x02 }, FrameSize, Connection);

    // --- fixed lengths (§6.3-§6.9) ---

    [Fact]
    public void PriorityShorterThanFive_IsStreamFrameSizeError_OnItsStream() =>
        ReaderAssert.Rejected(new byte[] { 0x00, 0x00, 0x04, 0x02, 0x00, 0x00, 0x00, 0x00, 0x03, 0x00, 0x00, 0x00, 0x01 }, FrameSize, Stream, streamId: 3);

    [Fact]
    public void PriorityLongerThanFive_IsStreamFrameSizeError_OnItsStream() =>
        ReaderAssert.Rejected(new byte[] { 0x00, 0x00, 0x06, 0x02, 0x00, 0x00, 0x00, 0x00, 0x07, 0x00, 0x00, 0x00, 0x01, 0x10, 0x00 }, FrameSize, Stream, streamId: 7);

    [Theory]
    [InlineData(new byte[] { 0x00, 0x00, 0x03, 0x03, 0x00, 0x00, 0x00, 0x00, 0x01, 0x00, 0x00, 0x08 })]
    [InlineData(new byte[] { 0x00, 0x00, 0x05, 0x03, 0x00, 0x00, 0x00, 0x00, 0x01, 0x00, 0x00, 0x00, 0x08, 0x00 })]
    public void RstStreamNotFourBytes_IsConnectionFrameSizeError(byte[] frame) =>
        ReaderAssert.Rejected(frame, FrameSize, Connection);

    [Theory]
    [InlineData(new byte[] { 0x00, 0x00, 0x07, 0x06, 0x00, 0x00, 0x00, 0x00, 0x00, 1, 2, 3, 4, 5, 6, 7 })]
    [InlineData(new byte[] { 0x00, 0x00, 0x09, 0x06, 0x01, 0x00, 0x00, 0x00, 0x00, 1, 2, 3, 4, 5, 6, 7, 8, 9 })]
    public void PingNotEightBytes_IsConnectionFrameSizeError(byte[] frame) =>
        ReaderAssert.Rejected(frame, FrameSize, Connection);

    [Theory]
    [InlineData(new byte[] { 0x00, 0x00, 0x03, 0x08, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x01 })]
    [InlineData(new byte[] { 0x00, 0x00, 0x05, 0x08, 0x00, 0x00, 0x00, 0x00, 0x01, 0x00, 0x00, 0x00, 0x01, 0x00 })]
    public void WindowUpdateNotFourBytes_IsConnectionFrameSizeError_EvenOnAStream(byte[] frame) =>
        ReaderAssert.Rejected(frame, FrameSize, Connection);

    [Theory]
    [InlineData(new byte[] { 0x00, 0x00, 0x05, 0x04, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x03, 0x00, 0x00, 0x00 })]
    [InlineData(new byte[] { 0x00, 0x00, 0x07, 0x04, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x03, 0x00, 0x00, 0x00, 0x64, 0x00 })]
    public void SettingsNotAMultipleOfSix_IsConnectionFrameSizeError(byte[] frame) =>
        ReaderAssert.Rejected(frame, FrameSize, Connection);

    [Fact]
    public void SettingsAckWithPayload_IsConnectionFrameSizeError() =>
        ReaderAssert.Rejected(new byte[] { 0x00, 0x00, 0x06, 0x04, 0x01, 0x00, 0x00, 0x00, 0x00, 0x00, 0x03, 0x00, 0x00, 0x00, 0x64 }, FrameSize, Connection);

    [Fact]
    public void GoAwayShorterThanEight_IsConnectionFrameSizeError() =>
        ReaderAssert.Rejected(new byte[] { 0x00, 0x00, 0x07, 0x07, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00 }, FrameSize, Connection);

    // --- WINDOW_UPDATE increment (§6.9) ---

    [Fact]
    public void WindowUpdateZeroOnAStream_IsStreamProtocolError_OnThatStream() =>
        ReaderAssert.Rejected(new byte[] { 0x00, 0x00, 0x04, 0x08, 0x00, 0x00, 0x00, 0x00, 0x05, 0x00, 0x00, 0x00, 0x00 }, Protocol, Stream, streamId: 5);

    [Fact]
    public void WindowUpdateZeroOnConnection_IsConnectionProtocolError() =>
        ReaderAssert.Rejected(new byte[] { 0x00, 0x00, 0x04, 0x08, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00 }, Protocol, Connection);

    [Fact]
    public void WindowUpdateWithOnlyTheReservedBit_IsAnIncrementOfZero() =>
        ReaderAssert.Rejected(new byte[] { 0x00, 0x00, 0x04, 0x08, 0x00, 0x00, 0x00, 0x00, 0x05, 0x80, 0x00, 0x00, 0x00 }, Protocol, Stream, streamId: 5);

    [Fact]
    public void StreamErrorOnReservedBitStream_ReportsTheMaskedStreamId() =>
        ReaderAssert.Rejected(new byte[] { 0x00, 0x00, 0x04, 0x08, 0x00, 0x80, 0x00, 0x00, 0x05, 0x00, 0x00, 0x00, 0x00 }, Protocol, Stream, streamId: 5);
}
