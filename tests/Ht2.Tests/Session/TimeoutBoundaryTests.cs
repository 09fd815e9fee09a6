using System;
using System.Threading;
using System.Threading.Tasks;

namespace Ht2.Tests.Session;

/// <summary>
/// Every session deadline at its boundary on the fake clock: one timer period (250 ms) before it nothing happens,
/// at it the reaction is there at once (the timer runs on the thread that advances the clock). Infinite timeouts
/// never fire. No sleeps.
/// </summary>
public sealed class TimeoutBoundaryTests
{
    private static readonly TimeSpan Tick = TimeSpan.FromMilliseconds(250);

    public static TheoryData<TimeSpan> Forever => new() { Timeout.InfiniteTimeSpan, TimeSpan.MaxValue };

    [Fact]
    public async Task The_handshake_deadline_falls_exactly_at_the_timeout()
    {
        await using SessionHarness h = await SessionHarness.StartServerAsync(new Ht2SessionOptions { HandshakeTimeout = TimeSpan.FromSeconds(4), SettingsAckTimeout = Timeout.InfiniteTimeSpan }, handshake: false);
        h.Time.Advance(TimeSpan.FromSeconds(4) - Tick);
        Assert.Null(h.Session.CloseReason);
        h.Time.Advance(Tick);
        Assert.Equal(Http2ErrorCode.SettingsTimeout, h.Session.CloseReason);
        WireFrame goAway = await h.ExpectGoAwayAsync(Http2ErrorCode.SettingsTimeout);
        Assert.Equal(0u, goAway.GoAwayLastStreamId);
        Assert.Equal("No connection preface and SETTINGS in time.", System.Text.Encoding.UTF8.GetString(goAway.Payload.AsSpan(8)));
    }

    [Fact]
    public async Task The_first_SETTINGS_stops_the_handshake_deadline()
    {
        await using SessionHarness h = await SessionHarness.StartServerAsync(new Ht2SessionOptions { HandshakeTimeout = TimeSpan.FromSeconds(4) });
        h.Time.Advance(TimeSpan.FromSeconds(30));
        Assert.Null(h.Session.CloseReason);
        Assert.Empty(await h.SyncAsync());
    }

    [Theory]
    [MemberData(nameof(Forever))]
    public async Task An_infinite_handshake_and_SETTINGS_ACK_timeout_never_fire(TimeSpan forever)
    {
        await using SessionHarness h = await SessionHarness.StartServerAsync(new Ht2SessionOptions { HandshakeTimeout = forever, SettingsAckTimeout = forever, IdleTimeout = TimeSpan.FromSeconds(1000) }, handshake: false);
        h.Time.Advance(TimeSpan.FromSeconds(100));
        Assert.Null(h.Session.CloseReason);
        h.Send(Wire.Concat(Wire.Preface, Wire.Settings()));
        await h.ExpectAsync(WireFrame.Settings);
        h.Time.Advance(TimeSpan.FromSeconds(100));
        Assert.Null(h.Session.CloseReason);
    }

    [Fact]
    public async Task The_SETTINGS_ACK_deadline_falls_exactly_at_the_timeout()
    {
        await using SessionHarness h = await SessionHarness.StartServerAsync(new Ht2SessionOptions { SettingsAckTimeout = TimeSpan.FromSeconds(3), HandshakeTimeout = TimeSpan.FromSeconds(60) }, handshake: false);
        h.Send(Wire.Concat(Wire.Preface, Wire.Settings()));
        await h.ExpectAsync(WireFrame.Settings);
        h.Time.Advance(TimeSpan.FromSeconds(3) - Tick);
        Assert.Null(h.Session.CloseReason);
        h.Time.Advance(Tick);
        WireFrame goAway = await h.ExpectGoAwayAsync(Http2ErrorCode.SettingsTimeout);
        Assert.Equal("Our SETTINGS were not acknowledged in time (RFC 9113 §6.5.3).", System.Text.Encoding.UTF8.GetString(goAway.Payload.AsSpan(8)));
    }

    [Fact]
    public async Task An_ACK_in_time_clears_the_SETTINGS_deadline_and_a_second_ACK_changes_nothing()
    {
        await using SessionHarness h = await SessionHarness.StartServerAsync(new Ht2SessionOptions { SettingsAckTimeout = TimeSpan.FromSeconds(3) }, handshake: false);
        h.Send(Wire.Concat(Wire.Preface, Wire.Settings()));
        await h.ExpectAsync(WireFrame.Settings);
        h.Time.Advance(TimeSpan.FromSeconds(3) - Tick);
        h.Send(Wire.Concat(Wire.SettingsAck, Wire.SettingsAck));
        Assert.DoesNotContain(await h.SyncAsync(), f => f.Type == WireFrame.GoAway);
        h.Time.Advance(TimeSpan.FromSeconds(10));
        Assert.Null(h.Session.CloseReason);
    }

