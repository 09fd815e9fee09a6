using System.Threading.Tasks;
using Ht2.Conformance.Tests.Harness;

namespace Ht2.Conformance.Tests;

/// <summary>
/// RFC 9113 §8.3.1 and §8.5: the form of each request pseudo-header's value (origin-form :path, no userinfo,
/// authority-form for CONNECT, token methods, URI schemes). Violations are malformed: stream PROTOCOL_ERROR.
/// </summary>
public sealed class S8_3_1_RequestFormTests(ServerFixture server) : ConformanceTest(server)
{
    [Fact]
    public Task S8_3_1_http_path_not_starting_with_a_slash_is_stream_PROTOCOL_ERROR() =>
        AssertMalformedAsync(Requests.Block(Requests.GetFields().Replace(":path", "index.html")));

    [Fact]
    public Task S8_3_1_asterisk_path_on_GET_is_stream_PROTOCOL_ERROR() =>
        // "*" (asterisk-form) is for OPTIONS only.
        AssertMalformedAsync(Requests.Block(Requests.GetFields().Replace(":path", "*")));

    [Fact]
    public Task S8_3_1_authority_with_userinfo_is_stream_PROTOCOL_ERROR() =>
        // ":authority MUST NOT include the deprecated userinfo subcomponent for "http" or "https" schemed URIs."
        AssertMalformedAsync(Requests.Block(Requests.GetFields().Replace(":authority", "user:pass@localhost")));

    [Fact]
    public Task S8_3_1_empty_authority_for_http_is_stream_PROTOCOL_ERROR() =>
        AssertMalformedAsync(Requests.Block(Requests.GetFields().Replace(":authority", "")));

    [Fact]
    public Task S8_3_1_method_that_is_not_a_token_is_stream_PROTOCOL_ERROR() =>
        AssertMalformedAsync(Requests.Block(Requests.GetFields().Replace(":method", "G T")));

    [Fact]
    public Task S8_3_1_scheme_that_is_not_a_URI_scheme_is_stream_PROTOCOL_ERROR() =>
        AssertMalformedAsync(Requests.Block(Requests.GetFields().Replace(":scheme", "ht tp")));

    [Fact]
    public Task S8_5_CONNECT_authority_without_a_port_is_stream_PROTOCOL_ERROR() =>
        // §8.5: :authority carries "the host and port to connect to" (authority-form).
        AssertStreamErrorAsync(1, ErrorCode.ProtocolError, Frames.Headers(1, HeaderBlock.Of((":method", "CONNECT"), (":authority", "example.com")), endStream: false));

    [Fact]
    public Task S8_2_2_TE_trailers_in_another_case_is_accepted() =>
        AssertResponseAsync(1, Frames.Headers(1, Requests.Block(Requests.GetFields(("te", "Trailers")))));
}
