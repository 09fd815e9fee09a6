using System.Threading.Tasks;
using Ht2.Conformance.Tests.Harness;

namespace Ht2.Conformance.Tests;

/// <summary>RFC 9113 §6.9, §6.9.1: WINDOW_UPDATE and the flow-control window limits.</summary>
public class S6_9_WindowUpdateTests(ServerFixture server) : ConformanceTest(server)
{
    [Fact]
    public Task S6_9_WINDOW_UPDATE_increment_0_on_stream_0_is_connection_PROTOCOL_ERROR() =>
        AssertConnectionErrorAsync(ErrorCode.ProtocolError, Frames.WindowUpdate(0, 0));

    [Fact]
    public Task S6_9_WINDOW_UPDATE_increment_0_on_stream_is_stream_PROTOCOL_ERROR() =>
        AssertStreamErrorAsync(1, ErrorCode.ProtocolError, Frames.Headers(1, Requests.Post, endStream: false), Frames.WindowUpdate(1, 0));

    [Fact]
    public Task S6_9_WINDOW_UPDATE_of_3_octets_is_connection_FRAME_SIZE_ERROR() =>
        AssertConnectionErrorAsync(ErrorCode.FrameSizeError, Frames.Raw(FrameKind.WindowUpdate, FrameFlag.None, 0, [0, 0, 1]));

    [Fact]
    public Task S6_9_WINDOW_UPDATE_of_5_octets_is_connection_FRAME_SIZE_ERROR() =>
        AssertConnectionErrorAsync(ErrorCode.FrameSizeError, Frames.Raw(FrameKind.WindowUpdate, FrameFlag.None, 0, [0, 0, 0, 1, 0]));

    [Fact]
    public Task S6_9_WINDOW_UPDATE_on_a_stream_of_3_octets_is_connection_FRAME_SIZE_ERROR() =>
        AssertConnectionErrorAsync(ErrorCode.FrameSizeError, Frames.Headers(1, Requests.Post, endStream: false), Frames.Raw(FrameKind.WindowUpdate, FrameFlag.None, 1, [0, 0, 1]));

    [Fact]
    public Task S6_9_WINDOW_UPDATE_on_stream_0_is_accepted() => AssertAcceptedAsync(Frames.WindowUpdate(0, 1000));

    [Fact]
    public Task S6_9_WINDOW_UPDATE_on_an_open_stream_is_accepted() =>
        AssertAcceptedAsync(Frames.Headers(1, Requests.Post, endStream: false), Frames.WindowUpdate(1, 1000));

    [Fact]
    public Task S6_9_1_connection_window_above_2_pow_31_minus_1_is_connection_FLOW_CONTROL_ERROR() =>
        // 65535 + (2^31 - 1) exceeds the maximum: "MUST terminate ... with a GOAWAY ... FLOW_CONTROL_ERROR".
        AssertConnectionErrorAsync(ErrorCode.FlowControlError, Frames.WindowUpdate(0, 0x7FFF_FFFF));

    [Fact]
    public Task S6_9_1_connection_window_above_2_pow_31_minus_1_after_two_updates_is_connection_FLOW_CONTROL_ERROR() =>
        AssertConnectionErrorAsync(ErrorCode.FlowControlError, Frames.WindowUpdate(0, 0x4000_0000), Frames.WindowUpdate(0, 0x4000_0000));

    [Fact]
    public Task S6_9_1_stream_window_above_2_pow_31_minus_1_is_stream_FLOW_CONTROL_ERROR() =>
        AssertStreamErrorAsync(1, ErrorCode.FlowControlError, Frames.Headers(1, Requests.Post, endStream: false), Frames.WindowUpdate(1, 0x7FFF_FFFF));

    [Fact]
    public Task S6_9_1_stream_window_above_2_pow_31_minus_1_after_two_updates_is_stream_FLOW_CONTROL_ERROR() =>
        AssertStreamErrorAsync(1, ErrorCode.FlowControlError, Frames.Headers(1, Requests.Post, endStream: false), Frames.WindowUpdate(1, 0x4000_0000), Frames.WindowUpdate(1, 0x4000_0000));

    [Fact]
    public async Task S6_9_1_INITIAL_WINDOW_SIZE_of_1_limits_the_first_DATA_to_1_octet()
    {
        await using RawConnection connection = await OpenAsync((SettingId.InitialWindowSize, 1));
        await connection.SendAsync(Frames.Headers(1, Requests.Get));
        await connection.ExpectResponseAsync(1);
        await connection.ExpectDataAsync(1, 1);
        await connection.SendAsync(Frames.WindowUpdate(1, ServerFixture.BodyBytes - 1));
        await connection.ExpectDataAsync(1, ServerFixture.BodyBytes - 1);
    }

    [Fact]
    public async Task S6_9_1_response_waits_for_the_stream_window_and_completes_after_WINDOW_UPDATE()
    {
        await using RawConnection connection = await OpenAsync((SettingId.InitialWindowSize, 0));
        await connection.SendAsync(Frames.Headers(1, Requests.Get));
        await connection.ExpectResponseAsync(1);
        await connection.SendAsync(Frames.WindowUpdate(1, 4));
        await connection.ExpectDataAsync(1, 4);
        await connection.SendAsync(Frames.WindowUpdate(1, 100));
        await connection.ExpectDataAsync(1, ServerFixture.BodyBytes - 4);
    }
}