    [Fact]
    public async Task The_idle_deadline_falls_exactly_at_the_timeout()
    {
        await using SessionHarness h = await SessionHarness.StartServerAsync(new Ht2SessionOptions { IdleTimeout = TimeSpan.FromSeconds(30) });
        h.Time.Advance(TimeSpan.FromSeconds(30) - Tick);
        Assert.Null(h.Session.CloseReason);
        h.Time.Advance(Tick);
        Assert.Equal(Http2ErrorCode.NoError, h.Session.CloseReason);
        await h.ExpectGoAwayAsync(Http2ErrorCode.NoError);
    }

    [Fact]
    public async Task The_idle_time_counts_from_the_last_stream_closing_and_not_while_one_is_open()
    {
        Ht2Stream? open = null;
        await using SessionHarness h = await SessionHarness.StartServerAsync(
            new Ht2SessionOptions { IdleTimeout = TimeSpan.FromSeconds(10) },
            setup: handler => handler.Request = (stream, ended) => open = stream);
        h.Time.Advance(TimeSpan.FromSeconds(5));
        h.Send(Wire.Headers(1, Wire.GetBlock, endStream: true));
        await h.SyncAsync();

        // A stream is open: no idle close however long it takes.
        h.Time.Advance(TimeSpan.FromSeconds(20));
        Assert.Null(h.Session.CloseReason);
        open!.SendHeaderBlock(Wire.Status200Block, endStream: true);
        await h.ExpectAsync(WireFrame.Headers);
        Assert.Equal(0, h.Session.ActiveStreamCount);

        // The idle time starts again when the last stream leaves (t = 25 s).
        h.Time.Advance(TimeSpan.FromSeconds(10) - Tick);
        Assert.Null(h.Session.CloseReason);
        h.Time.Advance(Tick);
        WireFrame goAway = await h.ExpectGoAwayAsync(Http2ErrorCode.NoError);
        Assert.Equal(1u, goAway.GoAwayLastStreamId);
    }

    [Theory]
    [MemberData(nameof(Forever))]
    public async Task An_infinite_idle_timeout_never_closes(TimeSpan forever)
    {
        await using SessionHarness h = await SessionHarness.StartServerAsync(new Ht2SessionOptions { IdleTimeout = forever });
        h.Time.Advance(TimeSpan.FromSeconds(500));
        Assert.Null(h.Session.CloseReason);
        Assert.Empty(await h.SyncAsync());
    }

    [Fact]
    public async Task Keep_alive_PING_goes_out_exactly_at_the_interval_and_its_timeout_falls_exactly_at_the_timeout()
    {
        await using SessionHarness h = await SessionHarness.StartServerAsync(new Ht2SessionOptions { KeepAliveInterval = TimeSpan.FromSeconds(5), KeepAliveTimeout = TimeSpan.FromSeconds(2) });
        h.Time.Advance(TimeSpan.FromSeconds(5) - Tick);
        Assert.Empty(await h.SyncAsync());

        // The PING of the sync above was received at t = 4.75 s: the interval counts from there.
        h.Time.Advance(TimeSpan.FromSeconds(5) - Tick);
        Assert.Empty(await h.SyncAsync(2));
        h.Time.Advance(TimeSpan.FromSeconds(5));
        WireFrame ping = await h.ExpectAsync(WireFrame.Ping);
        Assert.False(ping.Has(Wire.Ack));
        Assert.Equal(8, ping.Length);
        Assert.Equal(0u, ping.StreamId);

        h.Time.Advance(TimeSpan.FromSeconds(2) - Tick);
        Assert.Null(h.Session.CloseReason);
        h.Time.Advance(Tick);
        WireFrame goAway = await h.ExpectGoAwayAsync(Http2ErrorCode.InternalError);
        Assert.Equal("The keep-alive PING was not acknowledged in time.", System.Text.Encoding.UTF8.GetString(goAway.Payload.AsSpan(8)));
    }

