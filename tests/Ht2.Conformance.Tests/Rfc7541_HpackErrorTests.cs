using System.Collections.Generic;
using System.Threading.Tasks;
using Ht2.Conformance.Tests.Harness;

namespace Ht2.Conformance.Tests;

/// <summary>
/// RFC 7541 decoding errors. RFC 9113 §4.3: "A decoding error in a field block MUST be treated as a connection error
/// of type COMPRESSION_ERROR". Every block here is a valid GET plus one bad representation.
/// </summary>
public sealed class Rfc7541_HpackErrorTests(ServerFixture server) : ConformanceTest(server)
{
    [Fact]
    public Task Rfc7541_S6_1_indexed_field_with_index_0_is_COMPRESSION_ERROR() =>
        AssertConnectionErrorAsync(ErrorCode.CompressionError, Frames.Headers(1, new HeaderBlock().GetRequest().Raw(0x80).ToArray()));

    [Fact]
    public Task Rfc7541_S2_3_3_indexed_field_beyond_both_tables_is_COMPRESSION_ERROR() =>
        // 61 static entries, an empty dynamic table: index 70 does not exist.
        AssertConnectionErrorAsync(ErrorCode.CompressionError, Frames.Headers(1, new HeaderBlock().GetRequest().Indexed(70).ToArray()));

    [Fact]
    public Task Rfc7541_S2_3_3_indexed_field_at_62_with_an_empty_dynamic_table_is_COMPRESSION_ERROR() =>
        AssertConnectionErrorAsync(ErrorCode.CompressionError, Frames.Headers(1, new HeaderBlock().GetRequest().Indexed(62).ToArray()));

    [Fact]
    public Task Rfc7541_S2_3_3_literal_with_a_name_index_beyond_both_tables_is_COMPRESSION_ERROR() =>
        AssertConnectionErrorAsync(ErrorCode.CompressionError, Frames.Headers(1, new HeaderBlock().GetRequest().LiteralIndexedName(70, "v").ToArray()));

    [Fact]
    public Task Rfc7541_S2_3_3_incremental_literal_with_a_name_index_beyond_both_tables_is_COMPRESSION_ERROR() =>
        AssertConnectionErrorAsync(ErrorCode.CompressionError, Frames.Headers(1, new HeaderBlock().GetRequest().IncrementalIndexedName(100, "v").ToArray()));

    [Fact]
    public Task Rfc7541_S4_2_table_size_update_at_the_end_of_a_block_is_COMPRESSION_ERROR() =>
        // §4.2: a size update "MUST occur at the beginning of the first header block following the change".
        AssertConnectionErrorAsync(ErrorCode.CompressionError, Frames.Headers(1, new HeaderBlock().GetRequest().SizeUpdate(0).ToArray()));

    [Fact]
    public Task Rfc7541_S4_2_table_size_update_between_fields_is_COMPRESSION_ERROR() =>
        AssertConnectionErrorAsync(ErrorCode.CompressionError, Frames.Headers(1, new HeaderBlock().Raw(0x82).SizeUpdate(0).Raw(0x86, 0x84).LiteralIndexedName(1, "localhost").ToArray()));

    [Fact]
    public async Task Rfc7541_S6_3_table_size_update_above_SETTINGS_HEADER_TABLE_SIZE_is_COMPRESSION_ERROR()
    {
        await using RawConnection connection = await OpenAsync();
        int limit = (int)connection.ServerSettings.GetValueOrDefault(SettingId.HeaderTableSize, 4096u);
        await connection.SendAsync(Frames.Headers(1, new HeaderBlock().SizeUpdate(limit + 1).GetRequest().ToArray()));
        await connection.ExpectConnectionErrorAsync(ErrorCode.CompressionError);
    }

    [Fact]
    public Task Rfc7541_S5_2_Huffman_padding_longer_than_7_bits_is_COMPRESSION_ERROR() =>
        // 'a' is 00011 (5 bits); then 3 + 8 one bits of padding: more than 7 bits.
        AssertConnectionErrorAsync(ErrorCode.CompressionError, Frames.Headers(1, new HeaderBlock().GetRequest().Raw(0x00).String("x-h").Huffman(0x1F, 0xFF).ToArray()));

