using System.Threading.Tasks;
using Ht2.Conformance.Tests.Harness;

namespace Ht2.Conformance.Tests;

/// <summary>RFC 9113 §5.3.1 (self-dependency), §5.4 (error handling), §5.5 (extensions).</summary>
public sealed class S5_3_S5_4_S5_5_Tests(ServerFixture server) : ConformanceTest(server)
{
    [Fact]
    public Task S5_3_1_HEADERS_depending_on_its_own_stream_is_stream_PROTOCOL_ERROR() =>
        AssertStreamErrorAsync(1, ErrorCode.ProtocolError, Frames.HeadersWithPriority(1, Requests.Get, dependency: 1, weight: 15));

    [Fact]
    public Task S5_3_1_PRIORITY_on_an_idle_stream_depending_on_itself_is_stream_PROTOCOL_ERROR() =>
        AssertStreamErrorAsync(1, ErrorCode.ProtocolError, Frames.Priority(1, 1, 15));

    [Fact]
    public Task S5_3_1_PRIORITY_on_an_open_stream_depending_on_itself_is_stream_PROTOCOL_ERROR() =>
        AssertStreamErrorAsync(1, ErrorCode.ProtocolError, Frames.Headers(1, Requests.Post, endStream: false), Frames.Priority(1, 1, 15));

    [Fact]
    public async Task S5_4_1_GOAWAY_names_the_last_processed_stream()
    {
        await using RawConnection connection = await OpenAsync();
        await connection.SendAsync(Frames.Headers(1, Requests.Get));
        await connection.ExpectCompleteResponseAsync(1);
        await connection.SendAsync(Frames.Raw(FrameKind.Ping, FrameFlag.None, 0, new byte[6]));
        Frame goAway = await connection.ExpectConnectionErrorAsync(ErrorCode.FrameSizeError);
        Assert.Equal(1u, goAway.LastStreamId);
    }

    [Fact]
    public async Task S5_4_1_GOAWAY_before_any_stream_has_last_stream_id_0()
    {
        await using RawConnection connection = await OpenAsync();
        await connection.SendAsync(Frames.Raw(FrameKind.Ping, FrameFlag.None, 0, new byte[6]));
        Frame goAway = await connection.ExpectConnectionErrorAsync(ErrorCode.FrameSizeError);
        Assert.Equal(0u, goAway.LastStreamId);
    }

    [Fact]
    public async Task S5_4_1_connection_error_leaves_other_connections_serving()
    {
        await using RawConnection healthy = await OpenAsync();
        await using (RawConnection broken = await OpenAsync())
        {
            await broken.SendAsync(Frames.Data(0, 1));
            await broken.ExpectConnectionErrorAsync(ErrorCode.ProtocolError);
        }

        await healthy.SendAsync(Frames.Headers(1, Requests.Get));
        await healthy.ExpectCompleteResponseAsync(1);
    }

    [Fact]
    public async Task S5_4_2_stream_error_leaves_the_other_streams_open()
    {
        await using RawConnection connection = await OpenAsync();
        await connection.SendAsync(Frames.Headers(1, Requests.Post, endStream: false), Frames.HeadersWithPriority(3, Requests.Get, dependency: 3, weight: 15));
        if (await connection.ExpectStreamErrorAsync(3, ErrorCode.ProtocolError))
        {
            return;
        }

        await connection.SendAsync(Frames.Data(1, 5, endStream: true));
        await connection.ExpectCompleteResponseAsync(1);
    }

    [Fact]
    public async Task S5_4_2_RST_STREAM_is_not_answered_with_RST_STREAM()
    {
        await using RawConnection connection = await OpenAsync();
        await connection.SendAsync(Frames.Headers(1, Requests.Post, endStream: false), Frames.RstStream(1, ErrorCode.Cancel));
        await connection.ExpectHealthyAsync();
    }

    [Fact]
    public Task S5_5_unknown_frame_inside_a_field_block_is_connection_PROTOCOL_ERROR() =>
        // §5.5 / §6.10: only CONTINUATION may follow a HEADERS without END_HEADERS, extension frames included.
        AssertConnectionErrorAsync(
            ErrorCode.ProtocolError,
            Frames.Headers(1, Requests.Get, endHeaders: false),
            Frames.Raw(FrameKind.Unknown, FrameFlag.None, 1, [1, 2, 3]),
            Frames.Continuation(1, []));

    [Fact]
    public Task S5_5_unknown_frame_on_an_idle_stream_is_ignored_and_does_not_open_it() =>
        AssertResponseAsync(3, Frames.Raw(FrameKind.Unknown, FrameFlag.None, 9, [1]), Frames.Headers(3, Requests.Get));

    [Fact]
    public Task S5_5_unknown_frame_with_every_flag_is_ignored() =>
        AssertAcceptedAsync(Frames.Raw(0xAB, 0xFF, 0, new byte[100]));

    [Fact]
    public Task S5_5_unknown_SETTINGS_identifier_is_ignored() =>
        AssertAcceptedAsync(Frames.Settings((0xABCD, 12345)));
}
