using System.Threading.Tasks;
using Ht2.Conformance.Tests.Harness;

namespace Ht2.Conformance.Tests;

/// <summary>
/// RFC 9113 §4.2: frame size. A frame above the receiver's SETTINGS_MAX_FRAME_SIZE is a FRAME_SIZE_ERROR; a connection
/// error for frames that carry a field block, SETTINGS, and anything on stream 0; for DATA a stream error is enough.
/// </summary>
public class S4_2_FrameSizeTests(ServerFixture server) : ConformanceTest(server)
{
    [Fact]
    public async Task S4_2_DATA_of_16384_octets_is_accepted()
    {
        await using RawConnection connection = await OpenAsync();
        await connection.SendAsync(Frames.Headers(1, Requests.Post, endStream: false), Frames.Data(1, 16_384, endStream: true));
        await connection.ExpectCompleteResponseAsync(1);
    }

    [Fact]
    public async Task S4_2_DATA_above_max_frame_size_is_FRAME_SIZE_ERROR()
    {
        await using RawConnection connection = await OpenAsync();
        await connection.SendAsync(Frames.Headers(1, Requests.Post, endStream: false), Frames.Data(1, connection.ServerMaxFrameSize + 1, endStream: true));

        // DATA cannot alter the connection state, so a stream error is allowed; a connection error also passes.
        await connection.ExpectStreamErrorAsync(1, ErrorCode.FrameSizeError);
    }

    [Fact]
    public async Task S4_2_HEADERS_above_max_frame_size_is_connection_FRAME_SIZE_ERROR()
    {
        await using RawConnection connection = await OpenAsync();
        byte[] bytes = new HeaderBlock().GetRequest().Literal("x-big", new string('a', connection.ServerMaxFrameSize)).ToArray();
        await connection.SendAsync(Frames.Headers(1, bytes));
        await connection.ExpectConnectionErrorAsync(ErrorCode.FrameSizeError);
    }

    [Fact]
    public async Task S4_2_CONTINUATION_above_max_frame_size_is_connection_FRAME_SIZE_ERROR()
    {
        await using RawConnection connection = await OpenAsync();
        await connection.SendAsync(
            Frames.Headers(1, Requests.Get, endHeaders: false),
            Frames.Continuation(1, new byte[connection.ServerMaxFrameSize + 1]));
        await connection.ExpectConnectionErrorAsync(ErrorCode.FrameSizeError);
    }

    [Fact]
    public async Task S4_2_SETTINGS_above_max_frame_size_is_connection_FRAME_SIZE_ERROR()
    {
        await using RawConnection connection = await OpenAsync();
        int length = ((connection.ServerMaxFrameSize / 6) + 1) * 6;
        await connection.SendAsync(Frames.Raw(FrameKind.Settings, FrameFlag.None, 0, new byte[length]));
        await connection.ExpectConnectionErrorAsync(ErrorCode.FrameSizeError);
    }

    [Fact]
    public async Task S4_2_unknown_frame_on_stream_0_above_max_frame_size_is_connection_FRAME_SIZE_ERROR()
    {
        await using RawConnection connection = await OpenAsync();
        await connection.SendAsync(Frames.Raw(FrameKind.Unknown, FrameFlag.None, 0, new byte[connection.ServerMaxFrameSize + 1]));
        await connection.ExpectConnectionErrorAsync(ErrorCode.FrameSizeError);
    }

    [Fact]
    public Task S4_2_PADDED_DATA_without_room_for_the_pad_length_is_a_connection_error() =>
        // Too small for its mandatory Pad Length field: §4.2 says FRAME_SIZE_ERROR; PROTOCOL_ERROR (pad length not
        // within the payload, §6.1) is also accepted.
        AssertConnectionErrorAsync(
            [ErrorCode.FrameSizeError, ErrorCode.ProtocolError],
            Frames.Headers(1, Requests.Post, endStream: false),
            Frames.Raw(FrameKind.Data, FrameFlag.Padded, 1, []));

    [Fact]
    public Task S4_2_PADDED_HEADERS_without_room_for_the_pad_length_is_a_connection_error() =>
        AssertConnectionErrorAsync([ErrorCode.FrameSizeError, ErrorCode.ProtocolError], Frames.Raw(FrameKind.Headers, FrameFlag.Padded | FrameFlag.EndHeaders | FrameFlag.EndStream, 1, []));

    [Fact]
    public Task S4_2_HEADERS_with_PRIORITY_flag_shorter_than_5_octets_is_a_connection_error() =>
        AssertConnectionErrorAsync([ErrorCode.FrameSizeError, ErrorCode.ProtocolError], Frames.Raw(FrameKind.Headers, FrameFlag.Priority | FrameFlag.EndHeaders | FrameFlag.EndStream, 1, [0, 0, 0]));
}
