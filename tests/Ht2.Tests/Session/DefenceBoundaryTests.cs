using System;
using System.Collections.Generic;
using System.Threading.Tasks;

namespace Ht2.Tests.Session;

/// <summary>
/// Each flood defence at its boundary on both sides: exactly the limit passes (no GOAWAY), one more event is
/// answered with GOAWAY ENHANCE_YOUR_CALM. The PING that <see cref="SessionHarness.SyncAsync"/> sends counts against
/// the PING limit only.
/// </summary>
public sealed class DefenceBoundaryTests
{
    private static async Task<List<WireFrame>> ExpectStillOpenAsync(SessionHarness h)
    {
        List<WireFrame> frames = await h.SyncAsync();
        Assert.DoesNotContain(frames, f => f.Type == WireFrame.GoAway);
        Assert.Null(h.Session.CloseReason);
        return frames;
    }

    [Fact]
    public async Task Received_resets_pass_up_to_the_burst_and_trip_one_above()
    {
        await using SessionHarness h = await SessionHarness.StartServerAsync(new Ht2SessionOptions { ReceivedResets = new RateLimit(3, 0) });
        for (uint id = 1; id <= 5; id += 2)
        {
            h.Send(Wire.Concat(Wire.Headers(id, Wire.PostBlock, endStream: false), Wire.RstStream(id, (uint)Http2ErrorCode.Cancel)));
        }

        await ExpectStillOpenAsync(h);
        Assert.Contains($"reset 5 {Http2ErrorCode.Cancel}", h.Handler.Events);
        h.Send(Wire.Concat(Wire.Headers(7, Wire.PostBlock, endStream: false), Wire.RstStream(7, (uint)Http2ErrorCode.Cancel)));
        WireFrame goAway = await h.ExpectGoAwayAsync(Http2ErrorCode.EnhanceYourCalm);
        Assert.Equal(7u, goAway.GoAwayLastStreamId);
    }

    [Fact]
    public async Task Local_resets_pass_up_to_the_burst_and_trip_one_above()
    {
        await using SessionHarness h = await SessionHarness.StartServerAsync(new Ht2SessionOptions { LocalResets = new RateLimit(3, 0) });

        // A WINDOW_UPDATE of 0 on a stream is a stream PROTOCOL_ERROR (RFC 9113 §6.9).
        for (uint id = 1; id <= 5; id += 2)
        {
            h.Send(Wire.Concat(Wire.Headers(id, Wire.PostBlock, endStream: false), Wire.WindowUpdate(id, 0)));
        }

        List<WireFrame> frames = await ExpectStillOpenAsync(h);
        Assert.Equal(3, frames.FindAll(f => f.Type == WireFrame.RstStream && f.ErrorCode == (uint)Http2ErrorCode.ProtocolError).Count);
        h.Send(Wire.Concat(Wire.Headers(7, Wire.PostBlock, endStream: false), Wire.WindowUpdate(7, 0)));
        WireFrame goAway = await h.ExpectGoAwayAsync(Http2ErrorCode.EnhanceYourCalm);
        Assert.Equal("Too many streams reset for errors (MadeYouReset).", System.Text.Encoding.UTF8.GetString(goAway.Payload.AsSpan(8)));
    }

    [Fact]
    public async Task Stream_errors_pass_up_to_the_cap_and_trip_one_above()
    {
        await using SessionHarness h = await SessionHarness.StartServerAsync(new Ht2SessionOptions { MaxStreamErrors = 3, LocalResets = RateLimit.Unlimited });
        for (uint id = 1; id <= 5; id += 2)
        {
            h.Send(Wire.PriorityFrame(id, id));
        }

        List<WireFrame> frames = await ExpectStillOpenAsync(h);
        Assert.Equal(3, frames.FindAll(f => f.Type == WireFrame.RstStream).Count);
        h.Send(Wire.PriorityFrame(7, 7));
        WireFrame goAway = await h.ExpectGoAwayAsync(Http2ErrorCode.EnhanceYourCalm);
        Assert.Equal("Too many stream errors on this connection.", System.Text.Encoding.UTF8.GetString(goAway.Payload.AsSpan(8)));
    }

