using System.Threading.Tasks;
using Ht2.Conformance.Tests.Harness;

namespace Ht2.Conformance.Tests;

/// <summary>RFC 9113 §6.3: PRIORITY (deprecated signals, still parsed and validated).</summary>
public sealed class S6_3_PriorityTests(ServerFixture server) : ConformanceTest(server)
{
    [Fact]
    public Task S6_3_PRIORITY_on_stream_0_is_connection_PROTOCOL_ERROR() =>
        AssertConnectionErrorAsync(ErrorCode.ProtocolError, Frames.Priority(0, 1, 15));

    [Fact]
    public Task S6_3_PRIORITY_of_4_octets_is_stream_FRAME_SIZE_ERROR() =>
        AssertStreamErrorAsync(1, ErrorCode.FrameSizeError, Frames.Headers(1, Requests.Post, endStream: false), Frames.Raw(FrameKind.Priority, FrameFlag.None, 1, [0, 0, 0, 0]));

    [Fact]
    public Task S6_3_PRIORITY_of_6_octets_on_an_idle_stream_is_stream_FRAME_SIZE_ERROR() =>
        AssertStreamErrorAsync(1, ErrorCode.FrameSizeError, Frames.Raw(FrameKind.Priority, FrameFlag.None, 1, [0, 0, 0, 0, 15, 0]));

    [Fact]
    public Task S6_3_PRIORITY_with_weight_1_is_accepted() =>
        AssertResponseAsync(1, Frames.Priority(1, 0, 0), Frames.Headers(1, Requests.Get));

    [Fact]
    public Task S6_3_PRIORITY_with_weight_256_is_accepted() =>
        AssertResponseAsync(1, Frames.Priority(1, 0, 255), Frames.Headers(1, Requests.Get));

    [Fact]
    public Task S6_3_PRIORITY_with_a_dependency_is_accepted() =>
        AssertResponseAsync(3, Frames.Headers(1, Requests.Post, endStream: false), Frames.Priority(3, 1, 15), Frames.Headers(3, Requests.Get));

    [Fact]
    public Task S6_3_PRIORITY_with_the_exclusive_bit_is_accepted() =>
        AssertResponseAsync(3, Frames.Headers(1, Requests.Post, endStream: false), Frames.Priority(3, 1, 15, exclusive: true), Frames.Headers(3, Requests.Get));

    [Fact]
    public Task S6_3_PRIORITY_inside_a_field_block_is_connection_PROTOCOL_ERROR() =>
        AssertConnectionErrorAsync(ErrorCode.ProtocolError, Frames.Headers(1, Requests.Get, endHeaders: false), Frames.Priority(3, 0, 15), Frames.Continuation(1, []));
}
