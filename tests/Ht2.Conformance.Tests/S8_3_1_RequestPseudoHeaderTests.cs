using System.Threading.Tasks;
using Ht2.Conformance.Tests.Harness;

namespace Ht2.Conformance.Tests;

/// <summary>RFC 9113 §8.3.1: the request pseudo-headers — required, single, and a non-empty :path.</summary>
public sealed class S8_3_1_RequestPseudoHeaderTests(ServerFixture server) : ConformanceTest(server)
{
    [Fact]
    public Task S8_3_1_empty_path_is_stream_PROTOCOL_ERROR() =>
        AssertMalformedAsync(Requests.Block(Requests.GetFields().Replace(":path", "")));

    [Theory]
    [InlineData(":method")]
    [InlineData(":scheme")]
    [InlineData(":path")]
    public Task S8_3_1_missing_required_pseudo_header_is_stream_PROTOCOL_ERROR(string name) =>
        AssertMalformedAsync(Requests.Block(Requests.Without(name)));

    [Theory]
    [InlineData(":method", "POST")]
    [InlineData(":scheme", "https")]
    [InlineData(":path", "/other")]
    [InlineData(":authority", "example.com")]
    public Task S8_3_1_duplicated_pseudo_header_is_stream_PROTOCOL_ERROR(string name, string value) =>
        // The duplicate sits among the pseudo-headers so only the duplication is wrong.
        AssertMalformedAsync(Requests.Block([(name, value), .. Requests.GetFields()]));
}
