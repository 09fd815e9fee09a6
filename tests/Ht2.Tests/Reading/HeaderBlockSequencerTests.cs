using System;
using Xunit;

namespace Ht2.Tests.Reading;

// The sequencer only sees headers; each header here is read from hand-written wire bytes so the tests also pin
// the flag values (END_HEADERS = 0x4) to RFC 9113 rather than to our enum.
public class HeaderBlockSequencerTests
{
    private static FrameHeader H(int length, byte type, byte flags, uint stream) =>
        FrameHeader.Read(new byte[] { (byte)(length >> 16), (byte)(length >> 8), (byte)length, type, flags, (byte)(stream >> 24), (byte)(stream >> 16), (byte)(stream >> 8), (byte)stream });

    private static readonly FrameHeader HeadersOpen1 = H(10, 0x01, 0x00, 1);      // HEADERS, no END_HEADERS, stream 1
    private static readonly FrameHeader HeadersEnd1 = H(10, 0x01, 0x04, 1);       // HEADERS, END_HEADERS
    private static readonly FrameHeader Continuation1 = H(10, 0x09, 0x00, 1);
    private static readonly FrameHeader ContinuationEnd1 = H(10, 0x09, 0x04, 1);
    private static readonly FrameHeader EmptyContinuation1 = H(0, 0x09, 0x00, 1);

    private static void AssertConnectionError(FrameError error, Http2ErrorCode code) =>
        ReaderAssert.AssertError(error, code, ErrorScope.Connection, 0);

    private static void AssertThrows(HeaderBlockSequencer sequencer, FrameHeader header, Http2ErrorCode code)
    {
        // The struct is a copy here, which is what we want: the throwing form must agree with TryAccept.
        var ex = Assert.Throws<Ht2ProtocolException>(() => sequencer.Accept(header));
        Assert.Equal(code, ex.ErrorCode);
        Assert.Equal(ErrorScope.Connection, ex.Scope);
    }

    [Fact]
    public void The_largest_length_the_wire_can_carry_is_accepted_and_one_more_is_refused()
    {
        // DATA on stream 1 with length 2^24-1 (0xFF 0xFF 0xFF): legal outside a header block.
        var s = new HeaderBlockSequencer(FrameReaderOptions.Default);
        Assert.False(s.TryAccept(H(0xFF_FFFF, 0x00, 0x00, 1)).IsError);

        // 2^24 cannot come from the 24-bit field, so it is a caller bug, not a peer error.
        var tooLong = new FrameHeader(0x100_0000, FrameType.Data, FrameFlags.None, 1);
        Assert.Throws<ArgumentOutOfRangeException>(() => s.TryAccept(tooLong));
    }

    [Fact]
    public void HeadersWithoutEndHeaders_OpensABlockOnItsStream()
    {
        var s = new HeaderBlockSequencer(FrameReaderOptions.Default);
        Assert.False(s.TryAccept(HeadersOpen1).IsError);
        Assert.True(s.IsBlockOpen);
        Assert.Equal(1u, s.OpenStreamId);
        Assert.Equal(FrameType.Headers, s.OpenBlockType);
        Assert.Equal(10, s.BlockBytes);
        Assert.Equal(0, s.ContinuationFrames);
    }

    [Fact]
    public void HeadersWithEndHeaders_DoesNotOpenABlock()
    {
        var s = new HeaderBlockSequencer(FrameReaderOptions.Default);
        Assert.False(s.TryAccept(HeadersEnd1).IsError);
        Assert.False(s.IsBlockOpen);
        Assert.Equal(0u, s.OpenStreamId);
        Assert.Equal(1, s.CompletedBlocks);
        Assert.False(s.TryAccept(H(8, 0x06, 0x00, 0)).IsError); // PING may follow
    }

    [Fact]
    public void ContinuationOnTheSameStream_ContinuesAndEndHeadersCloses()
    {
        var s = new HeaderBlockSequencer(FrameReaderOptions.Default);
        s.Accept(HeadersOpen1);
        s.Accept(Continuation1);
        Assert.True(s.IsBlockOpen);
        Assert.Equal(1, s.ContinuationFrames);
        Assert.Equal(20, s.BlockBytes);
        s.Accept(ContinuationEnd1);
        Assert.False(s.IsBlockOpen);
        Assert.Equal(0u, s.OpenStreamId);
        Assert.Equal(0, s.ContinuationFrames);
        Assert.Equal(0, s.BlockBytes);
        Assert.Equal(2, s.TotalContinuationFrames);
        Assert.Equal(1, s.CompletedBlocks);
    }

