using System.Collections.Generic;
using System.Threading.Tasks;

namespace Ht2.Tests.Session;

/// <summary>
/// A SETTINGS frame that ends the connection (RFC 9113 §6.5, §6.9.2) names its cause in the GOAWAY debug data, is
/// neither applied nor acknowledged nor reported to the handler; a SETTINGS that repeats a value is applied as usual.
/// </summary>
public sealed class SettingsErrorTests
{
    private const ushort MaxConcurrentStreams = 0x3, InitialWindowSize = 0x4, EnablePush = 0x2;

    [Fact]
    public async Task A_SETTINGS_flood_names_itself_and_the_tripping_frame_is_not_applied()
    {
        // The handshake's SETTINGS took the only token.
        await using SessionHarness h = await SessionHarness.StartServerAsync(new Ht2SessionOptions { SettingsFrames = new RateLimit(1, 0) });
        h.Send(Wire.Settings((InitialWindowSize, 1000)));
        await AssertRefusedAsync(h, Http2ErrorCode.EnhanceYourCalm, "Too many SETTINGS frames.", 1000);
    }

    [Fact]
    public async Task Too_many_entries_name_themselves()
    {
        await using SessionHarness h = await SessionHarness.StartServerAsync(new Ht2SessionOptions { MaxSettingsEntries = 1 });
        h.Send(Wire.Settings((MaxConcurrentStreams, 5), (InitialWindowSize, 1000)));
        await AssertRefusedAsync(h, Http2ErrorCode.EnhanceYourCalm, "Too many entries in one SETTINGS frame.", 1000);
    }

    [Fact]
    public async Task ENABLE_PUSH_1_from_a_server_names_the_rule_and_the_rest_of_the_frame_is_not_applied()
    {
        await using SessionHarness h = await SessionHarness.StartClientAsync();
        h.Send(Wire.Settings((EnablePush, 1), (InitialWindowSize, 1000)));
        await AssertRefusedAsync(h, Http2ErrorCode.ProtocolError, "A server sent SETTINGS_ENABLE_PUSH = 1 (RFC 9113 §6.5.2).", 1000);
    }

    [Fact]
    public async Task An_INITIAL_WINDOW_SIZE_that_overflows_a_stream_window_is_not_applied()
    {
        await using SessionHarness h = await SessionHarness.StartServerAsync();
        h.Send(Wire.Headers(1, Wire.PostBlock, endStream: false));

        // Stream 1's send window: 65,535 + 2,147,418,112 = 2^31-1; one more byte of INITIAL_WINDOW_SIZE overflows it.
        h.Send(Wire.WindowUpdate(1, 2_147_418_112));
        h.Send(Wire.Settings((InitialWindowSize, 65_536), (MaxConcurrentStreams, 5)));
        await AssertRefusedAsync(h, Http2ErrorCode.FlowControlError, "SETTINGS_INITIAL_WINDOW_SIZE takes a stream window above 2^31-1 (RFC 9113 §6.9.2).", 65_536);
        Assert.NotEqual(5u, h.Session.PeerSettings.MaxConcurrentStreams);
    }

    [Fact]
    public async Task An_INITIAL_WINDOW_SIZE_equal_to_the_current_one_is_applied_with_the_rest_and_acknowledged()
    {
        await using SessionHarness h = await SessionHarness.StartServerAsync();
        h.Send(Wire.Headers(1, Wire.PostBlock, endStream: false));
        h.Send(Wire.Settings((InitialWindowSize, 65_535), (MaxConcurrentStreams, 5)));

        // The PING ACK follows everything the SETTINGS made the session write.
        List<WireFrame> before = await h.SyncAsync();
        WireFrame ack = Assert.Single(before, f => f.Type == WireFrame.Settings);
        Assert.True(ack.Has(Wire.Ack));
        Assert.Equal(0, ack.Length);
        Assert.Equal(5u, h.Session.PeerSettings.MaxConcurrentStreams);
        Assert.Equal(2, h.Handler.Events.FindAll(e => e == "settings window=65535").Count);
    }

    /// <summary>GOAWAY with the code and the debug text; the SETTINGS that carried INITIAL_WINDOW_SIZE = <paramref name="window"/> was not applied.</summary>
    private static async Task AssertRefusedAsync(SessionHarness h, Http2ErrorCode code, string reason, uint window)
    {
        WireFrame goAway = await h.ExpectGoAwayAsync(code);
        Assert.Equal(reason, goAway.GoAwayDebugText);
        Assert.Equal(65_535u, h.Session.PeerSettings.InitialWindowSize);
        List<string> events = h.Handler.Events;
        Assert.DoesNotContain($"settings window={window}", events);
    }
}
