using System;
using static Ht2.Tests.Hpack.HpackTestKit;

namespace Ht2.Tests.Hpack;

// Expected bytes worked out by hand from RFC 7541 §6 and the Appendix A static table.
public class EncoderTests
{
    private static byte[] Encode(string name, string value, HpackFieldOptions options = HpackFieldOptions.None)
    {
        byte[] buffer = new byte[HpackEncoder.GetMaxEncodedLength(name.Length, value.Length)];
        Assert.True(HpackEncoder.TryEncodeHeader(Latin1(name), Latin1(value), buffer, out int written, options));
        Assert.Equal(written, HpackEncoder.GetEncodedLength(Latin1(name), Latin1(value), options));
        return buffer.AsSpan(0, written).ToArray();
    }

    [Theory]
    [InlineData(":status", "200", 0x88)]
    [InlineData(":method", "GET", 0x82)]
    [InlineData(":method", "POST", 0x83)]
    [InlineData(":path", "/", 0x84)]
    [InlineData(":scheme", "https", 0x87)]
    [InlineData(":status", "500", 0x8E)]
    [InlineData("accept-encoding", "gzip, deflate", 0x90)]
    [InlineData(":authority", "", 0x81)]   // name-only entries carry the empty value
    [InlineData("accept", "", 0x93)]
    public void ExactStaticMatchIsOneIndexedOctet(string name, string value, int expected)
    {
        Assert.Equal(new[] { (byte)expected }, Encode(name, value));
    }

    [Fact]
    public void StaticNameBecomesLiteralWithoutIndexingWithNameIndex()
    {
        // content-length is static 28 >= 15: 4-bit prefix full (0x0F), then 28-15 = 13; raw value of 4 octets.
        Assert.Equal(Hex("0F0D 04 31323334"), Encode("content-length", "1234"));

        // C.2.2: ":path: /sample/path", name index 4 fits the prefix.
        Assert.Equal(Hex("040c 2f73 616d 706c 652f 7061 7468"), Encode(":path", "/sample/path"));

        // :status with a value not in the table: name index 8.
        Assert.Equal(Hex("08 03 333032"), Encode(":status", "302"));
    }

    [Theory]
    // Every name of RFC 7541 Appendix A, with the lowest index that carries it.
    [InlineData(":authority", 1)]
    [InlineData(":method", 2)]
    [InlineData(":path", 4)]
    [InlineData(":scheme", 6)]
    [InlineData(":status", 8)]
    [InlineData("accept-charset", 15)]
    [InlineData("accept-encoding", 16)]
    [InlineData("accept-language", 17)]
    [InlineData("accept-ranges", 18)]
    [InlineData("accept", 19)]
    [InlineData("access-control-allow-origin", 20)]
    [InlineData("age", 21)]
    [InlineData("allow", 22)]
    [InlineData("authorization", 23)]
    [InlineData("cache-control", 24)]
    [InlineData("content-disposition", 25)]
    [InlineData("content-encoding", 26)]
    [InlineData("content-language", 27)]
    [InlineData("content-length", 28)]
    [InlineData("content-location", 29)]
    [InlineData("content-range", 30)]
    [InlineData("content-type", 31)]
    [InlineData("cookie", 32)]
    [InlineData("date", 33)]
    [InlineData("etag", 34)]
    [InlineData("expect", 35)]
    [InlineData("expires", 36)]
    [InlineData("from", 37)]
    [InlineData("host", 38)]
    [InlineData("if-match", 39)]
    [InlineData("if-modified-since", 40)]
    [InlineData("if-none-match", 41)]
    [InlineData("if-range", 42)]
    [InlineData("if-unmodified-since", 43)]
    [InlineData("last-modified", 44)]
    [InlineData("link", 45)]
    [InlineData("location", 46)]
    [InlineData("max-forwards", 47)]
    [InlineData("proxy-authenticate", 48)]
    [InlineData("proxy-authorization", 49)]
    [InlineData("range", 50)]
    [InlineData("referer", 51)]
    [InlineData("refresh", 52)]
    [InlineData("retry-after", 53)]
    [InlineData("server", 54)]
    [InlineData("set-cookie", 55)]
    [InlineData("strict-transport-security", 56)]
    [InlineData("transfer-encoding", 57)]
    [InlineData("user-agent", 58)]
    [InlineData("vary", 59)]
    [InlineData("via", 60)]
    [InlineData("www-authenticate", 61)]
    public void EveryStaticNameIsSentByItsLowestIndex(string name, int index)
    {
        // A value in no entry ("~"): literal without indexing, name by index in a 4-bit prefix (RFC 7541 §6.2.2),
        // then the raw one-octet value.
        byte[] nameIndex = index < 15 ? [(byte)index] : [0x0F, (byte)(index - 15)];
        Assert.Equal([.. nameIndex, 0x01, (byte)'~'], Encode(name, "~"));
    }

