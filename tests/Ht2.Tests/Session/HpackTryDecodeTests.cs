using System;
using System.Collections.Generic;

namespace Ht2.Tests.Session;

/// <summary>HpackDecoder.TryDecode: the header list limit without an exception, the table kept in step.</summary>
public sealed class HpackTryDecodeTests
{
    private struct Collect : IHeaderHandler
    {
        public List<string> Fields;

        public void OnHeader(ReadOnlySpan<byte> name, ReadOnlySpan<byte> value) =>
            Fields.Add(System.Text.Encoding.ASCII.GetString(name) + "=" + System.Text.Encoding.ASCII.GetString(value));
    }

    [Fact]
    public void A_list_over_the_limit_stops_delivering_fields_but_the_table_still_learns_them()
    {
        // RFC 7541 §6.2.1 literals with incremental indexing, new names: "a: 1" (34 bytes with the 32 overhead),
        // then "bb: 22" (36), limit 50: the second crosses it.
        byte[] block = [0x40, 0x01, (byte)'a', 0x01, (byte)'1', 0x40, 0x02, (byte)'b', (byte)'b', 0x02, (byte)'2', (byte)'2'];
        HpackDecoder decoder = new(maxHeaderListSize: 50);
        Collect handler = new() { Fields = new List<string>() };

        Assert.False(decoder.TryDecode(block, ref handler));
        Assert.Equal(["a=1"], handler.Fields);
        Assert.Equal(2, decoder.DynamicTableCount);

        // The next block indexes both entries (62 = newest "bb", 63 = "a"): 0xBE 0xBF.
        Collect next = new() { Fields = new List<string>() };
        Assert.True(decoder.TryDecode(new byte[] { 0xBF }, ref next));
        Assert.Equal(["a=1"], next.Fields);
    }

    [Fact]
    public void Decode_still_throws_a_COMPRESSION_ERROR_over_the_limit()
    {
        byte[] block = [0x40, 0x01, (byte)'a', 0x01, (byte)'1'];
        HpackDecoder decoder = new(maxHeaderListSize: 10);
        Collect handler = new() { Fields = new List<string>() };
        Ht2ProtocolException e = Assert.Throws<Ht2ProtocolException>(() => decoder.Decode(block, ref handler));
        Assert.Equal(Http2ErrorCode.CompressionError, e.ErrorCode);
    }
}
