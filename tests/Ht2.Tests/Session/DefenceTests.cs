using System;
using System.Threading.Tasks;

namespace Ht2.Tests.Session;

/// <summary>Each flood defence trips with GOAWAY ENHANCE_YOUR_CALM and a closed connection.</summary>
public sealed class DefenceTests
{
    [Fact]
    public async Task Rapid_reset_trips_the_received_reset_limit()
    {
        await using SessionHarness h = await SessionHarness.StartServerAsync(new Ht2SessionOptions { ReceivedResets = new RateLimit(10, 0) });
        for (uint id = 1; id <= 23; id += 2)
        {
            h.Send(Wire.Concat(Wire.Headers(id, Wire.PostBlock, endStream: false), Wire.RstStream(id, (uint)Http2ErrorCode.Cancel)));
        }

        await h.ExpectGoAwayAsync(Http2ErrorCode.EnhanceYourCalm);
    }

    [Fact]
    public async Task Streams_reset_for_errors_trip_the_local_reset_limit()
    {
        await using SessionHarness h = await SessionHarness.StartServerAsync(new Ht2SessionOptions { LocalResets = new RateLimit(5, 0) });

        // Each WINDOW_UPDATE of 0 on a stream is a stream error we answer with RST_STREAM (MadeYouReset).
        for (uint id = 1; id <= 13; id += 2)
        {
            h.Send(Wire.Concat(Wire.Headers(id, Wire.PostBlock, endStream: false), Wire.WindowUpdate(id, 0)));
        }

        await h.ExpectGoAwayAsync(Http2ErrorCode.EnhanceYourCalm);
    }

    [Fact]
    public async Task Stream_errors_over_the_connection_life_are_capped()
    {
        await using SessionHarness h = await SessionHarness.StartServerAsync(new Ht2SessionOptions { MaxStreamErrors = 3, LocalResets = RateLimit.Unlimited });
        for (uint id = 1; id <= 9; id += 2)
        {
            h.Send(Wire.PriorityFrame(id, id));
        }

        await h.ExpectGoAwayAsync(Http2ErrorCode.EnhanceYourCalm);
    }

    [Fact]
    public async Task PING_flood_trips_the_ping_limit()
    {
        await using SessionHarness h = await SessionHarness.StartServerAsync(new Ht2SessionOptions { PingFrames = new RateLimit(5, 0) });
        for (int i = 0; i < 7; i++)
        {
            h.Send(Wire.Ping((ulong)i));
        }

        await h.ExpectGoAwayAsync(Http2ErrorCode.EnhanceYourCalm);
    }

    [Fact]
    public async Task SETTINGS_flood_trips_the_settings_limit()
    {
        await using SessionHarness h = await SessionHarness.StartServerAsync(new Ht2SessionOptions { SettingsFrames = new RateLimit(3, 0) });
        for (int i = 0; i < 5; i++)
        {
            h.Send(Wire.Settings());
        }

        await h.ExpectGoAwayAsync(Http2ErrorCode.EnhanceYourCalm);
    }

    [Fact]
    public async Task Too_many_SETTINGS_entries_in_one_frame_trip()
    {
        await using SessionHarness h = await SessionHarness.StartServerAsync(new Ht2SessionOptions { MaxSettingsEntries = 2 });
        h.Send(Wire.Settings((1, 4096), (3, 10), (4, 1000)));
        await h.ExpectGoAwayAsync(Http2ErrorCode.EnhanceYourCalm);
    }

    [Fact]
    public async Task Empty_DATA_flood_trips_the_empty_frame_limit()
    {
        await using SessionHarness h = await SessionHarness.StartServerAsync(new Ht2SessionOptions { EmptyFrames = new RateLimit(4, 0) });
        h.Send(Wire.Headers(1, Wire.PostBlock, endStream: false));
        for (int i = 0; i < 6; i++)
        {
            h.Send(Wire.Data(1, 0, endStream: false));
        }

        await h.ExpectGoAwayAsync(Http2ErrorCode.EnhanceYourCalm);
    }

