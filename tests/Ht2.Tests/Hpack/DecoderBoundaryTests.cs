using System;
using System.Collections.Generic;
using System.Linq;
using static Ht2.Tests.Hpack.HpackTestKit;

namespace Ht2.Tests.Hpack;

/// <summary>
/// Decoder boundaries with blocks written by hand from RFC 7541: the last static index (61) and the first dynamic
/// one (62), the mandatory size update after SETTINGS_HEADER_TABLE_SIZE 0 (§4.2), a Huffman name followed by a
/// Huffman value long enough to grow the scratch buffer.
/// </summary>
public class DecoderBoundaryTests
{
    [Fact]
    public void StaticIndex61_IsWwwAuthenticate_EvenWithADynamicEntry()
    {
        HpackDecoder decoder = new();
        Assert.Equal(new[] { ("www-authenticate", "") }, Decode(decoder, Hex("BD")));
        Decode(decoder, Hex("4001 61 0162")); // a: b becomes index 62
        Assert.Equal(new[] { ("www-authenticate", ""), ("a", "b") }, Decode(decoder, Hex("BD BE")));
    }

    [Fact]
    public void LiteralWithNameIndex61_TakesTheStaticName()
    {
        // 0000 1111 + 46 (61 - 15) : literal without indexing, name index 61, value "x".
        Assert.Equal(new[] { ("www-authenticate", "x") }, Decode(new HpackDecoder(), Hex("0F2E 0178")));
    }

    [Fact]
    public void TableSizeZero_RequiresAnUpdateToZero_ThenIndexesNothing()
    {
        HpackDecoder decoder = new();
        Decode(decoder, Hex("4001 61 0162"));
        decoder.SetMaxHeaderTableSize(0);
        Assert.Equal(0, decoder.DynamicTableCount);
        Assert.Equal(0, decoder.DynamicTableMaxSize);

        AssertCompressionError(decoder, Hex("82"));

        decoder = new HpackDecoder();
        decoder.SetMaxHeaderTableSize(0);
        AssertCompressionError(decoder, Hex("21 82")); // an update to 1 is above the 0 advertised

        decoder = new HpackDecoder();
        decoder.SetMaxHeaderTableSize(0);
        Assert.Equal(new[] { (":method", "GET"), ("a", "b") }, Decode(decoder, Hex("20 82 4001 61 0162")));
        AssertTable(decoder, 0);

        // Met once, the obligation is gone; the entry that did not fit is not addressable.
        Assert.Equal(new[] { (":method", "GET") }, Decode(decoder, Hex("82")));
        AssertCompressionError(decoder, Hex("BE"));
    }

    [Fact]
    public void SettingTheSizeInForceAgain_RequiresNoUpdate()
    {
        HpackDecoder decoder = new();
        decoder.SetMaxHeaderTableSize(4096);
        Assert.Equal(new[] { (":method", "GET") }, Decode(decoder, Hex("82")));
    }

    [Fact]
    public void HuffmanName_ThenALongHuffmanValue_KeepsTheName()
    {
        // 'a' is the 5-bit code 00011 (Appendix B): eight of them fill five octets 18 C6 31 8C 63.
        const string eightA = "18C6318C63";
        string name = eightA;                                           // "aaaaaaaa", 5 octets
        string value = string.Concat(Enumerable.Repeat(eightA, 100));   // 800 'a', 500 octets
        // 40: literal with incremental indexing, new name; 85: H + length 5; FF F5 02: H + 127 + 373.
        byte[] block = Hex("40 85" + name + "FFF502" + value);

        HpackDecoder decoder = new();
        List<(string Name, string Value)> fields = Decode(decoder, block);

        Assert.Equal(new[] { ("aaaaaaaa", new string('a', 800)) }, fields);
        AssertTable(decoder, 8 + 800 + 32, ("aaaaaaaa", new string('a', 800)));
    }

    [Fact]
    public void HuffmanName_ThenARawValue_KeepsBoth()
    {
        // 00: literal without indexing, new name; 85 + "aaaaaaaa" Huffman; 03 "xyz" raw.
        Assert.Equal(new[] { ("aaaaaaaa", "xyz") }, Decode(new HpackDecoder(), Hex("00 85 18C6318C63 03 78797A")));
    }
}
