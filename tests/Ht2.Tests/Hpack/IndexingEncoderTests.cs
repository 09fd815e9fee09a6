using System;
using System.Collections.Generic;
using static Ht2.Tests.Hpack.HpackTestKit;

namespace Ht2.Tests.Hpack;

// Expected bytes are RFC 7541 Appendix C's (C.3, C.4, C.5), or worked out by hand from §5, §6 and Appendix A.
public class IndexingEncoderTests
{
    private static byte[] Block(HpackIndexingEncoder encoder, HpackFieldOptions options, params (string Name, string Value)[] fields)
    {
        byte[] buffer = new byte[4096];
        int length = encoder.BeginBlock(buffer);
        foreach ((string name, string value) in fields)
        {
            Assert.True(encoder.TryEncodeHeader(Latin1(name), Latin1(value), buffer.AsSpan(length), out int written, options));
            length += written;
        }

        return buffer.AsSpan(0, length).ToArray();
    }

    private static byte[] Block(HpackIndexingEncoder encoder, params (string Name, string Value)[] fields) =>
        Block(encoder, HpackFieldOptions.None, fields);

    [Fact]
    public void C3_requests_without_Huffman_index_authority_and_custom_fields()
    {
        HpackIndexingEncoder encoder = new();
        Assert.Equal(
            Hex("8286 8441 0f77 7777 2e65 7861 6d70 6c65 2e63 6f6d"),
            Block(encoder, (":method", "GET"), (":scheme", "http"), (":path", "/"), (":authority", "www.example.com")));
        Assert.Equal(
            Hex("8286 84be 5808 6e6f 2d63 6163 6865"),
            Block(encoder, (":method", "GET"), (":scheme", "http"), (":path", "/"), (":authority", "www.example.com"), ("cache-control", "no-cache")));
        Assert.Equal(
            Hex("8287 85bf 400a 6375 7374 6f6d 2d6b 6579 0c63 7573 746f 6d2d 7661 6c75 65"),
            Block(encoder, (":method", "GET"), (":scheme", "https"), (":path", "/index.html"), (":authority", "www.example.com"), ("custom-key", "custom-value")));
        Assert.Equal(3, encoder.EntryCount);
    }

    [Fact]
    public void C4_requests_with_Huffman()
    {
        HpackIndexingEncoder encoder = new();
        HpackFieldOptions huffman = HpackFieldOptions.Huffman;
        Assert.Equal(
            Hex("8286 8441 8cf1 e3c2 e5f2 3a6b a0ab 90f4 ff"),
            Block(encoder, huffman, (":method", "GET"), (":scheme", "http"), (":path", "/"), (":authority", "www.example.com")));
        Assert.Equal(
            Hex("8286 84be 5886 a8eb 1064 9cbf"),
            Block(encoder, huffman, (":method", "GET"), (":scheme", "http"), (":path", "/"), (":authority", "www.example.com"), ("cache-control", "no-cache")));
        Assert.Equal(
            Hex("8287 85bf 4088 25a8 49e9 5ba9 7d7f 8925 a849 e95b b8e8 b4bf"),
            Block(encoder, huffman, (":method", "GET"), (":scheme", "https"), (":path", "/index.html"), (":authority", "www.example.com"), ("custom-key", "custom-value")));
    }

