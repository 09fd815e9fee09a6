using System.Threading.Tasks;
using Ht2.Conformance.Tests.Harness;

namespace Ht2.Conformance.Tests;

/// <summary>RFC 9113 §8.1: request/response exchanges — valid ones answered; trailers must end the stream and carry no pseudo-headers.</summary>
public class S8_1_ExchangeTests(ServerFixture server) : ConformanceTest(server)
{
    [Fact]
    public Task S8_1_GET_request_gets_a_response() => AssertResponseAsync(1, Frames.Headers(1, Requests.Get));

    [Fact]
    public Task S8_1_HEAD_request_gets_a_response() =>
        AssertResponseAsync(1, Frames.Headers(1, Requests.Block([(":method", "HEAD"), (":scheme", "http"), (":path", "/"), (":authority", "localhost")])));

    [Fact]
    public Task S8_1_POST_request_with_body_gets_a_response() =>
        AssertResponseAsync(1, Frames.Headers(1, Requests.Post, endStream: false), Frames.Data(1, 100, endStream: true));

    [Fact]
    public Task S8_1_POST_request_with_trailers_gets_a_response() =>
        AssertResponseAsync(
            1,
            Frames.Headers(1, Requests.Post, endStream: false),
            Frames.Data(1, 10),
            Frames.Headers(1, HeaderBlock.Of(("x-trailer", "done")), endStream: true));

    [Fact]
    public Task S8_1_POST_with_empty_DATA_carrying_END_STREAM_gets_a_response() =>
        AssertResponseAsync(1, Frames.Headers(1, Requests.Post, endStream: false), Frames.Data(1, 0, endStream: true));

    [Fact]
    public async Task S8_1_several_requests_on_one_connection_all_get_responses()
    {
        await using RawConnection connection = await OpenAsync();
        await connection.SendAsync(Frames.Headers(1, Requests.Get), Frames.Headers(3, Requests.Get), Frames.Headers(5, Requests.Get));
        await connection.ExpectCompleteResponseAsync(1);
        await connection.ExpectCompleteResponseAsync(3);
        await connection.ExpectCompleteResponseAsync(5);
    }

    [Fact]
    public async Task S8_1_response_body_has_the_configured_length()
    {
        await using RawConnection connection = await OpenAsync();
        await connection.SendAsync(Frames.Headers(1, Requests.Get));
        Assert.Equal(ServerFixture.BodyBytes, await connection.ExpectCompleteResponseAsync(1));
    }

    [Fact]
    public Task S8_1_second_HEADERS_without_END_STREAM_is_stream_PROTOCOL_ERROR() =>
        // §8.1: trailers are a HEADERS that ends the stream; a second HEADERS without END_STREAM is malformed.
        AssertStreamErrorAsync(
            1,
            ErrorCode.ProtocolError,
            Frames.Headers(1, Requests.Post, endStream: false),
            Frames.Headers(1, HeaderBlock.Of(("x-trailer", "no")), endStream: false));

    [Fact]
    public Task S8_1_trailers_with_a_pseudo_header_are_stream_PROTOCOL_ERROR() =>
        // §8.1: "Trailers MUST NOT include pseudo-header fields".
        AssertStreamErrorAsync(
            1,
            ErrorCode.ProtocolError,
            Frames.Headers(1, Requests.Post, endStream: false),
            Frames.Data(1, 4),
            Frames.Headers(1, HeaderBlock.Of((":method", "GET")), endStream: true));
}