    [Theory]
    [InlineData("x-filler")]      // the length of if-match, if-range, location
    [InlineData(":statux")]       // the length of :method, :scheme, :status
    [InlineData("accept-charsex")] // the length of accept-charset, content-length
    [InlineData("a")]
    [InlineData("access-control-allow-origin-")] // one longer than the longest name
    public void NameOfAStaticLengthButNotInTheTableIsALiteral(string name)
    {
        byte[] expected = [0x00, (byte)name.Length, .. Latin1(name), 0x01, (byte)'~'];
        Assert.Equal(expected, Encode(name, "~"));
    }

    [Fact]
    public void NameLongerThan255IsALiteral()
    {
        string name = new('a', 300);

        // 300 in a 7-bit prefix: 127, then 300 - 127 = 173 = 0xAD | 0x80, then 1.
        byte[] expected = [0x00, 0x7F, 0xAD, 0x01, .. Latin1(name), 0x01, (byte)'~'];
        Assert.Equal(expected, Encode(name, "~"));
    }

    [Fact]
    public void UnknownNameBecomesLiteralName()
    {
        Assert.Equal(
            Hex("00 0a 6375 7374 6f6d 2d6b 6579 0d 6375 7374 6f6d 2d68 6561 6465 72"),
            Encode("custom-key", "custom-header"));
    }

    [Fact]
    public void NeverIndexedUsesTheSixthRepresentation()
    {
        // C.2.3 exactly.
        Assert.Equal(Hex("1008 7061 7373 776f 7264 0673 6563 7265 74"), Encode("password", "secret", HpackFieldOptions.NeverIndexed));

        // authorization is static 23: 0x1F then 23-15 = 8.
        Assert.Equal(Hex("1F08 01 78"), Encode("authorization", "x", HpackFieldOptions.NeverIndexed));

        // An exact static match is still indexed.
        Assert.Equal(new byte[] { 0x82 }, Encode(":method", "GET", HpackFieldOptions.NeverIndexed));
    }

    [Fact]
    public void HuffmanIsOptInAndMatchesAppendixC4()
    {
        // C.4.1's authority, without indexing: name index 1, H=1 length 12.
        Assert.Equal(Hex("01 8c f1e3 c2e5 f23a 6ba0 ab90 f4ff"), Encode(":authority", "www.example.com", HpackFieldOptions.Huffman));

        // C.4.3's custom field, literal name and value both Huffman.
        Assert.Equal(
            Hex("00 88 25a8 49e9 5ba9 7d7f 89 25a8 49e9 5bb8 e8b4 bf"),
            Encode("custom-key", "custom-value", HpackFieldOptions.Huffman));

        // Without the option the same field is raw.
        Assert.Equal(Hex("01 0f 7777772e6578616d706c652e636f6d"), Encode(":authority", "www.example.com"));
    }

    [Fact]
    public void HuffmanIsSkippedWhenItIsNotShorter()
    {
        // The value's octets 0x00 and 0xFF take 13 + 26 bits: Huffman would be 5 octets instead of 2, so it stays raw.
        // The name shrinks: x 1111001, - 010110, b 100011, i 00110, n 101010, pad 11 = F2 B4 66 AB.
        byte[] buffer = new byte[16];
        Assert.True(HpackEncoder.TryEncodeHeader("x-bin"u8, new byte[] { 0x00, 0xFF }, buffer, out int written, HpackFieldOptions.Huffman));
        Assert.Equal(Hex("00 84 F2B466AB 02 00ff"), buffer.AsSpan(0, written).ToArray());
    }

