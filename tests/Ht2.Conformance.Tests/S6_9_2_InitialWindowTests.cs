using System.Threading.Tasks;
using Ht2.Conformance.Tests.Harness;

namespace Ht2.Conformance.Tests;

/// <summary>RFC 9113 §6.9.2: SETTINGS_INITIAL_WINDOW_SIZE changes apply to every open stream's window.</summary>
public sealed class S6_9_2_InitialWindowTests(ServerFixture server) : ConformanceTest(server)
{
    [Fact]
    public async Task S6_9_2_raising_INITIAL_WINDOW_SIZE_after_HEADERS_releases_DATA()
    {
        await using RawConnection connection = await OpenAsync((SettingId.InitialWindowSize, 0));
        await connection.SendAsync(Frames.Headers(1, Requests.Get));
        await connection.ExpectResponseAsync(1);
        await connection.SendAsync(Frames.Settings((SettingId.InitialWindowSize, 3)));
        await connection.ExpectDataAsync(1, 3);
    }

    [Fact]
    public async Task S6_9_2_lowering_INITIAL_WINDOW_SIZE_can_make_a_window_negative()
    {
        await using RawConnection connection = await OpenAsync((SettingId.InitialWindowSize, 5));
        await connection.SendAsync(Frames.Headers(1, Requests.Get));
        await connection.ExpectResponseAsync(1);
        await connection.ExpectDataAsync(1, 5);

        // The window becomes 3 - 5 = -2; +4 makes it 2, so exactly 2 more octets may follow.
        await connection.SendAsync(Frames.Settings((SettingId.InitialWindowSize, 3)), Frames.WindowUpdate(1, 4));
        await connection.ExpectDataAsync(1, 2);
    }

    [Fact]
    public Task S6_9_2_INITIAL_WINDOW_SIZE_above_2_pow_31_minus_1_is_connection_FLOW_CONTROL_ERROR() =>
        AssertConnectionErrorAsync(ErrorCode.FlowControlError, Frames.Settings((SettingId.InitialWindowSize, 0x8000_0001)));

    [Fact]
    public async Task S6_9_2_INITIAL_WINDOW_SIZE_change_that_overflows_an_open_stream_is_connection_FLOW_CONTROL_ERROR()
    {
        await using RawConnection connection = await OpenAsync((SettingId.InitialWindowSize, 0));

        // Stream 1 stays open (no END_STREAM) with a send window of 2^31 - 1; raising the initial size by 1 overflows it.
        await connection.SendAsync(
            Frames.Headers(1, Requests.Post, endStream: false),
            Frames.WindowUpdate(1, 0x7FFF_FFFF),
            Frames.Settings((SettingId.InitialWindowSize, 1)));
        await connection.ExpectConnectionErrorAsync(ErrorCode.FlowControlError);
    }
}