    [Fact]
    public Task Rfc7541_S5_2_Huffman_padding_of_zero_bits_is_COMPRESSION_ERROR() =>
        // 'a' (00011) then 000: padding must be the most significant bits of EOS (all ones).
        AssertConnectionErrorAsync(ErrorCode.CompressionError, Frames.Headers(1, new HeaderBlock().GetRequest().Raw(0x00).String("x-h").Huffman(0x18).ToArray()));

    [Fact]
    public Task Rfc7541_S5_2_Huffman_string_containing_EOS_is_COMPRESSION_ERROR() =>
        // 32 one bits: the 30-bit EOS symbol, then 2 bits of padding. "A Huffman-encoded string literal containing the EOS symbol MUST be treated as a decoding error."
        AssertConnectionErrorAsync(ErrorCode.CompressionError, Frames.Headers(1, new HeaderBlock().GetRequest().Raw(0x00).String("x-h").Huffman(0xFF, 0xFF, 0xFF, 0xFF).ToArray()));

    [Fact]
    public Task Rfc7541_S5_1_integer_overflow_in_an_index_is_COMPRESSION_ERROR() =>
        // An indexed field whose integer has ten continuation octets: far beyond any implementation's integer.
        AssertConnectionErrorAsync(ErrorCode.CompressionError, Frames.Headers(1, new HeaderBlock().GetRequest().Raw(0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0x7F).ToArray()));

    [Fact]
    public Task Rfc7541_S5_1_integer_overflow_in_a_string_length_is_COMPRESSION_ERROR() =>
        AssertConnectionErrorAsync(ErrorCode.CompressionError, Frames.Headers(1, new HeaderBlock().GetRequest().Raw(0x00, 0x7F, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0x7F).ToArray()));

    [Fact]
    public Task Rfc7541_S5_1_integer_overflow_in_a_table_size_update_is_COMPRESSION_ERROR() =>
        AssertConnectionErrorAsync(ErrorCode.CompressionError, Frames.Headers(1, new HeaderBlock().Raw(0x3F, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0x7F).GetRequest().ToArray()));

    [Fact]
    public Task Rfc7541_S5_2_string_length_beyond_the_block_is_COMPRESSION_ERROR() =>
        // A name of 100 octets announced, 3 present.
        AssertConnectionErrorAsync(ErrorCode.CompressionError, Frames.Headers(1, new HeaderBlock().GetRequest().Raw(0x00, 100, (byte)'a', (byte)'b', (byte)'c').ToArray()));

    [Fact]
    public Task Rfc7541_S6_2_literal_without_its_value_is_COMPRESSION_ERROR() =>
        AssertConnectionErrorAsync(ErrorCode.CompressionError, Frames.Headers(1, new HeaderBlock().GetRequest().Raw(0x00).String("x-name").ToArray()));

    [Fact]
    public async Task Rfc7541_S6_3_table_size_update_above_the_limit_in_a_later_block_is_COMPRESSION_ERROR()
    {
        await using RawConnection connection = await OpenAsync();
        await connection.SendAsync(
            Frames.Headers(1, new HeaderBlock().SizeUpdate(0).GetRequest().ToArray()),
            Frames.Headers(3, new HeaderBlock().SizeUpdate(1_000_000).GetRequest().ToArray()));
        await connection.ExpectConnectionErrorAsync(ErrorCode.CompressionError);
    }

    [Fact]
    public async Task Rfc7541_S4_1_evicted_entry_is_no_longer_addressable()
    {
        await using RawConnection connection = await OpenAsync();

        // Request 1 indexes an entry; request 3 sets the table size to 0 (evicting it) and then refers to index 62.
        await connection.SendAsync(
            Frames.Headers(1, new HeaderBlock().GetRequest().Incremental("x-a", "b").ToArray()),
            Frames.Headers(3, new HeaderBlock().SizeUpdate(0).GetRequest().Indexed(62).ToArray()));
        await connection.ExpectConnectionErrorAsync(ErrorCode.CompressionError);
    }
}
