using System;

namespace Ht2.Tests.Hpack;

// RFC 7541 §5.1 and Appendix C.1, worked by hand.
public class HpackIntegerTests
{
    [Theory]
    [InlineData(10, 5, new byte[] { 0x0A })]                       // C.1.1
    [InlineData(1337, 5, new byte[] { 0x1F, 0x9A, 0x0A })]         // C.1.2: 1337-31=1306 = 0x1A | 0x80, 1306>>7 = 10
    [InlineData(42, 8, new byte[] { 0x2A })]                       // C.1.3
    [InlineData(31, 5, new byte[] { 0x1F, 0x00 })]                 // exactly 2^N-1 needs a zero continuation octet
    [InlineData(127, 7, new byte[] { 0x7F, 0x00 })]
    [InlineData(200, 7, new byte[] { 0x7F, 0x49 })]                // 200-127 = 73
    [InlineData(20000, 7, new byte[] { 0x7F, 0xA1, 0x9B, 0x01 })] // 19873 = 0x21 + 0x1B<<7 + 1<<14
    [InlineData(int.MaxValue, 4, new byte[] { 0x0F, 0xF0, 0xFF, 0xFF, 0xFF, 0x07 })] // 2^31-1-15 = 0x7FFFFFF0
    public void EncodesAndDecodesTheWorkedExamples(int value, int prefixBits, byte[] expected)
    {
        Assert.Equal(expected.Length, HpackInteger.GetEncodedLength(value, prefixBits));
        byte[] buffer = new byte[8];
        int written = HpackInteger.Encode(buffer, value, prefixBits, 0);
        Assert.Equal(expected, buffer.AsSpan(0, written).ToArray());

        int position = 0;
        Assert.Equal(value, HpackInteger.Decode(expected, ref position, prefixBits));
        Assert.Equal(expected.Length, position);
    }

    [Fact]
    public void FlagBitsAboveThePrefixAreKeptAndIgnored()
    {
        byte[] buffer = new byte[4];
        Assert.Equal(1, HpackInteger.Encode(buffer, 10, 5, 0xE0));
        Assert.Equal(0xEA, buffer[0]);

        int position = 0;
        Assert.Equal(10, HpackInteger.Decode(buffer, ref position, 5));
    }

    [Theory]
    [InlineData(new byte[] { 0x1F })]                                      // prefix full, no continuation
    [InlineData(new byte[] { 0x1F, 0x80 })]                                // continuation bit set on the last octet
    [InlineData(new byte[] { 0x1F, 0xFF, 0xFF, 0xFF, 0xFF, 0x0F })]        // above int.MaxValue
    [InlineData(new byte[] { 0x1F, 0x80, 0x80, 0x80, 0x80, 0x80, 0x00 })] // sixth continuation octet
    public void MalformedIntegersAreCompressionErrors(byte[] encoded)
    {
        Ht2ProtocolException error = Assert.Throws<Ht2ProtocolException>(() =>
        {
            int position = 0;
            HpackInteger.Decode(encoded, ref position, 5);
        });
        Assert.Equal(Http2ErrorCode.CompressionError, error.ErrorCode);
    }
}
