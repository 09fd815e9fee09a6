using System;
using System.Linq;
using static Ht2.Tests.Hpack.HpackTestKit;

namespace Ht2.Tests.Hpack;

/// <summary>
/// The decoder's limits, with blocks written by hand from RFC 7541: argument checks, the size update owed after
/// SETTINGS_HEADER_TABLE_SIZE changes (§4.2, §6.3), SETTINGS_MAX_HEADER_LIST_SIZE, and the Huffman scratch buffer,
/// which grows only when a longer string than any before arrives.
/// </summary>
public class DecoderLimitTests
{
    // 'a' is the 5-bit code 00011 (Appendix B): eight of them fill the five octets 18 C6 31 8C 63.
    private const string EightA = "18C6318C63";

    [Fact]
    public void NegativeSizes_AreRejectedWithTheParameterName()
    {
        Assert.Equal("maxHeaderTableSize", Assert.Throws<ArgumentOutOfRangeException>(() => new HpackDecoder(-1)).ParamName);
        Assert.Equal("maxHeaderListSize", Assert.Throws<ArgumentOutOfRangeException>(() => new HpackDecoder(4096, -1)).ParamName);

        HpackDecoder decoder = new(0, 0);
        Assert.Equal(0, decoder.MaxHeaderTableSize);
        Assert.Equal(0, decoder.MaxHeaderListSize);
        Assert.Equal("value", Assert.Throws<ArgumentOutOfRangeException>(() => decoder.MaxHeaderListSize = -1).ParamName);
        Assert.Equal("maxHeaderTableSize", Assert.Throws<ArgumentOutOfRangeException>(() => decoder.SetMaxHeaderTableSize(-1)).ParamName);
        Assert.Equal(0, decoder.MaxHeaderListSize);
        Assert.Equal(0, decoder.MaxHeaderTableSize);
    }

    [Fact]
    public void ABlockWithoutTheOwedUpdate_IsACompressionErrorThatSaysSo()
    {
        HpackDecoder decoder = new();
        decoder.SetMaxHeaderTableSize(100);
        Ht2ProtocolException error = AssertCompressionError(decoder, Hex("82"));
        Assert.Contains("must start with a dynamic table size update", error.Message);
    }

    [Fact]
    public void AfterTwoLoweringsAndARaise_TheUpdateMustNotExceedTheLowest()
    {
        // 1000, then 500, then 4096 again: 4096 is the new ceiling for later updates, but the owed one may not exceed
        // 500. 800 = 31 + 769: 3F, 769 = 0x01 | 0x80, 6 → 3F 81 06.
        HpackDecoder decoder = LoweredTwiceThenRaised();
        Ht2ProtocolException error = AssertCompressionError(decoder, Hex("3F8106 82"));
        Assert.Contains("exceeds the lowest SETTINGS_HEADER_TABLE_SIZE", error.Message);

        // 500 = 31 + 469: 469 = 0x55 | 0x80, 3 → 3F D5 03; then 4096 is allowed in the same block (3F E1 1F).
        decoder = LoweredTwiceThenRaised();
        Assert.Equal(new[] { (":method", "GET") }, Decode(decoder, Hex("3FD503 82")));
        Assert.Equal(500, decoder.DynamicTableMaxSize);
        Assert.Equal(new[] { (":method", "GET") }, Decode(decoder, Hex("3FE11F 82")));
        Assert.Equal(4096, decoder.DynamicTableMaxSize);
    }

    private static HpackDecoder LoweredTwiceThenRaised()
    {
        HpackDecoder decoder = new();
        decoder.SetMaxHeaderTableSize(1000);
        decoder.SetMaxHeaderTableSize(500);
        decoder.SetMaxHeaderTableSize(4096);
        Assert.Equal(4096, decoder.MaxHeaderTableSize);
        Assert.Equal(500, decoder.DynamicTableMaxSize);
        return decoder;
    }