    [Fact]
    public async Task PINGs_pass_up_to_the_burst_and_trip_one_above()
    {
        await using SessionHarness h = await SessionHarness.StartServerAsync(new Ht2SessionOptions { PingFrames = new RateLimit(3, 0) });
        h.Send(Wire.Concat(Wire.Ping(1), Wire.Ping(2)));
        await ExpectStillOpenAsync(h);
        Assert.Contains("ping 2 ack=False", h.Handler.Events);
        h.Send(Wire.Ping(4));
        await h.ExpectGoAwayAsync(Http2ErrorCode.EnhanceYourCalm);
    }

    [Fact]
    public async Task SETTINGS_pass_up_to_the_burst_and_trip_one_above()
    {
        // The handshake's SETTINGS took the first token.
        await using SessionHarness h = await SessionHarness.StartServerAsync(new Ht2SessionOptions { SettingsFrames = new RateLimit(3, 0) });
        h.Send(Wire.Concat(Wire.Settings(), Wire.Settings()));
        List<WireFrame> frames = await ExpectStillOpenAsync(h);
        Assert.Equal(2, frames.FindAll(f => f.Type == WireFrame.Settings && f.Has(Wire.Ack)).Count);
        h.Send(Wire.Settings());
        await h.ExpectGoAwayAsync(Http2ErrorCode.EnhanceYourCalm);
    }

    [Fact]
    public async Task SETTINGS_with_exactly_the_most_entries_pass_and_one_more_trips()
    {
        await using SessionHarness h = await SessionHarness.StartServerAsync(new Ht2SessionOptions { MaxSettingsEntries = 2 });
        h.Send(Wire.Settings((1, 4096), (3, 10)));
        await ExpectStillOpenAsync(h);
        Assert.Equal(10u, h.Session.PeerSettings.MaxConcurrentStreams);
        h.Send(Wire.Settings((1, 4096), (3, 11), (4, 1000)));
        await h.ExpectGoAwayAsync(Http2ErrorCode.EnhanceYourCalm);
        Assert.Equal(10u, h.Session.PeerSettings.MaxConcurrentStreams);
    }

    [Fact]
    public async Task Empty_DATA_passes_up_to_the_burst_and_trips_one_above_while_an_empty_END_STREAM_is_free()
    {
        await using SessionHarness h = await SessionHarness.StartServerAsync(new Ht2SessionOptions { EmptyFrames = new RateLimit(3, 0) });
        h.Send(Wire.Headers(1, Wire.PostBlock, endStream: false));
        h.Send(Wire.Headers(3, Wire.PostBlock, endStream: false));
        h.Send(Wire.Concat(Wire.Data(1, 0, endStream: false), Wire.Data(1, 0, endStream: false), Wire.Data(1, 0, endStream: false)));

        // Ending a stream with an empty DATA frame is legitimate and takes no token.
        h.Send(Wire.Data(3, 0, endStream: true));
        await ExpectStillOpenAsync(h);
        Assert.Contains("data 3 0 end=True", h.Handler.Events);
        Assert.Equal(3, h.Handler.Events.FindAll(e => e == "data 1 0 end=False").Count);
        h.Send(Wire.Data(1, 0, endStream: false));
        await h.ExpectGoAwayAsync(Http2ErrorCode.EnhanceYourCalm);
        Assert.Equal(3, h.Handler.Events.FindAll(e => e == "data 1 0 end=False").Count);
    }

    [Fact]
    public async Task Empty_CONTINUATION_passes_up_to_the_burst_and_an_empty_last_one_is_free()
    {
        await using SessionHarness h = await SessionHarness.StartServerAsync(new Ht2SessionOptions { EmptyFrames = new RateLimit(2, 0), MaxContinuationFrames = 100 });
        h.Send(Wire.Frame(WireFrame.Headers, Wire.EndStream, 1, Wire.GetBlock));
        h.Send(Wire.Concat(Wire.Frame(WireFrame.Continuation, 0, 1), Wire.Frame(WireFrame.Continuation, 0, 1)));
        h.Send(Wire.Frame(WireFrame.Continuation, Wire.EndHeaders, 1));
        await ExpectStillOpenAsync(h);
        Assert.Contains("request 1 end=True", h.Handler.Events);

        h.Send(Wire.Frame(WireFrame.Headers, Wire.EndStream, 3, Wire.GetBlock));
        h.Send(Wire.Frame(WireFrame.Continuation, 0, 3));
        await h.ExpectGoAwayAsync(Http2ErrorCode.EnhanceYourCalm);
        Assert.DoesNotContain("request 3 end=True", h.Handler.Events);
    }

