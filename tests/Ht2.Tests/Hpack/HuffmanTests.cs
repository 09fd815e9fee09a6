using System;
using static Ht2.Tests.Hpack.HpackTestKit;

namespace Ht2.Tests.Hpack;

public class HuffmanTests
{
    // Codes copied by hand from RFC 7541 Appendix B, spread over every code length and the odd corners.
    [Theory]
    [InlineData(0, 0x1ff8u, 13)]
    [InlineData(1, 0x7fffd8u, 23)]
    [InlineData(9, 0xffffeau, 24)]
    [InlineData(10, 0x3ffffffcu, 30)]
    [InlineData(13, 0x3ffffffdu, 30)]
    [InlineData(22, 0x3ffffffeu, 30)]
    [InlineData(' ', 0x14u, 6)]
    [InlineData('!', 0x3f8u, 10)]
    [InlineData('\'', 0x7fau, 11)]
    [InlineData('#', 0xffau, 12)]
    [InlineData('0', 0x0u, 5)]
    [InlineData(':', 0x5cu, 7)]
    [InlineData('<', 0x7ffcu, 15)]
    [InlineData('X', 0xfcu, 8)]
    [InlineData('\\', 0x7fff0u, 19)]
    [InlineData('^', 0x3ffcu, 14)]
    [InlineData('a', 0x3u, 5)]
    [InlineData('z', 0x7bu, 7)]
    [InlineData('~', 0x1ffdu, 13)]
    [InlineData(127, 0xffffffcu, 28)]
    [InlineData(128, 0xfffe6u, 20)]
    [InlineData(153, 0x1fffdcu, 21)]
    [InlineData(199, 0x1ffffecu, 25)]
    [InlineData(200, 0x3ffffe2u, 26)]
    [InlineData(203, 0x7ffffdeu, 27)]
    [InlineData(220, 0xffffffdu, 28)]
    [InlineData(249, 0xffffffeu, 28)]
    [InlineData(255, 0x3ffffeeu, 26)]
    [InlineData(256, 0x3fffffffu, 30)]
    public void CanonicalCodesMatchAppendixB(int symbol, uint code, int length)
    {
        Assert.Equal(length, HpackHuffmanTable.CodeLengths[symbol]);
        Assert.Equal(code, HpackHuffmanTable.Codes[symbol]);
    }

    [Fact]
    public void CodeIsCompleteAndPrefixFree()
    {
        // Kraft sum of exactly 1 (in units of 2^-30): no code is missing and none is doubled.
        long kraft = 0;
        for (int symbol = 0; symbol <= 256; symbol++)
        {
            kraft += 1L << (30 - HpackHuffmanTable.CodeLengths[symbol]);
        }

        Assert.Equal(1L << 30, kraft);
    }

    [Fact]
    public void EveryOctetRoundTrips()
    {
        byte[] all = new byte[256 * 3];
        for (int i = 0; i < all.Length; i++)
        {
            all[i] = (byte)(i * 7);
        }

        byte[] encoded = new byte[HpackHuffman.GetEncodedLength(all)];
        Assert.Equal(encoded.Length, HpackHuffman.Encode(all, encoded));
        byte[] decoded = new byte[HpackHuffman.GetMaxDecodedLength(encoded.Length)];
        int length = HpackHuffman.Decode(encoded, decoded);
        Assert.Equal(all, decoded.AsSpan(0, length).ToArray());
    }

    [Theory]
    [InlineData("www.example.com", "f1e3 c2e5 f23a 6ba0 ab90 f4ff")]   // C.4.1
    [InlineData("no-cache", "a8eb 1064 9cbf")]                          // C.4.2
    [InlineData("custom-key", "25a8 49e9 5ba9 7d7f")]                   // C.4.3
    [InlineData("custom-value", "25a8 49e9 5bb8 e8b4 bf")]              // C.4.3
    [InlineData("302", "6402")]                                         // C.6.1
    [InlineData("private", "aec3 771a 4b")]                             // C.6.1
    [InlineData("", "")]
    public void EncodesTheAppendixCStrings(string text, string hex)
    {
        byte[] expected = Hex(hex);
        byte[] source = Latin1(text);
        Assert.Equal(expected.Length, HpackHuffman.GetEncodedLength(source));
        byte[] encoded = new byte[expected.Length];
        HpackHuffman.Encode(source, encoded);
        Assert.Equal(expected, encoded);

        byte[] decoded = new byte[HpackHuffman.GetMaxDecodedLength(expected.Length)];
        Assert.Equal(source, decoded.AsSpan(0, HpackHuffman.Decode(expected, decoded)).ToArray());
    }

    [Theory]
    [InlineData(new byte[] { 0x18 }, "padding")]              // 'a' (00011) then 000: padding must be ones
    [InlineData(new byte[] { 0x1F, 0xFF }, "longer than 7")]  // 'a' then eleven ones
    [InlineData(new byte[] { 0xFF }, "longer than 7")]        // eight ones and nothing else
    [InlineData(new byte[] { 0xFF, 0xFF, 0xFF, 0xFF }, "EOS")] // 30 ones are EOS itself
    [InlineData(new byte[] { 0x00 }, "padding")]              // '0' (00000) then 000
    public void BadPaddingAndEosAreCompressionErrors(byte[] encoded, string reason)
    {
        Ht2ProtocolException error = Assert.Throws<Ht2ProtocolException>(() =>
            HpackHuffman.Decode(encoded, new byte[HpackHuffman.GetMaxDecodedLength(encoded.Length)]));
        Assert.Equal(Http2ErrorCode.CompressionError, error.ErrorCode);
        Assert.Contains(reason, error.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void ShortAllOnesPaddingIsAccepted()
    {
        // 'a' = 00011 + 111: the canonical end of "a".
        byte[] decoded = new byte[4];
        Assert.Equal(1, HpackHuffman.Decode(new byte[] { 0x1F }, decoded));
        Assert.Equal((byte)'a', decoded[0]);
    }
}