    [Fact]
    public void C5_responses_in_a_256_byte_table_evict_the_oldest_and_never_index_set_cookie()
    {
        // C.5 assumes both ends use 256 bytes; here the peer's SETTINGS lowered 4,096 to 256, so the first block
        // signals it: size update 256 = 001 11111 (31), then 225 = 0xE1 0x01.
        HpackIndexingEncoder encoder = new();
        encoder.SetPeerTableSizeLimit(256);
        byte[] first = Block(encoder, (":status", "302"), ("cache-control", "private"), ("date", "Mon, 21 Oct 2013 20:13:21 GMT"), ("location", "https://www.example.com"));
        Assert.Equal(
            Hex("3fe1 01 4803 3330 3258 0770 7269 7661 7465 611d 4d6f 6e2c 2032 3120 4f63 7420 3230 3133 2032 303a 3133 3a32 3120 474d 546e 1768 7474 7073 3a2f 2f77 7777 2e65 7861 6d70 6c65 2e63 6f6d"),
            first);
        Assert.Equal(256, encoder.TableSize);

        // C.5.2: ":status: 307" evicts ":status: 302"; the other three are indexes.
        Assert.Equal(
            Hex("4803 3330 37c1 c0bf"),
            Block(encoder, (":status", "307"), ("cache-control", "private"), ("date", "Mon, 21 Oct 2013 20:13:21 GMT"), ("location", "https://www.example.com")));

        // C.5.3 up to set-cookie; set-cookie is a secret: never indexed (0001 1111, 55 - 15 = 40), not C.5.3's 0x77.
        byte[] cookie = Latin1("foo=ASDJKHQKBZXOQWEOPIUAXQWEOIU; max-age=3600; version=1");
        byte[] expected = [.. Hex("88c1 611d 4d6f 6e2c 2032 3120 4f63 7420 3230 3133 2032 303a 3133 3a32 3220 474d 54c0 5a04 677a 6970"), 0x1f, 0x28, 0x38, .. cookie];
        Assert.Equal(
            expected,
            Block(encoder, (":status", "200"), ("cache-control", "private"), ("date", "Mon, 21 Oct 2013 20:13:22 GMT"), ("location", "https://www.example.com"), ("content-encoding", "gzip"), ("set-cookie", Latin1String(cookie))));
    }

    [Fact]
    public void Sensitive_and_volatile_fields_stay_out_of_the_table()
    {
        HpackIndexingEncoder encoder = new();
        for (int i = 0; i < 2; i++)
        {
            // authorization is static 23: never indexed, 4-bit prefix full (0x1F), then 8.
            Assert.Equal(Hex("1f08 03 616263"), Block(encoder, ("authorization", "abc")));

            // etag is static 34: without indexing, 0x0F then 19.
            Assert.Equal(Hex("0f13 02 2278"), Block(encoder, ("etag", "\"x")));

            // The caller's NeverIndexed applies to any name: literal name, 0x10 then length 1 "x", length 1 "y".
            Assert.Equal(Hex("1001 7801 79"), Block(encoder, HpackFieldOptions.NeverIndexed, ("x", "y")));
        }

        Assert.Equal(0, encoder.EntryCount);
    }

    [Fact]
    public void A_field_over_three_quarters_of_the_table_is_not_indexed()
    {
        HpackIndexingEncoder encoder = new(maxTableSize: 100);
        encoder.SetPeerTableSizeLimit(100);

        // 1 + 11 + 32 = 44 fits in 75: indexed (0x40, literal name). The block starts with size update 100 = 0x3f 0x45.
        Assert.Equal([0x3f, 0x45, 0x40, 0x01, (byte)'a', 0x0b, .. Latin1("bbbbbbbbbbb")], Block(encoder, ("a", "bbbbbbbbbbb")));

        // 1 + 43 + 32 = 76 does not: without indexing, the name by its dynamic index 62 (0x0F, then 47), and the
        // first entry is still there (index 62 = 0xBE).
        string big = new('c', 43);
        Assert.Equal([0x0f, 0x2f, 0x2b, .. Latin1(big)], Block(encoder, ("a", big)));
        Assert.Equal(Hex("be"), Block(encoder, ("a", "bbbbbbbbbbb")));
    }

