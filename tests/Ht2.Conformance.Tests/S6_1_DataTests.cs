using System.Threading.Tasks;
using Ht2.Conformance.Tests.Harness;

namespace Ht2.Conformance.Tests;

/// <summary>RFC 9113 §6.1: DATA.</summary>
public sealed class S6_1_DataTests(ServerFixture server) : ConformanceTest(server)
{
    [Fact]
    public Task S6_1_DATA_on_stream_0_is_connection_PROTOCOL_ERROR() =>
        AssertConnectionErrorAsync(ErrorCode.ProtocolError, Frames.Data(0, 4));

    [Fact]
    public Task S6_1_DATA_after_END_STREAM_in_the_same_write_is_STREAM_CLOSED() =>
        // "If a DATA frame is received whose stream is not in the open or half-closed (local) state, the recipient
        // MUST respond with a stream error of type STREAM_CLOSED."
        AssertStreamErrorAsync(1, ErrorCode.StreamClosed, Frames.Headers(1, Requests.Post, endStream: true), Frames.Data(1, 4, endStream: true));

    [Fact]
    public Task S6_1_DATA_pad_length_beyond_the_payload_is_connection_PROTOCOL_ERROR() =>
        // Payload of 5: Pad Length 6 leaves no room. "If the length of the padding is the length of the frame
        // payload or greater, the recipient MUST treat this as a connection error of type PROTOCOL_ERROR."
        AssertConnectionErrorAsync(
            ErrorCode.ProtocolError,
            Frames.Headers(1, Requests.Post, endStream: false),
            Frames.Raw(FrameKind.Data, FrameFlag.Padded | FrameFlag.EndStream, 1, [6, 0, 0, 0, 0]));

    [Fact]
    public Task S6_1_DATA_pad_length_equal_to_the_payload_length_is_connection_PROTOCOL_ERROR() =>
        AssertConnectionErrorAsync(
            ErrorCode.ProtocolError,
            Frames.Headers(1, Requests.Post, endStream: false),
            Frames.Raw(FrameKind.Data, FrameFlag.Padded | FrameFlag.EndStream, 1, [5, 0, 0, 0, 0]));

    [Fact]
    public Task S6_1_DATA_padding_that_leaves_no_data_is_accepted() =>
        // Pad Length = payload length - 1: legal, the data is empty.
        AssertResponseAsync(
            1,
            Frames.Headers(1, Requests.Post, endStream: false),
            Frames.Raw(FrameKind.Data, FrameFlag.Padded | FrameFlag.EndStream, 1, [4, 0, 0, 0, 0]));

    [Fact]
    public Task S6_1_DATA_with_padding_is_accepted() =>
        AssertResponseAsync(
            1,
            Frames.Headers(1, Requests.Post, endStream: false),
            Frames.Raw(FrameKind.Data, FrameFlag.Padded | FrameFlag.EndStream, 1, Frames.Padded(new byte[100], 255)));

    [Fact]
    public Task S6_1_multiple_DATA_frames_are_accepted() =>
        AssertResponseAsync(1, Frames.Headers(1, Requests.Post, endStream: false), Frames.Data(1, 10), Frames.Data(1, 20), Frames.Data(1, 30, endStream: true));

    [Fact]
    public Task S6_1_DATA_on_a_stream_the_client_ended_long_ago_is_STREAM_CLOSED() =>
        AssertStreamErrorAsync(1, ErrorCode.StreamClosed, Frames.Headers(1, Requests.Post, endStream: false), Frames.Data(1, 4, endStream: true), Frames.Data(1, 4));
}
