using System.Collections.Generic;
using static Ht2.Tests.Hpack.HpackTestKit;

namespace Ht2.Tests.Hpack;

public class DecoderErrorTests
{
    [Theory]
    [InlineData("FF", "truncated")]                   // indexed, prefix full, no continuation
    [InlineData("82 FF80", "truncated")]              // continuation bit on the last octet
    [InlineData("FF FFFFFFFF0F", "overflows")]        // index above int.MaxValue
    [InlineData("FF 808080808000", "too many")]       // six continuation octets
    [InlineData("80", "index 0")]
    [InlineData("BE", "beyond")]                      // 62 with an empty dynamic table
    [InlineData("0F30 0161", "beyond")]               // literal whose name index is 63
    [InlineData("00", "truncated")]                   // literal name missing
    [InlineData("0003 6162", "longer than the rest")] // name says 3, 2 follow
    [InlineData("01", "truncated")]                   // value missing
    [InlineData("0105 6162", "longer than the rest")]
    [InlineData("01 81 18", "padding")]               // Huffman 'a' padded with zeros
    [InlineData("01 82 1FFF", "longer than 7")]       // Huffman 'a' then 11 one-bits
    [InlineData("01 84 FFFFFFFF", "EOS")]             // Huffman EOS
    [InlineData("00 81 18 00", "padding")]            // bad Huffman in a literal name
    [InlineData("3FE21F", "exceeds SETTINGS_HEADER_TABLE_SIZE")] // size update to 4097
    [InlineData("82 20", "after the first field")]
    [InlineData("4100 20", "after the first field")]  // also after a field that was indexed into the table
    public void MalformedBlocksAreConnectionCompressionErrors(string hex, string reason)
    {
        Ht2ProtocolException error = AssertCompressionError(new HpackDecoder(), Hex(hex));
        Assert.Contains(reason, error.Reason, System.StringComparison.Ordinal);
    }

    [Fact]
    public void IndexOfTheOldestDynamicEntryWorksAndOnePastItFails()
    {
        HpackDecoder decoder = new();
        Decode(decoder, Hex("4001 61 0162 4001 63 0164")); // a: b, then c: d
        Assert.Equal(new[] { ("a", "b"), ("c", "d") }, Decode(decoder, Hex("BF BE")));
        AssertCompressionError(decoder, Hex("C0"));
    }

    [Fact]
    public void HeaderListAboveTheLimitFailsButKeepsTheTableInStep()
    {
        // ":method: GET" counts 7 + 3 + 32 = 42; "a: b" counts 34. Limit 80: the first two fit (76), the third not.
        HpackDecoder decoder = new(maxHeaderListSize: 80);
        FieldCollector collector = new();
        Ht2ProtocolException error = Assert.Throws<Ht2ProtocolException>(() => decoder.Decode(Hex("82 4001 61 0162 4001 63 0164"), ref collector));
        Assert.Equal(Http2ErrorCode.CompressionError, error.ErrorCode);
        Assert.Contains("MAX_HEADER_LIST_SIZE", error.Reason, System.StringComparison.Ordinal);

        // Only the fields under the limit reached the handler, but both literals were indexed.
        Assert.Equal(new[] { (":method", "GET"), ("a", "b") }, collector.Fields);
        AssertTable(decoder, 68, ("c", "d"), ("a", "b"));
    }

    [Fact]
    public void HeaderListExactlyAtTheLimitIsAccepted()
    {
        HpackDecoder decoder = new(maxHeaderListSize: 42);
        Assert.Equal(new[] { (":method", "GET") }, Decode(decoder, Hex("82")));
        decoder.MaxHeaderListSize = 41;
        AssertCompressionError(decoder, Hex("82"));
    }

    [Fact]
    public void SizeUpdatesAtTheStartEvictAndMayRepeat()
    {
        HpackDecoder decoder = new();
        Decode(decoder, Hex("4001 61 0162 4001 63 0164"));
        AssertTable(decoder, 68, ("c", "d"), ("a", "b"));

        // Two updates, 40 then 0: the first evicts "a: b", the second empties the table.
        Assert.Equal(new[] { (":method", "GET") }, Decode(decoder, Hex("3F09 20 82")));
        AssertTable(decoder, 0);
        Assert.Equal(0, decoder.DynamicTableMaxSize);

        // With a zero limit, an indexed literal is emitted but not stored.
        Assert.Equal(new[] { ("a", "b") }, Decode(decoder, Hex("4001 61 0162")));
        AssertTable(decoder, 0);

        // Back up to 4096, allowed because it does not exceed SETTINGS_HEADER_TABLE_SIZE.
        Decode(decoder, Hex("3FE11F 4001 61 0162"));
        AssertTable(decoder, 34, ("a", "b"));
    }

    [Fact]
    public void EntryLargerThanTheTableEmptiesIt()
    {
        HpackDecoder decoder = new(maxHeaderTableSize: 64);
        Decode(decoder, Hex("4001 61 0162"));
        AssertTable(decoder, 34, ("a", "b"));

        // 1 + 32 + 32 = 65 > 64.
        string big = new('x', 32);
        List<(string, string)> fields = Decode(decoder, [.. Hex("4001 63 20"), .. Latin1(big)]);
        Assert.Equal(new[] { ("c", big) }, fields);
        AssertTable(decoder, 0);
    }

    [Fact]
    public void LoweredSettingRequiresASizeUpdateAtTheNextBlock()
    {
        HpackDecoder decoder = new();
        Decode(decoder, Hex("4001 61 0162"));
        decoder.SetMaxHeaderTableSize(100);
        decoder.SetMaxHeaderTableSize(200);

        // Missing update, and an update above the lowest value advertised meanwhile (100), both fail.
        AssertCompressionError(decoder, Hex("82"));
        decoder = Lowered();
        AssertCompressionError(decoder, Hex("3F46 82")); // 101
        decoder = Lowered();
        AssertCompressionError(decoder, []);

        decoder = Lowered();
        Assert.Equal(new[] { (":method", "GET") }, Decode(decoder, Hex("3F45 82"))); // 100
        Assert.Equal(100, decoder.DynamicTableMaxSize);

        // The obligation is met; later blocks need no update.
        Assert.Equal(new[] { (":method", "GET") }, Decode(decoder, Hex("82")));

        static HpackDecoder Lowered()
        {
            HpackDecoder lowered = new();
            lowered.SetMaxHeaderTableSize(100);
            lowered.SetMaxHeaderTableSize(200);
            return lowered;
        }
    }

    [Fact]
    public void RaisedSettingNeedsNoUpdateAndAllowsLargerUpdates()
    {
        HpackDecoder decoder = new();
        decoder.SetMaxHeaderTableSize(8192);
        Assert.Equal(new[] { (":method", "GET") }, Decode(decoder, Hex("82")));
        Assert.Equal(4096, decoder.DynamicTableMaxSize);

        Decode(decoder, Hex("3FE13F")); // 8192 = 31 + 0x61 + (0x3F << 7)
        Assert.Equal(8192, decoder.DynamicTableMaxSize);
        AssertCompressionError(decoder, Hex("3FE23F")); // 8193
    }
}
