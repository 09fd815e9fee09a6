using System;
using System.Buffers;
using Xunit;

namespace Ht2.Tests.Reading;

/// <summary>What the reader's argument checks tell a caller: the exception, the parameter it names and the rule in its message.</summary>
public sealed class ReaderArgumentTests
{
    // PING, 8 bytes, stream 0.
    private static readonly byte[] Ping = [0x00, 0x00, 0x08, 0x06, 0x00, 0x00, 0x00, 0x00, 0x00, 1, 2, 3, 4, 5, 6, 7, 8];

    [Fact]
    public void NullOptions_AreRefused_ByBothReaders_BeforeAnyByteIsRead()
    {
        ArgumentNullException span = Assert.Throws<ArgumentNullException>(
            () => FrameReader.TryReadFrame(Ping, null!, out _, out ReadOnlySpan<byte> _, out _, out _));
        Assert.Equal("options", span.ParamName);

        ArgumentNullException sequence = Assert.Throws<ArgumentNullException>(
            () => FrameReader.TryReadFrame(new ReadOnlySequence<byte>(Ping), null!, out _, out ReadOnlySequence<byte> _, out _, out _));
        Assert.Equal("options", sequence.ParamName);
    }

    [Fact]
    public void ValidateFrame_WithAPayloadOfAnotherLength_NamesTheRule()
    {
        FrameHeader header = new(8, FrameType.Ping, FrameFlags.None, 0);
        ArgumentException span = Assert.Throws<ArgumentException>(() => FrameReader.ValidateFrame(header, new byte[7]));
        Assert.Equal("payloadLength", span.ParamName);
        Assert.StartsWith("The payload length must equal the header's Length.", span.Message, StringComparison.Ordinal);

        ArgumentException sequence = Assert.Throws<ArgumentException>(() => FrameReader.ValidateFrame(header, new ReadOnlySequence<byte>(new byte[9])));
        Assert.StartsWith("The payload length must equal the header's Length.", sequence.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Limits_OutOfRange_NameTheLimitAndTheRule()
    {
        ArgumentOutOfRangeException negative = Assert.Throws<ArgumentOutOfRangeException>(() => new FrameReaderOptions { MaxContinuationFrames = -1 });
        Assert.Equal("MaxContinuationFrames", negative.ParamName);
        Assert.StartsWith("The limit must not be negative.", negative.Message, StringComparison.Ordinal);

        ArgumentOutOfRangeException frameSize = Assert.Throws<ArgumentOutOfRangeException>(() => new FrameReaderOptions { LocalMaxFrameSize = 16_383 });
        Assert.Equal("LocalMaxFrameSize", frameSize.ParamName);
        Assert.StartsWith("A maximum frame size must be between 16384 and 16777215.", frameSize.Message, StringComparison.Ordinal);

        ArgumentOutOfRangeException header = Assert.Throws<ArgumentOutOfRangeException>(() => FrameReader.ValidateHeader(new FrameHeader(8, FrameType.Ping, FrameFlags.None, 0), 16_777_216));
        Assert.Equal("localMaxFrameSize", header.ParamName);
        Assert.StartsWith("A maximum frame size must be between 16384 and 16777215.", header.Message, StringComparison.Ordinal);
    }
}
