using System.Threading.Tasks;
using Ht2.Conformance.Tests.Harness;

namespace Ht2.Conformance.Tests;

/// <summary>RFC 9113 §6.2: HEADERS.</summary>
public sealed class S6_2_HeadersTests(ServerFixture server) : ConformanceTest(server)
{
    [Fact]
    public Task S6_2_HEADERS_on_stream_0_is_connection_PROTOCOL_ERROR() =>
        AssertConnectionErrorAsync(ErrorCode.ProtocolError, Frames.Headers(0, Requests.Get));

    [Fact]
    public Task S6_2_HEADERS_pad_length_beyond_the_payload_is_connection_PROTOCOL_ERROR()
    {
        byte[] block = Requests.Get;
        byte[] payload = Frames.Padded(block, 0);
        payload[0] = (byte)(payload.Length + 1);
        return AssertConnectionErrorAsync(ErrorCode.ProtocolError, Frames.Raw(FrameKind.Headers, FrameFlag.Padded | FrameFlag.EndHeaders | FrameFlag.EndStream, 1, payload));
    }

    [Fact]
    public Task S6_2_HEADERS_pad_length_equal_to_the_payload_length_is_connection_PROTOCOL_ERROR()
    {
        byte[] payload = Frames.Padded(Requests.Get, 0);
        payload[0] = (byte)payload.Length;
        return AssertConnectionErrorAsync(ErrorCode.ProtocolError, Frames.Raw(FrameKind.Headers, FrameFlag.Padded | FrameFlag.EndHeaders | FrameFlag.EndStream, 1, payload));
    }

    [Fact]
    public Task S6_2_HEADERS_without_END_HEADERS_then_PRIORITY_is_connection_PROTOCOL_ERROR() =>
        AssertConnectionErrorAsync(ErrorCode.ProtocolError, Frames.Headers(1, Requests.Get, endHeaders: false), Frames.Priority(1, 0, 15));

    [Fact]
    public Task S6_2_HEADERS_without_END_HEADERS_then_HEADERS_on_another_stream_is_connection_PROTOCOL_ERROR() =>
        AssertConnectionErrorAsync(ErrorCode.ProtocolError, Frames.Headers(1, Requests.Get, endHeaders: false), Frames.Headers(3, Requests.Get));

    [Fact]
    public Task S6_2_HEADERS_with_padding_is_accepted() =>
        AssertResponseAsync(1, Frames.Raw(FrameKind.Headers, FrameFlag.Padded | FrameFlag.EndHeaders | FrameFlag.EndStream, 1, Frames.Padded(Requests.Get, 100)));

    [Fact]
    public Task S6_2_padded_HEADERS_with_an_empty_fragment_then_CONTINUATION_is_accepted() =>
        AssertResponseAsync(
            1,
            Frames.Raw(FrameKind.Headers, FrameFlag.Padded | FrameFlag.EndStream, 1, Frames.Padded([], 3)),
            Frames.Continuation(1, Requests.Get));

    [Fact]
    public Task S6_2_HEADERS_with_priority_is_accepted() =>
        AssertResponseAsync(1, Frames.HeadersWithPriority(1, Requests.Get, dependency: 0, weight: 255, exclusive: true));

    [Fact]
    public Task S6_2_HEADERS_with_padding_and_priority_is_accepted()
    {
        byte[] content = [0, 0, 0, 0, 10, .. Requests.Get];
        return AssertResponseAsync(1, Frames.Raw(FrameKind.Headers, FrameFlag.Padded | FrameFlag.Priority | FrameFlag.EndHeaders | FrameFlag.EndStream, 1, Frames.Padded(content, 7)));
    }

    [Fact]
    public Task S6_2_HEADERS_depending_on_an_idle_stream_is_accepted() =>
        AssertResponseAsync(1, Frames.HeadersWithPriority(1, Requests.Get, dependency: 99, weight: 3));
}
