using System;
using System.Linq;
using System.Threading.Tasks;

namespace Ht2.Tests.Session;

/// <summary>
/// The GOAWAY debug data names the connection error it ends (RFC 9113 §6.8: opaque diagnostic data), one text per
/// cause, and nothing the peer sent after the error in the same read is acted on.
/// </summary>
public sealed class ConnectionErrorReasonTests
{
    [Fact]
    public async Task PUSH_PROMISE_to_a_client()
    {
        await using SessionHarness h = await SessionHarness.StartClientAsync();
        h.Session.OpenStream(Wire.GetFields, endStream: true);
        h.Send(Wire.Frame(WireFrame.PushPromise, Wire.EndHeaders, 1, [.. Wire.Be32(2), .. Wire.GetBlock]));
        WireFrame goAway = await h.ExpectGoAwayAsync(Http2ErrorCode.ProtocolError);
        Assert.Equal("PUSH_PROMISE received while push is disabled.", goAway.GoAwayDebugText);
    }

    [Fact]
    public async Task RST_STREAM_on_an_idle_stream()
    {
        await using SessionHarness h = await SessionHarness.StartServerAsync();
        h.Send(Wire.RstStream(1, (uint)Http2ErrorCode.Cancel));
        WireFrame goAway = await h.ExpectGoAwayAsync(Http2ErrorCode.ProtocolError);
        Assert.Equal("RST_STREAM on an idle stream (RFC 9113 §5.1).", goAway.GoAwayDebugText);
        Assert.DoesNotContain(h.Handler.Events, e => e.StartsWith("reset", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_PRIORITY_flood()
    {
        await using SessionHarness h = await SessionHarness.StartServerAsync(new Ht2SessionOptions { PriorityFrames = new RateLimit(1, 0) });
        h.Send(Wire.Concat(Wire.PriorityFrame(1, 0), Wire.PriorityFrame(3, 0)));
        WireFrame goAway = await h.ExpectGoAwayAsync(Http2ErrorCode.EnhanceYourCalm);
        Assert.Equal("Too many PRIORITY frames.", goAway.GoAwayDebugText);
    }

    [Fact]
    public async Task A_PING_flood()
    {
        await using SessionHarness h = await SessionHarness.StartServerAsync(new Ht2SessionOptions { PingFrames = new RateLimit(1, 0) });
        h.Send(Wire.Concat(Wire.Ping(1), Wire.Ping(2)));
        Assert.Equal(Wire.Be32(0).Concat(Wire.Be32(1)), (await h.ExpectAsync(WireFrame.Ping)).Payload);
        WireFrame goAway = await h.ExpectGoAwayAsync(Http2ErrorCode.EnhanceYourCalm);
        Assert.Equal("Too many PING frames.", goAway.GoAwayDebugText);
    }

    [Fact]
    public async Task A_rapid_reset_flood()
    {
        await using SessionHarness h = await SessionHarness.StartServerAsync(new Ht2SessionOptions { ReceivedResets = new RateLimit(1, 0) });
        h.Send(Wire.Concat(Wire.Headers(1, Wire.GetBlock, endStream: false), Wire.Headers(3, Wire.GetBlock, endStream: false)));
        h.Send(Wire.Concat(Wire.RstStream(1, (uint)Http2ErrorCode.Cancel), Wire.RstStream(3, (uint)Http2ErrorCode.Cancel)));
        WireFrame goAway = await h.ExpectGoAwayAsync(Http2ErrorCode.EnhanceYourCalm);
        Assert.Equal("Too many RST_STREAM frames (rapid reset).", goAway.GoAwayDebugText);
        Assert.Contains("reset 1 Cancel", h.Handler.Events);
        Assert.DoesNotContain("reset 3 Cancel", h.Handler.Events);
    }

    [Fact]
    public async Task Frames_after_a_connection_error_in_the_same_read_are_not_acted_on()
    {
        await using SessionHarness h = await SessionHarness.StartServerAsync();

        // WINDOW_UPDATE on stream 2 (idle: servers never receive frames on even streams first), then a PING ACK.
        h.Send(Wire.Concat(Wire.WindowUpdate(2, 1), Wire.Ping(7, ack: true)));
        await h.ExpectGoAwayAsync(Http2ErrorCode.ProtocolError);
        Assert.DoesNotContain(h.Handler.Events, e => e.StartsWith("ping", StringComparison.Ordinal));
    }
}
