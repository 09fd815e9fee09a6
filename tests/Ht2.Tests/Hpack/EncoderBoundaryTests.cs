using System;
using static Ht2.Tests.Hpack.HpackTestKit;

namespace Ht2.Tests.Hpack;

// Argument checks (exception type, parameter name, message) and exact fits of HpackEncoder, HpackInteger and
// HpackHuffman; expected octets worked out by hand from RFC 7541 §5.1, §5.2, §6.2.2, §6.3 and Appendix B.
public class EncoderBoundaryTests
{
    [Fact]
    public void MaxEncodedLength_RejectsNegativeLengthsAndOverflows()
    {
        Assert.Equal("nameLength", Assert.Throws<ArgumentOutOfRangeException>(() => HpackEncoder.GetMaxEncodedLength(-1, 0)).ParamName);
        Assert.Equal("valueLength", Assert.Throws<ArgumentOutOfRangeException>(() => HpackEncoder.GetMaxEncodedLength(0, -1)).ParamName);
        Assert.Throws<OverflowException>(() => HpackEncoder.GetMaxEncodedLength(int.MaxValue, int.MaxValue));

        // 1 + (1 + 0) + (1 + 0): the empty field.
        Assert.Equal(3, HpackEncoder.GetMaxEncodedLength(0, 0));
    }

    [Fact]
    public void EncodeStatus_NamesTheDestinationWhenItIsTooSmall()
    {
        ArgumentException error = Assert.Throws<ArgumentException>(() => HpackEncoder.EncodeStatus(302, new byte[4]));
        Assert.Equal("destination", error.ParamName);
        Assert.Contains("too small for :status", error.Message);
    }

    [Fact]
    public void SizeUpdate_RejectsANegativeSizeAndFitsAnExactDestination()
    {
        Assert.Equal("maxSize", Assert.Throws<ArgumentOutOfRangeException>(() => HpackEncoder.TryEncodeDynamicTableSizeUpdate(-1, new byte[8], out _)).ParamName);

        // 4096 = 31 + 4065: 3F, 4065 = 0x61 | 0x80, 31 → three octets, written into exactly three.
        byte[] exact = new byte[3];
        Assert.True(HpackEncoder.TryEncodeDynamicTableSizeUpdate(4096, exact, out int written));
        Assert.Equal(3, written);
        Assert.Equal(Hex("3FE11F"), exact);
    }

    [Fact]
    public void HuffmanOfTheSameLengthAsTheRawOctets_StaysRaw()
    {
        // x 1111001 (7) + - 010110 (6) + a 00011 (5) = 18 bits → 3 octets, as many as raw; & 11111000 (8) twice
        // = 2 octets, as many as raw. Both strings stay raw (H bit clear).
        byte[] buffer = new byte[16];
        Assert.True(HpackEncoder.TryEncodeHeader("x-a"u8, "&&"u8, buffer, out int written, HpackFieldOptions.Huffman));
        Assert.Equal(Hex("00 03 782D61 02 2626"), buffer.AsSpan(0, written).ToArray());
    }

    [Fact]
    public void InvalidNames_SayWhatIsWrong()
    {
        ArgumentException empty = Assert.Throws<ArgumentException>(() => HpackEncoder.GetEncodedLength(""u8, "v"u8));
        Assert.Equal("name", empty.ParamName);
        Assert.Contains("must not be empty", empty.Message);

        ArgumentException upper = Assert.Throws<ArgumentException>(() => HpackEncoder.GetEncodedLength("X-a"u8, "v"u8));
        Assert.Equal("name", upper.ParamName);
        Assert.Contains("must be lowercase", upper.Message);
    }

    [Theory]
    [InlineData("", 0)]
    [InlineData("0A", 1)] // 10 with a 5-bit prefix, read, and nothing left after it
    public void IntegerAtTheEndOfTheInput_IsTruncated(string hex, int position)
    {
        byte[] source = Hex(hex);
        Ht2ProtocolException error = Assert.Throws<Ht2ProtocolException>(() => HpackInteger.Decode(source, ref position, 5));
        Assert.Equal(Http2ErrorCode.CompressionError, error.ErrorCode);
        Assert.Contains("truncated", error.Message);
    }

    [Theory]
    [InlineData(0, 0)]
    [InlineData(1, 1)]   // 8 bits hold one 5-bit code
    [InlineData(5, 8)]   // 40 bits: eight 5-bit codes
    [InlineData(160, 256)]
    public void MaxDecodedLength_IsEightBitsPerOctetOverTheShortestCode(int octets, int symbols)
    {
        Assert.Equal(symbols, HpackHuffman.GetMaxDecodedLength(octets));
    }
}
