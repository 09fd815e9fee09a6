using System.Threading.Tasks;
using Ht2.Conformance.Tests.Harness;

namespace Ht2.Conformance.Tests;

/// <summary>RFC 9113 §8.3: pseudo-header fields — only the defined ones, only in the request header section, before every regular field.</summary>
public sealed class S8_3_PseudoHeaderTests(ServerFixture server) : ConformanceTest(server)
{
    [Fact]
    public Task S8_3_unknown_pseudo_header_is_stream_PROTOCOL_ERROR() =>
        AssertMalformedAsync(Requests.Block([(":method", "GET"), (":scheme", "http"), (":path", "/"), (":foo", "bar")]));

    [Fact]
    public Task S8_3_response_pseudo_header_in_a_request_is_stream_PROTOCOL_ERROR() =>
        AssertMalformedAsync(Requests.Block([(":method", "GET"), (":scheme", "http"), (":path", "/"), (":status", "200")]));

    [Fact]
    public Task S8_3_pseudo_header_after_a_regular_field_is_stream_PROTOCOL_ERROR() =>
        AssertMalformedAsync(Requests.Block([(":method", "GET"), (":scheme", "http"), ("x-regular", "1"), (":path", "/")]));

    [Fact]
    public Task S8_3_pseudo_header_in_trailers_is_stream_PROTOCOL_ERROR() =>
        AssertStreamErrorAsync(
            1,
            ErrorCode.ProtocolError,
            Frames.Headers(1, Requests.Post, endStream: false),
            Frames.Headers(1, HeaderBlock.Of((":path", "/"), ("x-trailer", "1")), endStream: true));

    [Fact]
    public Task S8_3_1_pseudo_header_with_uppercase_name_is_stream_PROTOCOL_ERROR() =>
        AssertMalformedAsync(Requests.Block([(":METHOD", "GET"), (":scheme", "http"), (":path", "/")]));
}
