using System.Threading.Tasks;
using Ht2.Conformance.Tests.Harness;

namespace Ht2.Conformance.Tests;

/// <summary>
/// RFC 9113 §4.3: a field block is one contiguous sequence of HEADERS + CONTINUATION; a decoding error is a
/// connection COMPRESSION_ERROR, and the decoder state must stay in step across every block.
/// </summary>
public sealed class S4_3_HeaderCompressionTests(ServerFixture server) : ConformanceTest(server)
{
    [Fact]
    public Task S4_3_undecodable_field_block_is_connection_COMPRESSION_ERROR() =>
        // 0xFF starts an indexed field whose integer continues past the end of the block.
        AssertConnectionErrorAsync(ErrorCode.CompressionError, Frames.Headers(1, new HeaderBlock().GetRequest().Raw(0xFF).ToArray()));

    [Fact]
    public Task S4_3_decoding_error_in_a_CONTINUATION_fragment_is_connection_COMPRESSION_ERROR() =>
        AssertConnectionErrorAsync(
            ErrorCode.CompressionError,
            Frames.Headers(1, Requests.Get, endHeaders: false),
            Frames.Continuation(1, [0x80]));

    [Fact]
    public Task S4_3_PRIORITY_inside_a_field_block_is_connection_PROTOCOL_ERROR() =>
        AssertConnectionErrorAsync(
            ErrorCode.ProtocolError,
            Frames.Headers(1, Requests.Get, endHeaders: false),
            Frames.Priority(1, 0, 15),
            Frames.Continuation(1, []));

    [Fact]
    public Task S4_3_HEADERS_for_another_stream_inside_a_field_block_is_connection_PROTOCOL_ERROR() =>
        AssertConnectionErrorAsync(
            ErrorCode.ProtocolError,
            Frames.Headers(1, Requests.Get, endHeaders: false),
            Frames.Headers(3, Requests.Get),
            Frames.Continuation(1, []));

    [Fact]
    public Task S4_3_DATA_inside_a_field_block_is_connection_PROTOCOL_ERROR() =>
        AssertConnectionErrorAsync(
            ErrorCode.ProtocolError,
            Frames.Headers(1, Requests.Post, endStream: false, endHeaders: false),
            Frames.Data(1, 1),
            Frames.Continuation(1, []));

    [Fact]
    public async Task S4_3_dynamic_table_entry_is_usable_by_the_next_request()
    {
        await using RawConnection connection = await OpenAsync();

        // Request 1 adds "x-trace: abc" to the dynamic table (index 62); request 3 sends it as one indexed byte.
        await connection.SendAsync(
            Frames.Headers(1, new HeaderBlock().GetRequest().Incremental("x-trace", "abc").ToArray()),
            Frames.Headers(3, new HeaderBlock().GetRequest().Indexed(62).ToArray()));
        await connection.ExpectCompleteResponseAsync(1);
        await connection.ExpectCompleteResponseAsync(3);
    }

    [Fact]
    public async Task S4_3_malformed_request_still_updates_the_dynamic_table()
    {
        await using RawConnection connection = await OpenAsync();

        // Request 1 is malformed (uppercase name) but also indexes ":authority: localhost" (index 62). Its block must
        // still be decoded, so request 3, which uses index 62 for its :authority, is valid. A connection error on
        // the malformed request is also allowed (§5.4).
        await connection.SendAsync(Frames.Headers(1, new HeaderBlock().Raw(0x82, 0x86, 0x84).IncrementalIndexedName(1, "localhost").Literal("X-Upper", "1").ToArray()));
        if (await connection.ExpectStreamErrorAsync(1, ErrorCode.ProtocolError))
        {
            return;
        }

        await connection.SendAsync(Frames.Headers(3, new HeaderBlock().Raw(0x82, 0x86, 0x84).Indexed(62).ToArray()));
        await connection.ExpectCompleteResponseAsync(3);
    }

    [Fact]
    public async Task S4_3_field_block_split_over_HEADERS_and_CONTINUATION_gets_a_response()
    {
        byte[] block = Requests.Get;
        await using RawConnection connection = await OpenAsync();
        await connection.SendAsync(
            Frames.Headers(1, block[..2], endHeaders: false),
            Frames.Continuation(1, block[2..4], endHeaders: false),
            Frames.Continuation(1, block[4..]));
        await connection.ExpectCompleteResponseAsync(1);
    }
}