    [Fact]
    public void PushPromiseWithoutEndHeaders_OpensABlockOnTheStreamItCameOn()
    {
        var s = new HeaderBlockSequencer(FrameReaderOptions.Default);
        Assert.False(s.TryAccept(H(5, 0x05, 0x00, 3)).IsError);
        Assert.Equal(3u, s.OpenStreamId);
        Assert.Equal(FrameType.PushPromise, s.OpenBlockType);
        Assert.False(s.TryAccept(H(1, 0x09, 0x04, 3)).IsError);
        Assert.False(s.IsBlockOpen);
    }

    [Fact]
    public void ContinuationWithoutAnOpenBlock_IsConnectionProtocolError()
    {
        var s = new HeaderBlockSequencer(FrameReaderOptions.Default);
        AssertConnectionError(s.TryAccept(ContinuationEnd1), Http2ErrorCode.ProtocolError);
        AssertThrows(s, ContinuationEnd1, Http2ErrorCode.ProtocolError);
    }

    [Fact]
    public void ContinuationAfterACompletedBlock_IsConnectionProtocolError()
    {
        var s = new HeaderBlockSequencer(FrameReaderOptions.Default);
        s.Accept(HeadersEnd1);
        AssertConnectionError(s.TryAccept(Continuation1), Http2ErrorCode.ProtocolError);
    }

    [Theory]
    [InlineData((byte)0x09, 3u)] // CONTINUATION on another stream
    [InlineData((byte)0x00, 1u)] // DATA on the same stream
    [InlineData((byte)0x01, 3u)] // HEADERS on another stream
    [InlineData((byte)0x01, 1u)] // HEADERS on the same stream
    [InlineData((byte)0x03, 1u)] // RST_STREAM
    [InlineData((byte)0x04, 0u)] // SETTINGS
    [InlineData((byte)0x06, 0u)] // PING
    [InlineData((byte)0x08, 0u)] // WINDOW_UPDATE
    [InlineData((byte)0xFA, 1u)] // unknown type, otherwise ignored
    [InlineData((byte)0xFA, 0u)]
    public void WhileABlockIsOpen_AnythingButContinuationOnItsStream_IsConnectionProtocolError(byte type, uint stream)
    {
        var s = new HeaderBlockSequencer(FrameReaderOptions.Default);
        s.Accept(HeadersOpen1);
        FrameHeader intruder = H(4, type, 0x04, stream);
        AssertConnectionError(s.TryAccept(intruder), Http2ErrorCode.ProtocolError);
        AssertThrows(s, intruder, Http2ErrorCode.ProtocolError);

        // Refusing leaves the state untouched.
        Assert.True(s.IsBlockOpen);
        Assert.Equal(1u, s.OpenStreamId);
        Assert.Equal(10, s.BlockBytes);
    }

    [Fact]
    public void UnknownTypes_OutsideABlock_AreIgnored()
    {
        var s = new HeaderBlockSequencer(FrameReaderOptions.Default);
        Assert.False(s.TryAccept(H(3, 0xFA, 0xFF, 0)).IsError);
        Assert.False(s.TryAccept(H(3, 0x10, 0x00, 7)).IsError);
        Assert.False(s.IsBlockOpen);
    }

    [Fact]
    public void EightContinuations_AreAllowed_TheNinthIsEnhanceYourCalm()
    {
        var s = new HeaderBlockSequencer(FrameReaderOptions.Default);
        s.Accept(HeadersOpen1);
        for (int i = 0; i < 8; i++)
        {
            Assert.False(s.TryAccept(Continuation1).IsError);
        }

        Assert.Equal(8, s.ContinuationFrames);
        AssertConnectionError(s.TryAccept(ContinuationEnd1), Http2ErrorCode.EnhanceYourCalm);
        AssertThrows(s, ContinuationEnd1, Http2ErrorCode.EnhanceYourCalm);
        Assert.Equal(8, s.ContinuationFrames);
    }

    [Fact]
    public void EighthContinuationWithEndHeaders_CompletesTheBlock()
    {
        var s = new HeaderBlockSequencer(FrameReaderOptions.Default);
        s.Accept(HeadersOpen1);
        for (int i = 0; i < 7; i++)
        {
            s.Accept(Continuation1);
        }

        Assert.False(s.TryAccept(ContinuationEnd1).IsError);
        Assert.False(s.IsBlockOpen);
    }

    [Fact]
    public void FloodOfEmptyContinuations_IsStoppedByTheFrameCount()
    {
        // CVE-2024-28182 / CVE-2023-45288: empty frames add no bytes, so only a frame count stops them.
        var s = new HeaderBlockSequencer(FrameReaderOptions.Default);
        s.Accept(HeadersOpen1);
        int accepted = 0;
        FrameError error = default;
        for (int i = 0; i < 100_000 && !error.IsError; i++)
        {
            error = s.TryAccept(EmptyContinuation1);
            if (!error.IsError)
            {
                accepted++;
            }
        }

        Assert.Equal(8, accepted);
        AssertConnectionError(error, Http2ErrorCode.EnhanceYourCalm);
        Assert.Equal(8, s.EmptyContinuationFrames);
        Assert.Equal(10, s.BlockBytes);
    }

