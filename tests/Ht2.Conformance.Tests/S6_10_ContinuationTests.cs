using System.Threading.Tasks;
using Ht2.Conformance.Tests.Harness;

namespace Ht2.Conformance.Tests;

/// <summary>RFC 9113 §6.10: CONTINUATION — only inside an open field block, on its stream, until END_HEADERS.</summary>
public class S6_10_ContinuationTests(ServerFixture server) : ConformanceTest(server)
{
    [Fact]
    public async Task S6_10_several_CONTINUATION_frames_after_HEADERS_are_accepted()
    {
        byte[] block = new HeaderBlock().GetRequest().Literal("x-a", "1").Literal("x-b", "2").ToArray();
        await using RawConnection connection = await OpenAsync();
        await connection.SendAsync(
            Frames.Headers(1, block[..3], endHeaders: false),
            Frames.Continuation(1, block[3..8], endHeaders: false),
            Frames.Continuation(1, block[8..14], endHeaders: false),
            Frames.Continuation(1, block[14..]));
        await connection.ExpectCompleteResponseAsync(1);
    }

    [Fact]
    public Task S6_10_empty_CONTINUATION_with_END_HEADERS_is_accepted() =>
        AssertResponseAsync(1, Frames.Headers(1, Requests.Get, endHeaders: false), Frames.Continuation(1, []));

    [Fact]
    public Task S6_10_field_block_followed_by_DATA_before_END_HEADERS_is_connection_PROTOCOL_ERROR() =>
        AssertConnectionErrorAsync(
            ErrorCode.ProtocolError,
            Frames.Headers(1, Requests.Post, endStream: false, endHeaders: false),
            Frames.Continuation(1, [], endHeaders: false),
            Frames.Data(1, 1));

    [Fact]
    public Task S6_10_CONTINUATION_on_stream_0_is_connection_PROTOCOL_ERROR() =>
        AssertConnectionErrorAsync(ErrorCode.ProtocolError, Frames.Headers(1, Requests.Get, endHeaders: false), Frames.Continuation(0, []));

    [Fact]
    public Task S6_10_CONTINUATION_after_HEADERS_with_END_HEADERS_is_connection_PROTOCOL_ERROR() =>
        AssertConnectionErrorAsync(ErrorCode.ProtocolError, Frames.Headers(1, Requests.Post, endStream: false), Frames.Continuation(1, HeaderBlock.Of(("x-a", "b"))));

    [Fact]
    public Task S6_10_CONTINUATION_after_CONTINUATION_with_END_HEADERS_is_connection_PROTOCOL_ERROR() =>
        AssertConnectionErrorAsync(
            ErrorCode.ProtocolError,
            Frames.Headers(1, Requests.Post, endStream: false, endHeaders: false),
            Frames.Continuation(1, []),
            Frames.Continuation(1, HeaderBlock.Of(("x-a", "b"))));

    [Fact]
    public Task S6_10_CONTINUATION_after_DATA_is_connection_PROTOCOL_ERROR() =>
        AssertConnectionErrorAsync(
            ErrorCode.ProtocolError,
            Frames.Headers(1, Requests.Post, endStream: false),
            Frames.Data(1, 2),
            Frames.Continuation(1, HeaderBlock.Of(("x-a", "b"))));

    [Fact]
    public Task S6_10_CONTINUATION_on_another_stream_is_connection_PROTOCOL_ERROR() =>
        AssertConnectionErrorAsync(ErrorCode.ProtocolError, Frames.Headers(1, Requests.Get, endHeaders: false), Frames.Continuation(3, []));

    [Fact]
    public Task S6_10_PING_inside_a_field_block_is_connection_PROTOCOL_ERROR() =>
        AssertConnectionErrorAsync(ErrorCode.ProtocolError, Frames.Headers(1, Requests.Get, endHeaders: false), Frames.Ping(new byte[8]), Frames.Continuation(1, []));

    [Fact]
    public Task S6_10_SETTINGS_inside_a_field_block_is_connection_PROTOCOL_ERROR() =>
        AssertConnectionErrorAsync(ErrorCode.ProtocolError, Frames.Headers(1, Requests.Get, endHeaders: false), Frames.Settings(), Frames.Continuation(1, []));

    [Fact]
    public Task S6_10_WINDOW_UPDATE_inside_a_field_block_is_connection_PROTOCOL_ERROR() =>
        AssertConnectionErrorAsync(ErrorCode.ProtocolError, Frames.Headers(1, Requests.Get, endHeaders: false), Frames.WindowUpdate(0, 10), Frames.Continuation(1, []));

    [Fact]
    public Task S6_10_RST_STREAM_inside_a_field_block_is_connection_PROTOCOL_ERROR() =>
        AssertConnectionErrorAsync(ErrorCode.ProtocolError, Frames.Headers(1, Requests.Get, endHeaders: false), Frames.RstStream(1, ErrorCode.Cancel), Frames.Continuation(1, []));

    [Fact]
    public Task S6_10_GOAWAY_inside_a_field_block_is_connection_PROTOCOL_ERROR() =>
        AssertConnectionErrorAsync(ErrorCode.ProtocolError, Frames.Headers(1, Requests.Get, endHeaders: false), Frames.GoAway(0, ErrorCode.NoError), Frames.Continuation(1, []));
}
