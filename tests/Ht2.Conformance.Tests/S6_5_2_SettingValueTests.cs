using System.Threading.Tasks;
using Ht2.Conformance.Tests.Harness;

namespace Ht2.Conformance.Tests;

/// <summary>RFC 9113 §6.5.2: each defined setting's allowed range.</summary>
public sealed class S6_5_2_SettingValueTests(ServerFixture server) : ConformanceTest(server)
{
    [Fact]
    public Task S6_5_2_ENABLE_PUSH_of_2_is_connection_PROTOCOL_ERROR() =>
        AssertConnectionErrorAsync(ErrorCode.ProtocolError, Frames.Settings((SettingId.EnablePush, 2)));

    [Fact]
    public Task S6_5_2_ENABLE_PUSH_of_2_pow_32_minus_1_is_connection_PROTOCOL_ERROR() =>
        AssertConnectionErrorAsync(ErrorCode.ProtocolError, Frames.Settings((SettingId.EnablePush, uint.MaxValue)));

    [Fact]
    public Task S6_5_2_ENABLE_PUSH_of_0_is_accepted() => AssertSettingsAcceptedAsync((SettingId.EnablePush, 0));

    [Fact]
    public Task S6_5_2_ENABLE_PUSH_of_1_is_accepted() => AssertSettingsAcceptedAsync((SettingId.EnablePush, 1));

    [Fact]
    public Task S6_5_2_INITIAL_WINDOW_SIZE_of_2_pow_31_is_connection_FLOW_CONTROL_ERROR() =>
        AssertConnectionErrorAsync(ErrorCode.FlowControlError, Frames.Settings((SettingId.InitialWindowSize, 0x8000_0000)));

    [Fact]
    public Task S6_5_2_INITIAL_WINDOW_SIZE_of_2_pow_32_minus_1_is_connection_FLOW_CONTROL_ERROR() =>
        AssertConnectionErrorAsync(ErrorCode.FlowControlError, Frames.Settings((SettingId.InitialWindowSize, uint.MaxValue)));

    [Fact]
    public Task S6_5_2_INITIAL_WINDOW_SIZE_of_2_pow_31_minus_1_is_accepted() => AssertSettingsAcceptedAsync((SettingId.InitialWindowSize, 0x7FFF_FFFF));

    [Fact]
    public Task S6_5_2_MAX_FRAME_SIZE_of_16383_is_connection_PROTOCOL_ERROR() =>
        AssertConnectionErrorAsync(ErrorCode.ProtocolError, Frames.Settings((SettingId.MaxFrameSize, 16_383)));

    [Fact]
    public Task S6_5_2_MAX_FRAME_SIZE_of_0_is_connection_PROTOCOL_ERROR() =>
        AssertConnectionErrorAsync(ErrorCode.ProtocolError, Frames.Settings((SettingId.MaxFrameSize, 0)));

    [Fact]
    public Task S6_5_2_MAX_FRAME_SIZE_of_2_pow_24_is_connection_PROTOCOL_ERROR() =>
        AssertConnectionErrorAsync(ErrorCode.ProtocolError, Frames.Settings((SettingId.MaxFrameSize, 16_777_216)));

    [Fact]
    public Task S6_5_2_MAX_FRAME_SIZE_of_16384_is_accepted() => AssertSettingsAcceptedAsync((SettingId.MaxFrameSize, 16_384));

    [Fact]
    public Task S6_5_2_MAX_FRAME_SIZE_of_2_pow_24_minus_1_is_accepted() => AssertSettingsAcceptedAsync((SettingId.MaxFrameSize, 16_777_215));

    [Fact]
    public Task S6_5_2_HEADER_TABLE_SIZE_of_0_is_accepted() => AssertSettingsAcceptedAsync((SettingId.HeaderTableSize, 0));

    [Fact]
    public Task S6_5_2_HEADER_TABLE_SIZE_of_2_pow_32_minus_1_is_accepted() => AssertSettingsAcceptedAsync((SettingId.HeaderTableSize, uint.MaxValue));

    [Fact]
    public Task S6_5_2_MAX_CONCURRENT_STREAMS_of_0_is_accepted() => AssertSettingsAcceptedAsync((SettingId.MaxConcurrentStreams, 0));

    [Fact]
    public async Task S6_5_2_MAX_HEADER_LIST_SIZE_of_1_is_accepted()
    {
        // No response fits in 1 octet (32 per field alone): the server may send one anyway (the setting is advisory)
        // or reset the stream, but the setting itself is no connection error.
        await using RawConnection connection = await OpenAsync();
        await connection.SendAsync(Frames.Settings((SettingId.MaxHeaderListSize, 1)));
        await connection.ExpectSettingsAckAsync();
        await connection.SendAsync(Frames.Headers(1, Requests.Get));
        await connection.AwaitAsync("a response or RST_STREAM on stream 1", frame => frame switch
        {
            null or { Type: FrameKind.GoAway } => Verdict.Fail,
            { Type: FrameKind.RstStream or FrameKind.Headers } when frame.StreamId == 1 => Verdict.Match,
            _ => Verdict.Wait,
        });
        await connection.ExpectHealthyAsync();
    }

    [Fact]
    public Task S6_5_2_unknown_setting_identifier_is_ignored() => AssertSettingsAcceptedAsync((0x00FF, 7), (0xFFFF, uint.MaxValue));

    [Fact]
    public Task S6_5_2_setting_identifier_0_is_ignored() => AssertSettingsAcceptedAsync((0x0000, 1));

    /// <summary>The setting is acknowledged, and the connection still answers a request.</summary>
    private async Task AssertSettingsAcceptedAsync(params (ushort Id, uint Value)[] settings)
    {
        await using RawConnection connection = await OpenAsync();
        await connection.SendAsync(Frames.Settings(settings));
        await connection.ExpectSettingsAckAsync();
        await connection.SendAsync(Frames.Headers(1, Requests.Get));
        await connection.ExpectResponseAsync(1);
    }
}
