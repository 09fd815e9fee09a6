using System.Threading.Tasks;
using Ht2.Conformance.Tests.Harness;

namespace Ht2.Conformance.Tests;

/// <summary>RFC 9113 §8.2.2, §8.2.3: connection-specific fields, TE, and cookie splitting.</summary>
public sealed class S8_2_2_ConnectionSpecificTests(ServerFixture server) : ConformanceTest(server)
{
    [Theory]
    [InlineData("connection", "keep-alive")]
    [InlineData("keep-alive", "timeout=5")]
    [InlineData("proxy-connection", "keep-alive")]
    [InlineData("transfer-encoding", "chunked")]
    [InlineData("upgrade", "h2c")]
    public Task S8_2_2_connection_specific_field_is_stream_PROTOCOL_ERROR(string name, string value) =>
        AssertMalformedAsync(Requests.Block(Requests.GetFields((name, value))));

    [Fact]
    public Task S8_2_2_TE_other_than_trailers_is_stream_PROTOCOL_ERROR() =>
        AssertMalformedAsync(Requests.Block(Requests.GetFields(("te", "gzip"))));

    [Fact]
    public Task S8_2_2_TE_listing_trailers_and_more_is_stream_PROTOCOL_ERROR() =>
        AssertMalformedAsync(Requests.Block(Requests.GetFields(("te", "trailers, deflate"))));

    [Fact]
    public Task S8_2_2_TE_trailers_is_accepted() =>
        AssertResponseAsync(1, Frames.Headers(1, Requests.Block(Requests.GetFields(("te", "trailers")))));

    [Fact]
    public Task S8_2_3_cookie_split_over_several_fields_is_accepted() =>
        AssertResponseAsync(1, Frames.Headers(1, Requests.Block(Requests.GetFields(("cookie", "a=b"), ("cookie", "c=d")))));
}