    [Fact]
    public async Task The_keep_alive_ACK_clears_the_timeout_but_an_ACK_with_other_data_does_not()
    {
        await using SessionHarness h = await SessionHarness.StartServerAsync(new Ht2SessionOptions { KeepAliveInterval = TimeSpan.FromSeconds(5), KeepAliveTimeout = TimeSpan.FromSeconds(2) });
        h.Time.Advance(TimeSpan.FromSeconds(5));
        WireFrame ping = await h.ExpectAsync(WireFrame.Ping);
        h.Send(Wire.Frame(WireFrame.Ping, Wire.Ack, 0, ping.Payload));
        Assert.Empty(await h.SyncAsync());
        Assert.Contains("ping 5220853167434330177 ack=True", h.Handler.Events);
        h.Time.Advance(TimeSpan.FromSeconds(3));
        Assert.Null(h.Session.CloseReason);

        // The next keep-alive goes out; an ACK that carries other data is not its answer.
        h.Time.Advance(TimeSpan.FromSeconds(3));
        WireFrame second = await h.ExpectAsync(WireFrame.Ping);
        Assert.Equal(ping.Payload, second.Payload);
        h.Send(Wire.Ping(1, ack: true));
        h.Time.Advance(TimeSpan.FromSeconds(2));
        await h.ExpectGoAwayAsync(Http2ErrorCode.InternalError);
    }

    [Fact]
    public async Task The_write_stall_deadline_falls_exactly_at_the_timeout()
    {
        TaskCompletionSource never = new();
        await using SessionHarness h = await SessionHarness.StartServerAsync(new Ht2SessionOptions { WriteStallTimeout = TimeSpan.FromSeconds(3) });
        h.Transport.FlushGate = never.Task;
        h.Send(Wire.Ping(7));
        h.Time.Advance(TimeSpan.FromSeconds(3) - Tick);
        Assert.False(h.Transport.IsClosed);
        h.Time.Advance(Tick);
        Assert.True(h.Transport.IsClosed);
        Assert.Equal(Http2ErrorCode.EnhanceYourCalm, h.Session.CloseReason);
        await h.Session.Completion.Within(TimeSpan.FromSeconds(10));
    }

    [Fact]
    public async Task A_send_caught_in_a_stalled_write_fails_when_the_stall_drops_the_connection()
    {
        TaskCompletionSource never = new();
        Ht2Stream? request = null;
        await using SessionHarness h = await SessionHarness.StartServerAsync(
            new Ht2SessionOptions { WriteStallTimeout = TimeSpan.FromSeconds(3) },
            setup: handler => handler.Request = (stream, ended) => request = stream);
        h.Send(Wire.Headers(1, Wire.GetBlock, endStream: true));
        await h.SyncAsync();
        h.Transport.FlushGate = never.Task;
        request!.SendHeaderBlock(Wire.Status200Block, endStream: false);
        Task sent = request.SendDataAsync(new byte[10], endStream: true).AsTask();
        h.Time.Advance(TimeSpan.FromSeconds(3));
        Assert.True(h.Transport.IsClosed);
        await Assert.ThrowsAsync<Ht2StreamClosedException>(() => sent.Within(TimeSpan.FromSeconds(10)));
        await h.Session.Completion.Within(TimeSpan.FromSeconds(10));
    }

    [Fact]
    public async Task The_graceful_shutdown_deadline_falls_exactly_at_the_timeout()
    {
        await using SessionHarness h = await SessionHarness.StartServerAsync(new Ht2SessionOptions { ShutdownTimeout = TimeSpan.FromSeconds(3) });
        h.Send(Wire.Headers(1, Wire.GetBlock, endStream: true));
        await h.SyncAsync();
        h.Session.Shutdown();
        await h.ExpectAsync(WireFrame.GoAway);
        h.Time.Advance(TimeSpan.FromSeconds(3) - Tick);
        Assert.Null(h.Session.CloseReason);
        h.Time.Advance(Tick);
        Assert.Equal(Http2ErrorCode.NoError, h.Session.CloseReason);
        WireFrame goAway = await h.ExpectGoAwayAsync(Http2ErrorCode.NoError);
        Assert.Equal("Graceful shutdown timed out.", System.Text.Encoding.UTF8.GetString(goAway.Payload.AsSpan(8)));
    }

    [Fact]
    public async Task After_the_final_GOAWAY_the_linger_ends_exactly_at_its_time()
    {
        await using SessionHarness h = await SessionHarness.StartServerAsync(new Ht2SessionOptions { CloseLinger = TimeSpan.FromSeconds(2) });
        h.Session.Abort(Http2ErrorCode.NoError);
        await h.ExpectAsync(WireFrame.GoAway);
        await h.Transport.OutputShutDown.Within(TimeSpan.FromSeconds(10));
        h.Time.Advance(TimeSpan.FromSeconds(2) - Tick);
        Assert.False(h.Transport.IsClosed);
        h.Time.Advance(Tick);
        Assert.True(h.Transport.IsClosed);
        await h.Session.Completion.Within(TimeSpan.FromSeconds(10));
    }
}
