using System.Threading.Tasks;
using Ht2.Conformance.Tests.Harness;

namespace Ht2.Conformance.Tests;

/// <summary>RFC 9113 §6.5, §6.5.3: SETTINGS frame rules and synchronisation.</summary>
public class S6_5_SettingsTests(ServerFixture server) : ConformanceTest(server)
{
    [Fact]
    public Task S6_5_SETTINGS_ACK_with_a_payload_is_connection_FRAME_SIZE_ERROR() =>
        AssertConnectionErrorAsync(ErrorCode.FrameSizeError, Frames.Raw(FrameKind.Settings, FrameFlag.Ack, 0, [0, 1, 0, 0, 0x10, 0]));

    [Fact]
    public Task S6_5_SETTINGS_on_a_stream_is_connection_PROTOCOL_ERROR() =>
        AssertConnectionErrorAsync(ErrorCode.ProtocolError, Frames.Raw(FrameKind.Settings, FrameFlag.None, 1, [0, 3, 0, 0, 0, 100]));

    [Fact]
    public Task S6_5_SETTINGS_of_3_octets_is_connection_FRAME_SIZE_ERROR() =>
        AssertConnectionErrorAsync(ErrorCode.FrameSizeError, Frames.Raw(FrameKind.Settings, FrameFlag.None, 0, [0, 3, 0]));

    [Fact]
    public Task S6_5_SETTINGS_of_7_octets_is_connection_FRAME_SIZE_ERROR() =>
        AssertConnectionErrorAsync(ErrorCode.FrameSizeError, Frames.Raw(FrameKind.Settings, FrameFlag.None, 0, [0, 3, 0, 0, 0, 100, 0]));

    [Fact]
    public async Task S6_5_empty_SETTINGS_is_acknowledged()
    {
        await using RawConnection connection = await OpenAsync();
        await connection.SendAsync(Frames.Settings());
        await connection.ExpectSettingsAckAsync();
    }

    [Fact]
    public async Task S6_5_3_SETTINGS_with_values_is_acknowledged()
    {
        await using RawConnection connection = await OpenAsync();
        await connection.SendAsync(Frames.Settings((SettingId.MaxConcurrentStreams, 50), (SettingId.MaxHeaderListSize, 65_536)));
        await connection.ExpectSettingsAckAsync();
    }

    [Fact]
    public async Task S6_5_3_last_of_several_INITIAL_WINDOW_SIZE_values_in_one_frame_wins()
    {
        await using RawConnection connection = await OpenAsync();

        // "Each parameter ... processed in the order in which they appear": the window ends at 1.
        await connection.SendAsync(Frames.Settings((SettingId.InitialWindowSize, 100), (SettingId.InitialWindowSize, 1)));
        await connection.ExpectSettingsAckAsync();
        await connection.SendAsync(Frames.Headers(1, Requests.Get));
        await connection.ExpectResponseAsync(1);
        await connection.ExpectDataAsync(1, 1);
    }

    [Fact]
    public async Task S6_5_3_SETTINGS_ACK_from_the_client_is_not_acknowledged()
    {
        await using RawConnection connection = await OpenAsync();

        // An unsolicited ACK has no defined reaction: it must not produce an ACK or an error.
        await connection.SendAsync(Frames.SettingsAck());
        await connection.ExpectHealthyAsync();
    }
}