    [Fact]
    public async Task Empty_CONTINUATION_flood_trips_the_empty_frame_limit()
    {
        await using SessionHarness h = await SessionHarness.StartServerAsync(new Ht2SessionOptions { EmptyFrames = new RateLimit(2, 0), MaxContinuationFrames = 100 });
        h.Send(Wire.Frame(WireFrame.Headers, Wire.EndStream, 1, Wire.GetBlock));
        for (int i = 0; i < 4; i++)
        {
            h.Send(Wire.Frame(WireFrame.Continuation, 0, 1));
        }

        await h.ExpectGoAwayAsync(Http2ErrorCode.EnhanceYourCalm);
    }

    [Fact]
    public async Task CONTINUATION_frames_beyond_the_cap_trip()
    {
        await using SessionHarness h = await SessionHarness.StartServerAsync(new Ht2SessionOptions { MaxContinuationFrames = 2 });
        h.Send(Wire.Frame(WireFrame.Headers, Wire.EndStream, 1, Wire.GetBlock));
        for (int i = 0; i < 3; i++)
        {
            h.Send(Wire.Frame(WireFrame.Continuation, 0, 1, 0x84));
        }

        await h.ExpectGoAwayAsync(Http2ErrorCode.EnhanceYourCalm);
    }

    [Fact]
    public async Task PRIORITY_flood_trips_the_priority_limit()
    {
        await using SessionHarness h = await SessionHarness.StartServerAsync(new Ht2SessionOptions { PriorityFrames = new RateLimit(5, 0) });
        for (uint i = 0; i < 7; i++)
        {
            h.Send(Wire.PriorityFrame(1 + (2 * i), 0));
        }

        await h.ExpectGoAwayAsync(Http2ErrorCode.EnhanceYourCalm);
    }

    [Fact]
    public async Task WINDOW_UPDATE_flood_trips_the_window_update_limit()
    {
        await using SessionHarness h = await SessionHarness.StartServerAsync(new Ht2SessionOptions { WindowUpdateFrames = new RateLimit(5, 0) });
        for (int i = 0; i < 7; i++)
        {
            h.Send(Wire.WindowUpdate(0, 1));
        }

        await h.ExpectGoAwayAsync(Http2ErrorCode.EnhanceYourCalm);
    }

    [Fact]
    public async Task Limits_refill_with_time()
    {
        await using SessionHarness h = await SessionHarness.StartServerAsync(new Ht2SessionOptions { PingFrames = new RateLimit(2, 1) });
        for (int i = 0; i < 6; i++)
        {
            h.Send(Wire.Ping((ulong)i));
            h.Time.Advance(TimeSpan.FromSeconds(1));
        }

        Assert.DoesNotContain(await h.SyncAsync(), f => f.Type == WireFrame.GoAway);
    }

    [Fact]
    public async Task A_peer_that_does_not_read_trips_the_control_frame_backlog_and_is_dropped_after_the_write_stall()
    {
        TaskCompletionSource never = new();
        await using SessionHarness h = await SessionHarness.StartServerAsync(new Ht2SessionOptions { MaxQueuedControlFrames = 10, PingFrames = RateLimit.Unlimited });
        h.Transport.FlushGate = never.Task;
        h.Send(Wire.Ping(1));
        for (int i = 0; i < 20; i++)
        {
            h.Send(Wire.Ping((ulong)i));
        }

        Assert.Equal(Http2ErrorCode.EnhanceYourCalm, h.Session.CloseReason);
        h.Time.Advance(TimeSpan.FromSeconds(31));
        await h.Transport.Closed.Within(TimeSpan.FromSeconds(10));
        await h.Session.Completion.Within(TimeSpan.FromSeconds(10));
    }
}