    [Fact]
    public async Task PRIORITY_passes_up_to_the_burst_and_trips_one_above()
    {
        await using SessionHarness h = await SessionHarness.StartServerAsync(new Ht2SessionOptions { PriorityFrames = new RateLimit(3, 0) });
        h.Send(Wire.Concat(Wire.PriorityFrame(1, 0), Wire.PriorityFrame(3, 0), Wire.PriorityFrame(5, 0)));
        Assert.Empty(await ExpectStillOpenAsync(h));
        h.Send(Wire.PriorityFrame(7, 0));
        await h.ExpectGoAwayAsync(Http2ErrorCode.EnhanceYourCalm);
    }

    [Fact]
    public async Task WINDOW_UPDATE_passes_up_to_the_burst_and_trips_one_above()
    {
        await using SessionHarness h = await SessionHarness.StartServerAsync(new Ht2SessionOptions { WindowUpdateFrames = new RateLimit(3, 0) });
        h.Send(Wire.Concat(Wire.WindowUpdate(0, 1), Wire.WindowUpdate(0, 1), Wire.WindowUpdate(0, 1)));
        Assert.Empty(await ExpectStillOpenAsync(h));
        h.Send(Wire.WindowUpdate(0, 1));
        await h.ExpectGoAwayAsync(Http2ErrorCode.EnhanceYourCalm);
    }

    [Fact]
    public async Task A_second_refills_PerSecond_tokens_and_an_idle_bucket_holds_no_more_than_its_burst()
    {
        await using SessionHarness h = await SessionHarness.StartServerAsync(new Ht2SessionOptions { PriorityFrames = new RateLimit(2, 1) });
        h.Send(Wire.Concat(Wire.PriorityFrame(1, 0), Wire.PriorityFrame(3, 0)));
        await ExpectStillOpenAsync(h);

        // One second gives back exactly one token.
        h.Time.Advance(TimeSpan.FromSeconds(1));
        h.Send(Wire.PriorityFrame(5, 0));
        await ExpectStillOpenAsync(h);

        // A long quiet spell fills the bucket to its burst, not beyond: two pass, the third trips.
        h.Time.Advance(TimeSpan.FromSeconds(100));
        h.Send(Wire.Concat(Wire.PriorityFrame(7, 0), Wire.PriorityFrame(9, 0)));
        await ExpectStillOpenAsync(h);
        h.Send(Wire.PriorityFrame(11, 0));
        await h.ExpectGoAwayAsync(Http2ErrorCode.EnhanceYourCalm);
    }

    [Fact]
    public async Task A_quarter_second_at_four_per_second_refills_one_token_and_an_eighth_only_half_of_one()
    {
        await using SessionHarness h = await SessionHarness.StartServerAsync(new Ht2SessionOptions { PriorityFrames = new RateLimit(1, 4) });
        h.Send(Wire.PriorityFrame(1, 0));
        await ExpectStillOpenAsync(h);
        h.Time.Advance(TimeSpan.FromMilliseconds(250));
        h.Send(Wire.PriorityFrame(3, 0));
        await ExpectStillOpenAsync(h);
        h.Time.Advance(TimeSpan.FromMilliseconds(125));
        h.Send(Wire.PriorityFrame(5, 0));
        await h.ExpectGoAwayAsync(Http2ErrorCode.EnhanceYourCalm);
    }

    [Fact]
    public async Task An_unlimited_rate_never_trips()
    {
        await using SessionHarness h = await SessionHarness.StartServerAsync(new Ht2SessionOptions { PriorityFrames = RateLimit.Unlimited });
        byte[][] frames = new byte[50][];
        for (int i = 0; i < frames.Length; i++)
        {
            frames[i] = Wire.PriorityFrame((uint)((2 * i) + 1), 0);
        }

        h.Send(Wire.Concat(frames));
        await ExpectStillOpenAsync(h);
    }
}
