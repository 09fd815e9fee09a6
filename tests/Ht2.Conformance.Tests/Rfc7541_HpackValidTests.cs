using System.Threading.Tasks;
using Ht2.Conformance.Tests.Harness;

namespace Ht2.Conformance.Tests;

/// <summary>RFC 7541: every representation, with and without Huffman coding, is decoded and the request answered.</summary>
public sealed class Rfc7541_HpackValidTests(ServerFixture server) : ConformanceTest(server)
{
    // RFC 7541 Appendix C.4: Huffman codes of "www.example.com", "no-cache", "custom-key" and "custom-value".
    private static readonly byte[] WwwExampleCom = [0xf1, 0xe3, 0xc2, 0xe5, 0xf2, 0x3a, 0x6b, 0xa0, 0xab, 0x90, 0xf4, 0xff];
    private static readonly byte[] NoCache = [0xa8, 0xeb, 0x10, 0x64, 0x9c, 0xbf];
    private static readonly byte[] CustomKey = [0x25, 0xa8, 0x49, 0xe9, 0x5b, 0xa9, 0x7d, 0x7f];
    private static readonly byte[] CustomValue = [0x25, 0xa8, 0x49, 0xe9, 0x5b, 0xb8, 0xe8, 0xb4, 0xbf];

    private static HeaderBlock Base() => new HeaderBlock().Raw(0x82, 0x86, 0x84);

    [Fact]
    public Task Rfc7541_S6_1_indexed_fields_are_decoded() =>
        AssertResponseAsync(1, Frames.Headers(1, Base().LiteralIndexedName(1, "localhost").Indexed(16).ToArray()));

    [Fact]
    public Task Rfc7541_S6_2_1_incremental_literal_with_indexed_name_is_decoded() =>
        AssertResponseAsync(1, Frames.Headers(1, Base().IncrementalIndexedName(1, "localhost").ToArray()));

    [Fact]
    public Task Rfc7541_S6_2_1_incremental_literal_with_indexed_name_and_Huffman_value_is_decoded() =>
        AssertResponseAsync(1, Frames.Headers(1, Base().Raw(0x41).Huffman(WwwExampleCom).ToArray()));

    [Fact]
    public Task Rfc7541_S6_2_1_incremental_literal_with_new_name_is_decoded() =>
        AssertResponseAsync(1, Frames.Headers(1, Base().LiteralIndexedName(1, "localhost").Incremental("custom-key", "custom-value").ToArray()));

    [Fact]
    public Task Rfc7541_S6_2_1_incremental_literal_with_Huffman_name_and_value_is_decoded() =>
        AssertResponseAsync(1, Frames.Headers(1, Base().LiteralIndexedName(1, "localhost").Raw(0x40).Huffman(CustomKey).Huffman(CustomValue).ToArray()));

    [Fact]
    public Task Rfc7541_S6_2_2_literal_without_indexing_with_indexed_name_is_decoded() =>
        AssertResponseAsync(1, Frames.Headers(1, Base().LiteralIndexedName(1, "localhost").LiteralIndexedName(24, "no-cache").ToArray()));

    [Fact]
    public Task Rfc7541_S6_2_2_literal_without_indexing_with_indexed_name_and_Huffman_value_is_decoded() =>
        AssertResponseAsync(1, Frames.Headers(1, Base().LiteralIndexedName(1, "localhost").Raw(0x0F, 0x09).Huffman(NoCache).ToArray()));

    [Fact]
    public Task Rfc7541_S6_2_2_literal_without_indexing_with_new_name_is_decoded() =>
        AssertResponseAsync(1, Frames.Headers(1, Base().LiteralIndexedName(1, "localhost").Literal("custom-key", "custom-value").ToArray()));

    [Fact]
    public Task Rfc7541_S6_2_2_literal_without_indexing_with_Huffman_name_and_value_is_decoded() =>
        AssertResponseAsync(1, Frames.Headers(1, Base().LiteralIndexedName(1, "localhost").Raw(0x00).Huffman(CustomKey).Huffman(CustomValue).ToArray()));

    [Fact]
    public Task Rfc7541_S6_2_3_never_indexed_literal_with_indexed_name_is_decoded() =>
        AssertResponseAsync(1, Frames.Headers(1, Base().NeverIndexedIndexedName(1, "localhost").ToArray()));

    [Fact]
    public Task Rfc7541_S6_2_3_never_indexed_literal_with_indexed_name_and_Huffman_value_is_decoded() =>
        AssertResponseAsync(1, Frames.Headers(1, Base().Raw(0x11).Huffman(WwwExampleCom).ToArray()));

    [Fact]
    public Task Rfc7541_S6_2_3_never_indexed_literal_with_new_name_is_decoded() =>
        AssertResponseAsync(1, Frames.Headers(1, Base().LiteralIndexedName(1, "localhost").NeverIndexed("custom-key", "custom-value").ToArray()));

    [Fact]
    public Task Rfc7541_S6_2_3_never_indexed_literal_with_Huffman_name_and_value_is_decoded() =>
        AssertResponseAsync(1, Frames.Headers(1, Base().LiteralIndexedName(1, "localhost").Raw(0x10).Huffman(CustomKey).Huffman(CustomValue).ToArray()));

    [Fact]
    public Task Rfc7541_S6_3_table_size_update_at_the_start_of_a_block_is_accepted() =>
        AssertResponseAsync(1, Frames.Headers(1, new HeaderBlock().SizeUpdate(0).GetRequest().ToArray()));

    [Fact]
    public Task Rfc7541_S4_2_two_table_size_updates_at_the_start_of_a_block_are_accepted() =>
        // §4.2: the smallest and the final size may both be signalled at the start of the block.
        AssertResponseAsync(1, Frames.Headers(1, new HeaderBlock().SizeUpdate(0).SizeUpdate(4096).GetRequest().ToArray()));

    [Fact]
    public async Task Rfc7541_S4_4_entries_are_evicted_oldest_first_and_the_newest_stays_addressable()
    {
        await using RawConnection connection = await OpenAsync();

        // Table of 64 octets: each entry "x-a"/"1".."3" costs 32 + 3 + 1 = 36, so adding the second evicts the first;
        // index 62 is then the newest entry, which must still decode.
        await connection.SendAsync(
            Frames.Headers(1, new HeaderBlock().SizeUpdate(64).GetRequest().Incremental("x-a", "1").Incremental("x-a", "2").ToArray()),
            Frames.Headers(3, new HeaderBlock().GetRequest().Indexed(62).ToArray()));
        await connection.ExpectCompleteResponseAsync(1);
        await connection.ExpectCompleteResponseAsync(3);
    }
}