    [Fact]
    public void A_lowered_then_raised_limit_signals_the_smallest_size_then_the_final_one()
    {
        HpackIndexingEncoder encoder = new();
        Assert.Equal(Hex("5c01 30"), Block(encoder, ("content-length", "0")));   // static 28, incremental: 0x40 | 28
        Assert.Equal(Hex("be"), Block(encoder, ("content-length", "0")));

        encoder.SetPeerTableSizeLimit(0);
        encoder.SetPeerTableSizeLimit(4096);

        // 0 (0x20) empties the table, then 4096 = 31 + 4065 = 0x3F 0xE1 0x1F; the field is a new literal again.
        Assert.Equal(Hex("20 3fe1 1f 5c01 30"), Block(encoder, ("content-length", "0")));
        Assert.Equal(1, encoder.EntryCount);

        // A limit above the encoder's cap (4,096) changes nothing: no update.
        encoder.SetPeerTableSizeLimit(65536);
        Assert.Equal(Hex("be"), Block(encoder, ("content-length", "0")));

        // Down to 0 for good: one update, and nothing is indexed any more.
        encoder.SetPeerTableSizeLimit(0);
        Assert.Equal(Hex("20 0f0d 01 30"), Block(encoder, ("content-length", "0")));
        Assert.Equal(Hex("0f0d 01 30"), Block(encoder, ("content-length", "0")));
        Assert.Equal(0, encoder.TableSize);
    }

    [Fact]
    public void An_encoder_capped_below_the_default_announces_its_size_in_the_first_block_only()
    {
        HpackIndexingEncoder encoder = new(maxTableSize: 0);
        Assert.Equal(Hex("20 88"), Block(encoder, (":status", "200")));
        Assert.Equal(Hex("88"), Block(encoder, (":status", "200")));
    }

    [Fact]
    public void A_field_that_does_not_fit_writes_nothing_and_leaves_the_table_alone()
    {
        // server is static entry 54: 40 | 54 = 76, then 03 "ht2": five octets, so four are one too few.
        HpackIndexingEncoder encoder = new();
        Assert.False(encoder.TryEncodeHeader("server"u8, "ht2"u8, new byte[4], out int written));
        Assert.Equal(0, written);
        Assert.Equal(0, encoder.EntryCount);
        Assert.Throws<ArgumentException>(() => encoder.TryEncodeHeader("Server"u8, "ht2"u8, new byte[64], out _));

        byte[] exact = new byte[5];
        Assert.True(encoder.TryEncodeHeader("server"u8, "ht2"u8, exact, out written));
        Assert.Equal(5, written);
        Assert.Equal(Hex("76 03 687432"), exact);
        Assert.Equal(1, encoder.EntryCount);
    }

    [Fact]
    public void Our_decoder_reads_a_long_run_of_blocks_with_eviction_in_step()
    {
        // 300 blocks of a few fields drawn from a larger set than a 256-byte table holds: entries come and go, and
        // every block must decode to exactly what was encoded.
        HpackIndexingEncoder encoder = new(maxTableSize: 256);
        HpackDecoder decoder = new(maxHeaderTableSize: 256);
        Random random = new(11);
        for (int block = 0; block < 300; block++)
        {
            List<(string Name, string Value)> fields = new();
            for (int i = random.Next(1, 6); i > 0; i--)
            {
                int pick = random.Next(40);
                fields.Add(pick switch
                {
                    < 10 => ("x-field-" + pick, "value-" + (pick * 7)),
                    < 20 => ("content-type", "type/" + pick),
                    < 25 => ("set-cookie", "id=" + pick),
                    < 30 => (":status", (200 + pick).ToString(System.Globalization.CultureInfo.InvariantCulture)),
                    _ => ("server", "ht2"),
                });
            }

            HpackFieldOptions options = block % 3 == 0 ? HpackFieldOptions.Huffman : HpackFieldOptions.None;
            Assert.Equal(fields, Decode(decoder, Block(encoder, options, fields.ToArray())));
            Assert.Equal(encoder.TableSize, decoder.DynamicTableMaxSize);
        }
    }

    private static string Latin1String(byte[] bytes) => System.Text.Encoding.Latin1.GetString(bytes);
}