    [Fact]
    public void OnceTheListIsTooLarge_NoLaterFieldIsDelivered()
    {
        // :method GET (7 + 3 + 32 = 42) and :path / (5 + 1 + 32 = 38) make exactly 80; :scheme http and https
        // (7 + 4/5 + 32) each cross it.
        HpackDecoder decoder = new(maxHeaderListSize: 80);
        FieldCollector collector = new();
        Assert.False(decoder.TryDecode(Hex("82 84 86 87"), ref collector));
        Assert.Equal(new[] { (":method", "GET"), (":path", "/") }, collector.Fields);

        collector = new FieldCollector();
        Assert.True(decoder.TryDecode(Hex("82 84"), ref collector));
        Assert.Equal(2, collector.Fields.Count);
    }

    // 01: literal without indexing, name index 1 (:authority); the value is Huffman (H bit) with 'octets' octets.
    private static byte[] AuthorityOfHuffmanA(int octets, string lengthHex) =>
        Hex("01" + lengthHex + string.Concat(Enumerable.Repeat(EightA, octets / 5)));

    private static HpackDecoder[] Decoders(params byte[][] blocks)
    {
        HpackDecoder[] decoders = new HpackDecoder[5];
        for (int i = 0; i < decoders.Length; i++)
        {
            decoders[i] = new HpackDecoder();
            foreach (byte[] block in blocks)
            {
                Assert.Equal(":authority", Assert.Single(Decode(decoders[i], block)).Name);
            }
        }

        return decoders;
    }

    // One decoder per round, each brought to the same state, so that every round decodes 'block' for the first time.
    private static void AssertDecodingAllocatesNothing(HpackDecoder[] decoders, byte[] block, int fieldOctets)
    {
        int round = 0;
        CountingHandler handler = default;
        AllocationRounds.AssertSteadyStateAllocatesNothing(() => decoders[round++].Decode(block, ref handler));
        Assert.Equal(round, handler.Fields);
        Assert.Equal(round * (long)fieldOctets, handler.Octets);
    }

    [Fact]
    public void AStringThatFillsTheScratchBufferExactly_DoesNotGrowIt()
    {
        // 160 Huffman octets can hold at most 160 × 8 / 5 = 256 symbols: exactly the first buffer's 256 octets.
        // Length 160 = 127 + 33: FF 21. It decodes to 256 'a'.
        byte[] block = AuthorityOfHuffmanA(160, "FF21");
        AssertDecodingAllocatesNothing(Decoders(block), block, 10 + 256);
    }

    [Fact]
    public void AShortStringMakesTheFirstBufferHold256()
    {
        // 5 octets (8 'a', 85 = H + 5) need 8, but the first buffer is 256, enough for the 160-octet string.
        byte[] block = AuthorityOfHuffmanA(160, "FF21");
        AssertDecodingAllocatesNothing(Decoders(AuthorityOfHuffmanA(5, "85")), block, 10 + 256);
    }

    [Fact]
    public void ARawNameTakesNoRoomInTheScratchBuffer()
    {
        // 00: literal without indexing, new name; 01 "x" raw; then the 160-octet Huffman value, which alone fills the
        // 256 octets of the first buffer.
        byte[] block = Hex("00 01 78 FF21" + string.Concat(Enumerable.Repeat(EightA, 32)));
        Assert.Equal(("x", new string('a', 256)), Assert.Single(Decode(new HpackDecoder(), block)));
        AssertDecodingAllocatesNothing(Decoders(AuthorityOfHuffmanA(5, "85")), block, 1 + 256);
    }

    [Fact]
    public void TheScratchBufferDoubles()
    {
        // 160 octets → 256; 190 octets (FF 3F) need 304, so the buffer doubles to 512; 250 octets (FF 7B) need 400
        // and fit.
        byte[] block = AuthorityOfHuffmanA(250, "FF7B");
        AssertDecodingAllocatesNothing(Decoders(AuthorityOfHuffmanA(160, "FF21"), AuthorityOfHuffmanA(190, "FF3F")), block, 10 + 400);
    }
}
