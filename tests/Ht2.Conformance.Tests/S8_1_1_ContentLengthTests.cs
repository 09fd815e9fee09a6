using System.Threading.Tasks;
using Ht2.Conformance.Tests.Harness;

namespace Ht2.Conformance.Tests;

/// <summary>RFC 9113 §8.1.1: content-length must equal the sum of the DATA payloads, or the request is malformed.</summary>
public sealed class S8_1_1_ContentLengthTests(ServerFixture server) : ConformanceTest(server)
{
    [Fact]
    public Task S8_1_1_content_length_larger_than_DATA_is_stream_PROTOCOL_ERROR() =>
        AssertStreamErrorAsync(
            1,
            ErrorCode.ProtocolError,
            Frames.Headers(1, Requests.Block(Requests.GetFields(("content-length", "10")).Replace(":method", "POST")), endStream: false),
            Frames.Data(1, 4, endStream: true));

    [Fact]
    public Task S8_1_1_content_length_smaller_than_several_DATA_frames_is_stream_PROTOCOL_ERROR() =>
        AssertStreamErrorAsync(
            1,
            ErrorCode.ProtocolError,
            Frames.Headers(1, Requests.Block(Requests.GetFields(("content-length", "3")).Replace(":method", "POST")), endStream: false),
            Frames.Data(1, 2),
            Frames.Data(1, 2),
            Frames.Data(1, 2, endStream: true));

    [Fact]
    public Task S8_1_1_nonzero_content_length_on_HEADERS_with_END_STREAM_is_stream_PROTOCOL_ERROR() =>
        AssertMalformedAsync(Requests.Block(Requests.GetFields(("content-length", "5"))));

    [Fact]
    public Task S8_1_1_content_length_equal_to_DATA_gets_a_response() =>
        AssertResponseAsync(
            1,
            Frames.Headers(1, Requests.Block(Requests.GetFields(("content-length", "6")).Replace(":method", "POST")), endStream: false),
            Frames.Data(1, 2),
            Frames.Data(1, 4, endStream: true));

    [Fact]
    public Task S8_1_1_content_length_zero_with_END_STREAM_on_HEADERS_gets_a_response() =>
        AssertResponseAsync(1, Frames.Headers(1, Requests.Block(Requests.GetFields(("content-length", "0")))));

    [Fact]
    public Task S8_1_1_content_length_that_is_not_a_number_is_stream_PROTOCOL_ERROR() =>
        AssertStreamErrorAsync(
            1,
            ErrorCode.ProtocolError,
            Frames.Headers(1, Requests.Block(Requests.GetFields(("content-length", "ten")).Replace(":method", "POST")), endStream: false),
            Frames.Data(1, 10, endStream: true));

    [Fact]
    public Task S8_1_1_two_different_content_length_values_are_stream_PROTOCOL_ERROR() =>
        AssertStreamErrorAsync(
            1,
            ErrorCode.ProtocolError,
            Frames.Headers(1, Requests.Block(Requests.GetFields(("content-length", "3"), ("content-length", "4")).Replace(":method", "POST")), endStream: false),
            Frames.Data(1, 3, endStream: true));

    [Fact]
    public Task S8_1_1_repeated_equal_content_length_values_are_accepted() =>
        // RFC 9110 §8.6: repeated identical values may be accepted as one.
        AssertResponseAsync(
            1,
            Frames.Headers(1, Requests.Block(Requests.GetFields(("content-length", "3"), ("content-length", "3")).Replace(":method", "POST")), endStream: false),
            Frames.Data(1, 3, endStream: true));
}
