using System.Threading.Tasks;
using Ht2.Conformance.Tests.Harness;

namespace Ht2.Conformance.Tests;

/// <summary>RFC 9113 §8.2, §8.2.1: field names. Uppercase is a MUST; the character checks are SHOULD rules this engine is expected to follow. A malformed request is a stream PROTOCOL_ERROR (§8.1.1).</summary>
public sealed class S8_2_FieldNameTests(ServerFixture server) : ConformanceTest(server)
{
    [Fact]
    public Task S8_2_uppercase_field_name_is_stream_PROTOCOL_ERROR() =>
        AssertMalformedAsync(Requests.Block(Requests.GetFields(("X-Upper", "1"))));

    [Fact]
    public Task S8_2_uppercase_letter_inside_a_field_name_is_stream_PROTOCOL_ERROR() =>
        AssertMalformedAsync(Requests.Block(Requests.GetFields(("x-mIxed", "1"))));

    [Fact]
    public Task S8_2_1_empty_field_name_is_stream_PROTOCOL_ERROR() =>
        AssertMalformedAsync(Requests.Block(Requests.GetFields(("", "1"))));

    [Fact]
    public Task S8_2_1_field_name_with_a_space_is_stream_PROTOCOL_ERROR() =>
        AssertMalformedAsync(Requests.Block(Requests.GetFields(("x y", "1"))));

    [Fact]
    public Task S8_2_1_field_name_with_a_control_character_is_stream_PROTOCOL_ERROR() =>
        AssertMalformedAsync(Requests.Block(Requests.GetFields(("x\u0001y", "1"))));

    [Fact]
    public Task S8_2_1_field_name_with_DEL_is_stream_PROTOCOL_ERROR() =>
        AssertMalformedAsync(Requests.Block(Requests.GetFields(("x\u007Fy", "1"))));

    [Fact]
    public Task S8_2_1_field_name_with_a_colon_inside_is_stream_PROTOCOL_ERROR() =>
        // Not a pseudo-header (does not start with ':') and not a token: malformed.
        AssertMalformedAsync(Requests.Block(Requests.GetFields(("x:y", "1"))));
}
