using System.Threading.Tasks;
using Ht2.Conformance.Tests.Harness;

namespace Ht2.Conformance.Tests;

/// <summary>RFC 9113 §8.2.1: field values (SHOULD rules this engine is expected to follow: NUL, CR, LF anywhere, whitespace at either end).</summary>
public sealed class S8_2_FieldValueTests(ServerFixture server) : ConformanceTest(server)
{
    [Fact]
    public Task S8_2_1_field_value_with_NUL_is_stream_PROTOCOL_ERROR() =>
        AssertMalformedAsync(Requests.Block(Requests.GetFields(("x-v", "a\u0000b"))));

    [Fact]
    public Task S8_2_1_field_value_with_CR_is_stream_PROTOCOL_ERROR() =>
        AssertMalformedAsync(Requests.Block(Requests.GetFields(("x-v", "a\rb"))));

    [Fact]
    public Task S8_2_1_field_value_with_LF_is_stream_PROTOCOL_ERROR() =>
        AssertMalformedAsync(Requests.Block(Requests.GetFields(("x-v", "a\nb"))));

    [Fact]
    public Task S8_2_1_field_value_with_leading_space_is_stream_PROTOCOL_ERROR() =>
        AssertMalformedAsync(Requests.Block(Requests.GetFields(("x-v", " a"))));

    [Fact]
    public Task S8_2_1_field_value_with_trailing_tab_is_stream_PROTOCOL_ERROR() =>
        AssertMalformedAsync(Requests.Block(Requests.GetFields(("x-v", "a\t"))));

    [Fact]
    public Task S8_2_1_field_value_with_inner_space_and_tab_is_accepted() =>
        AssertResponseAsync(1, Frames.Headers(1, Requests.Block(Requests.GetFields(("x-v", "a b\tc")))));

    [Fact]
    public Task S8_2_1_empty_field_value_is_accepted() =>
        AssertResponseAsync(1, Frames.Headers(1, Requests.Block(Requests.GetFields(("x-empty", "")))));
}
