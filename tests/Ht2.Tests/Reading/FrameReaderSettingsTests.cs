using Xunit;

namespace Ht2.Tests.Reading;

// SETTINGS values (RFC 9113 §6.5.2, RFC 8441 §3, RFC 9218 §2.1). Each vector is one 6-byte entry: id (2), value (4).
public class FrameReaderSettingsTests
{
    private static byte[] OneSetting(byte id, byte v0, byte v1, byte v2, byte v3) =>
        new byte[] { 0x00, 0x00, 0x06, 0x04, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, id, v0, v1, v2, v3 };

    [Fact]
    public void EnablePushTwo_IsConnectionProtocolError() =>
        ReaderAssert.Rejected(OneSetting(0x02, 0x00, 0x00, 0x00, 0x02), Http2ErrorCode.ProtocolError, ErrorScope.Connection);

    [Theory]
    [InlineData(0x00)]
    [InlineData(0x01)]
    public void EnablePushZeroOrOne_IsLegal(byte value)
    {
        byte[] frame = OneSetting(0x02, 0x00, 0x00, 0x00, value);
        ReaderAssert.Valid(frame, FrameType.Settings, FrameFlags.None, 0, frame[9..]);
    }

    [Fact]
    public void InitialWindowSizeAbove2To31Minus1_IsConnectionFlowControlError() =>
        ReaderAssert.Rejected(OneSetting(0x04, 0x80, 0x00, 0x00, 0x00), Http2ErrorCode.FlowControlError, ErrorScope.Connection);

    [Fact]
    public void InitialWindowSizeOf2To31Minus1_IsLegal()
    {
        byte[] frame = OneSetting(0x04, 0x7F, 0xFF, 0xFF, 0xFF);
        ReaderAssert.Valid(frame, FrameType.Settings, FrameFlags.None, 0, frame[9..]);
    }

    [Fact]
    public void MaxFrameSizeBelow16384_IsConnectionProtocolError() =>
        ReaderAssert.Rejected(OneSetting(0x05, 0x00, 0x00, 0x3F, 0xFF), Http2ErrorCode.ProtocolError, ErrorScope.Connection);

    [Fact]
    public void MaxFrameSizeAbove16777215_IsConnectionProtocolError() =>
        ReaderAssert.Rejected(OneSetting(0x05, 0x01, 0x00, 0x00, 0x00), Http2ErrorCode.ProtocolError, ErrorScope.Connection);

    [Theory]
    [InlineData(0x00, 0x40, 0x00)] // 16384
    [InlineData(0xFF, 0xFF, 0xFF)] // 16777215
    public void MaxFrameSizeAtEitherBound_IsLegal(byte b1, byte b2, byte b3)
    {
        byte[] frame = OneSetting(0x05, 0x00, b1, b2, b3);
        ReaderAssert.Valid(frame, FrameType.Settings, FrameFlags.None, 0, frame[9..]);
    }

    [Fact]
    public void EnableConnectProtocolTwo_IsConnectionProtocolError() =>
        ReaderAssert.Rejected(OneSetting(0x08, 0x00, 0x00, 0x00, 0x02), Http2ErrorCode.ProtocolError, ErrorScope.Connection);

    [Fact]
    public void NoRfc7540PrioritiesTwo_IsConnectionProtocolError() =>
        ReaderAssert.Rejected(OneSetting(0x09, 0x00, 0x00, 0x00, 0x02), Http2ErrorCode.ProtocolError, ErrorScope.Connection);

    [Theory]
    [InlineData(0x00)] // id 0 is unassigned
    [InlineData(0x07)]
    [InlineData(0xFF)]
    public void UnknownIdWithAnyValue_IsIgnored(byte id)
    {
        byte[] frame = OneSetting(id, 0xFF, 0xFF, 0xFF, 0xFF);
        ReaderAssert.Valid(frame, FrameType.Settings, FrameFlags.None, 0, frame[9..]);
    }

    [Fact]
    public void HeaderTableSizeAndMaxHeaderListSize_AcceptAnyValue()
    {
        byte[] frame =
        {
            0x00, 0x00, 0x0C, 0x04, 0x00, 0x00, 0x00, 0x00, 0x00,
            0x00, 0x01, 0xFF, 0xFF, 0xFF, 0xFF,
            0x00, 0x06, 0xFF, 0xFF, 0xFF, 0xFF,
        };
        ReaderAssert.Valid(frame, FrameType.Settings, FrameFlags.None, 0, frame[9..]);
    }

    [Fact]
    public void BadValueInTheLastOfSeveralEntries_IsFound()
    {
        // Entries: HEADER_TABLE_SIZE 4096, MAX_CONCURRENT_STREAMS 100, ENABLE_PUSH 7. Every split position
        // (checked by ReaderAssert) cuts the bad entry across segments at some point.
        byte[] frame =
        {
            0x00, 0x00, 0x12, 0x04, 0x00, 0x00, 0x00, 0x00, 0x00,
            0x00, 0x01, 0x00, 0x00, 0x10, 0x00,
            0x00, 0x03, 0x00, 0x00, 0x00, 0x64,
            0x00, 0x02, 0x00, 0x00, 0x00, 0x07,
        };
        ReaderAssert.Rejected(frame, Http2ErrorCode.ProtocolError, ErrorScope.Connection);
    }
}
