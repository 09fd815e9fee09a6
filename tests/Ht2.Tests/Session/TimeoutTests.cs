using System;
using System.Threading.Tasks;

namespace Ht2.Tests.Session;

/// <summary>Timeouts on the injected fake clock: no sleeps.</summary>
public sealed class TimeoutTests
{
    [Fact]
    public async Task Half_a_preface_is_closed_with_SETTINGS_TIMEOUT()
    {
        await using SessionHarness h = await SessionHarness.StartServerAsync(handshake: false);
        await h.ExpectAsync(WireFrame.Settings);
        h.Send(Wire.Preface.AsSpan(0, 10).ToArray());
        h.Time.Advance(TimeSpan.FromSeconds(9));
        Assert.False(h.Transport.OutputShutDown.IsCompleted);
        h.Time.Advance(TimeSpan.FromSeconds(2));
        await h.ExpectGoAwayAsync(Http2ErrorCode.SettingsTimeout);
    }

    [Fact]
    public async Task Unacknowledged_SETTINGS_time_out()
    {
        await using SessionHarness h = await SessionHarness.StartServerAsync(handshake: false);
        h.Send(Wire.Concat(Wire.Preface, Wire.Settings()));
        await h.ExpectAsync(WireFrame.Settings);
        h.Time.Advance(TimeSpan.FromSeconds(11));
        await h.ExpectGoAwayAsync(Http2ErrorCode.SettingsTimeout);
    }

    [Fact]
    public async Task An_idle_connection_is_closed_with_GOAWAY_NO_ERROR()
    {
        await using SessionHarness h = await SessionHarness.StartServerAsync(new Ht2SessionOptions { IdleTimeout = TimeSpan.FromSeconds(30) });
        h.Time.Advance(TimeSpan.FromSeconds(29));
        Assert.Empty(await h.SyncAsync());
        h.Time.Advance(TimeSpan.FromSeconds(2));
        await h.ExpectGoAwayAsync(Http2ErrorCode.NoError);
    }

    [Fact]
    public async Task Keep_alive_PING_is_sent_and_a_missing_ACK_closes_the_connection()
    {
        await using SessionHarness h = await SessionHarness.StartServerAsync(new Ht2SessionOptions { KeepAliveInterval = TimeSpan.FromSeconds(5), KeepAliveTimeout = TimeSpan.FromSeconds(3) });
        h.Time.Advance(TimeSpan.FromSeconds(6));
        WireFrame ping = await h.ExpectAsync(WireFrame.Ping);
        Assert.False(ping.Has(Wire.Ack));
        h.Time.Advance(TimeSpan.FromSeconds(4));
        await h.ExpectGoAwayAsync(Http2ErrorCode.InternalError);
    }

    [Fact]
    public async Task Graceful_shutdown_finishes_in_flight_streams_then_closes()
    {
        Ht2Stream? pending = null;
        await using SessionHarness h = await SessionHarness.StartServerAsync(setup: handler => handler.Request = (stream, ended) => pending = stream);
        h.Send(Wire.Headers(1, Wire.GetBlock, endStream: true));
        await h.SyncAsync();
        h.Session.Shutdown();
        WireFrame goAway = await h.ExpectAsync(WireFrame.GoAway);
        Assert.Equal((uint)Http2ErrorCode.NoError, goAway.ErrorCode);
        Assert.Equal(1u, goAway.GoAwayLastStreamId);

        // A stream above the last id is ignored; the one in flight still completes.
        h.Send(Wire.Headers(3, Wire.GetBlock, endStream: true));
        pending!.SendHeaderBlock(Wire.Status200Block, endStream: true);
        WireFrame response = await h.ExpectAsync(WireFrame.Headers);
        Assert.Equal(1u, response.StreamId);
        await h.Transport.OutputShutDown.Within(TimeSpan.FromSeconds(10));
        Assert.DoesNotContain("request 3 end=True", h.Handler.Events);
        h.Transport.SendEndOfStream();
        await h.Session.Completion.Within(TimeSpan.FromSeconds(10));
    }
}
