using System.Threading.Tasks;
using Ht2.Conformance.Tests.Harness;

namespace Ht2.Conformance.Tests;

/// <summary>RFC 9113 §8.3.1: requests whose pseudo-headers are valid in less common ways are answered.</summary>
public sealed class S8_3_1_ValidRequestTests(ServerFixture server) : ConformanceTest(server)
{
    [Fact]
    public Task S8_3_1_request_without_authority_is_accepted() =>
        AssertResponseAsync(1, Frames.Headers(1, Requests.Block(Requests.Without(":authority"))));

    [Fact]
    public Task S8_3_1_host_field_instead_of_authority_is_accepted() =>
        AssertResponseAsync(1, Frames.Headers(1, Requests.Block([.. Requests.Without(":authority"), ("host", "localhost")])));

    [Fact]
    public Task S8_3_1_OPTIONS_with_asterisk_path_is_accepted() =>
        AssertResponseAsync(1, Frames.Headers(1, Requests.Block(Requests.GetFields().Replace(":method", "OPTIONS").Replace(":path", "*"))));

    [Fact]
    public Task S8_3_1_path_with_query_is_accepted() =>
        AssertResponseAsync(1, Frames.Headers(1, Requests.Block(Requests.GetFields().Replace(":path", "/a/b?c=d&e"))));
}