    [Fact]
    public void MultiOctetLengthsUseContinuationOctets()
    {
        // Value of 200 octets: 0x7F then 200-127 = 73.
        byte[] field = Encode("x", new string('v', 200));
        Assert.Equal(Hex("00 01 78 7F49"), field.AsSpan(0, 5).ToArray());
        Assert.Equal(5 + 200, field.Length);

        // Value of 20000 octets: 0x7F then 19873 in three 7-bit groups.
        field = Encode("x", new string('v', 20000));
        Assert.Equal(Hex("00 01 78 7FA19B01"), field.AsSpan(0, 7).ToArray());
        Assert.Equal(7 + 20000, field.Length);
    }

    [Fact]
    public void TooSmallDestinationReturnsFalseAtEveryLength()
    {
        byte[] name = "content-type"u8.ToArray();
        byte[] value = "text/html; charset=utf-8"u8.ToArray();
        int needed = HpackEncoder.GetEncodedLength(name, value);
        for (int size = 0; size < needed; size++)
        {
            Assert.False(HpackEncoder.TryEncodeHeader(name, value, new byte[size], out int written));
            Assert.Equal(0, written);
        }

        Assert.True(HpackEncoder.TryEncodeHeader(name, value, new byte[needed], out int exact));
        Assert.Equal(needed, exact);
    }

    [Theory]
    [InlineData("Content-Type")]
    [InlineData("x-Custom")]
    [InlineData("")]
    public void UppercaseOrEmptyNamesAreRejected(string name)
    {
        Assert.Throws<ArgumentException>(() => HpackEncoder.TryEncodeHeader(Latin1(name), "v"u8, new byte[64], out _));
        Assert.Throws<ArgumentException>(() => HpackEncoder.GetEncodedLength(Latin1(name), "v"u8));
    }

    [Theory]
    [InlineData(200, "88")]
    [InlineData(204, "89")]
    [InlineData(206, "8A")]
    [InlineData(304, "8B")]
    [InlineData(400, "8C")]
    [InlineData(404, "8D")]
    [InlineData(500, "8E")]
    [InlineData(100, "08 03 313030")]
    [InlineData(302, "08 03 333032")]
    [InlineData(999, "08 03 393939")]
    public void StatusFastPath(int status, string hex)
    {
        byte[] buffer = new byte[HpackEncoder.MaxStatusLength];
        int written = HpackEncoder.EncodeStatus(status, buffer);
        Assert.Equal(Hex(hex), buffer.AsSpan(0, written).ToArray());

        // The general path produces the same octets.
        Assert.Equal(Hex(hex), Encode(":status", status.ToString(System.Globalization.CultureInfo.InvariantCulture)));

        Assert.False(HpackEncoder.TryEncodeStatus(status, new byte[written - 1], out _));
        Assert.Throws<ArgumentException>(() => HpackEncoder.EncodeStatus(status, new byte[written - 1]));
    }

    [Theory]
    [InlineData(99)]
    [InlineData(1000)]
    [InlineData(-200)]
    public void StatusOutsideThreeDigitsIsRejected(int status)
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => HpackEncoder.TryEncodeStatus(status, new byte[8], out _));
    }

    [Theory]
    [InlineData(0, "20")]
    [InlineData(30, "3E")]
    [InlineData(4096, "3F E11F")] // 4096-31 = 4065 = 0x61|0x80, then 31
    public void DynamicTableSizeUpdate(int size, string hex)
    {
        byte[] buffer = new byte[8];
        Assert.True(HpackEncoder.TryEncodeDynamicTableSizeUpdate(size, buffer, out int written));
        Assert.Equal(Hex(hex), buffer.AsSpan(0, written).ToArray());
        Assert.False(HpackEncoder.TryEncodeDynamicTableSizeUpdate(size, new byte[written - 1], out _));
    }

    [Fact]
    public void MaxEncodedLengthBoundsEveryEncoding()
    {
        Random random = new(7);
        for (int i = 0; i < 500; i++)
        {
            byte[] name = new byte[random.Next(1, 40)];
            random.NextBytes(name);
            for (int j = 0; j < name.Length; j++)
            {
                name[j] = (byte)(name[j] % 26 + 'a');
            }

            byte[] value = new byte[random.Next(0, 300)];
            random.NextBytes(value);
            foreach (HpackFieldOptions options in new[] { HpackFieldOptions.None, HpackFieldOptions.Huffman, HpackFieldOptions.NeverIndexed })
            {
                Assert.True(HpackEncoder.GetEncodedLength(name, value, options) <= HpackEncoder.GetMaxEncodedLength(name.Length, value.Length));
            }
        }
    }
}