    [Fact]
    public void ContinuationCountIsPerBlock_NotPerConnection()
    {
        var s = new HeaderBlockSequencer(FrameReaderOptions.Default);
        for (int block = 0; block < 3; block++)
        {
            s.Accept(HeadersOpen1);
            for (int i = 0; i < 7; i++)
            {
                s.Accept(EmptyContinuation1);
            }

            s.Accept(ContinuationEnd1);
        }

        Assert.Equal(24, s.TotalContinuationFrames);
        Assert.Equal(21, s.EmptyContinuationFrames);
        Assert.Equal(3, s.CompletedBlocks);
    }

    [Fact]
    public void CustomContinuationCap_IsHonoured_AndZeroForbidsContinuation()
    {
        var none = new HeaderBlockSequencer(new FrameReaderOptions { MaxContinuationFrames = 0 });
        none.Accept(HeadersOpen1);
        AssertConnectionError(none.TryAccept(ContinuationEnd1), Http2ErrorCode.EnhanceYourCalm);

        var two = new HeaderBlockSequencer(new FrameReaderOptions { MaxContinuationFrames = 2 });
        two.Accept(HeadersOpen1);
        two.Accept(Continuation1);
        two.Accept(Continuation1);
        AssertConnectionError(two.TryAccept(ContinuationEnd1), Http2ErrorCode.EnhanceYourCalm);
    }

    [Fact]
    public void BlockOfExactlyMaxHeaderBlockBytes_IsAllowed_OneMoreByteIsEnhanceYourCalm()
    {
        // 16384 x 4 = 65536, the default cap.
        var s = new HeaderBlockSequencer(FrameReaderOptions.Default);
        s.Accept(H(16384, 0x01, 0x00, 1));
        s.Accept(H(16384, 0x09, 0x00, 1));
        s.Accept(H(16384, 0x09, 0x00, 1));
        s.Accept(H(16384, 0x09, 0x00, 1));
        Assert.Equal(65536, s.BlockBytes);
        AssertConnectionError(s.TryAccept(H(1, 0x09, 0x04, 1)), Http2ErrorCode.EnhanceYourCalm);
        Assert.False(s.TryAccept(H(0, 0x09, 0x04, 1)).IsError);
    }

    [Fact]
    public void SingleFrameBlockAboveTheByteCap_IsEnhanceYourCalm()
    {
        var s = new HeaderBlockSequencer(new FrameReaderOptions { MaxHeaderBlockBytes = 100 });
        Assert.False(s.TryAccept(H(100, 0x01, 0x04, 1)).IsError);
        AssertConnectionError(s.TryAccept(H(101, 0x01, 0x04, 3)), Http2ErrorCode.EnhanceYourCalm);
        AssertConnectionError(s.TryAccept(H(101, 0x05, 0x00, 3)), Http2ErrorCode.EnhanceYourCalm);
        Assert.False(s.IsBlockOpen);
    }

    [Fact]
    public void DefaultValue_BehavesLikeDefaultOptions()
    {
        HeaderBlockSequencer s = default;
        Assert.Equal(8, s.MaxContinuationFrames);
        Assert.Equal(65536, s.MaxHeaderBlockBytes);
        s.Accept(HeadersOpen1);
        for (int i = 0; i < 8; i++)
        {
            s.Accept(EmptyContinuation1);
        }

        AssertConnectionError(s.TryAccept(EmptyContinuation1), Http2ErrorCode.EnhanceYourCalm);
    }

    [Fact]
    public void HeaderWithImpossibleLength_Throws()
    {
        var s = new HeaderBlockSequencer(FrameReaderOptions.Default);
        ArgumentOutOfRangeException negative = Assert.Throws<ArgumentOutOfRangeException>(() => s.TryAccept(new FrameHeader(-1, FrameType.Headers, FrameFlags.None, 1)));
        Assert.StartsWith("A frame length must be between 0 and 2^24-1.", negative.Message, StringComparison.Ordinal);
        Assert.Equal("length", negative.ParamName);
        Assert.Throws<ArgumentOutOfRangeException>(() => s.TryAccept(new FrameHeader(0x100_0000, FrameType.Data, FrameFlags.None, 1)));

        // 2^24-1 is a length the wire can carry: the sequencer judges the frame (a DATA outside a block passes).
        Assert.False(s.TryAccept(new FrameHeader(0xFF_FFFF, FrameType.Data, FrameFlags.None, 1)).IsError);
        Assert.Throws<ArgumentNullException>(() => new HeaderBlockSequencer(null!));
    }
}
