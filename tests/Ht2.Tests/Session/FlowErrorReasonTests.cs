using System;
using System.Threading.Tasks;

namespace Ht2.Tests.Session;

/// <summary>
/// The GOAWAY debug data of the flow-control and stream-state connection errors (RFC 9113 §6.8): one text per
/// cause, naming the rule; and the message of the exception a server gets for opening a stream.
/// </summary>
public sealed class FlowErrorReasonTests
{
    [Fact]
    public async Task DATA_beyond_the_connection_window()
    {
        Ht2SessionOptions options = new() { Windows = new Ht2WindowPolicy { StreamWindowSize = 1 << 20, ConnectionWindowSize = 65_535 }, ConsumeDataOnReceive = false };
        await using SessionHarness h = await SessionHarness.StartServerAsync(options);
        h.Send(Wire.Concat(Wire.Headers(1, Wire.PostBlock, endStream: false), Wire.Headers(3, Wire.PostBlock, endStream: false)));

        // 4 x 16,384 = 65,536: the last frame is one byte beyond the connection window; the PING after it is not answered.
        h.Send(Wire.Concat(Wire.Data(1, 16_384, false), Wire.Data(1, 16_384, false), Wire.Data(3, 16_384, false), Wire.Data(3, 16_384, false), Wire.Ping(9)));
        WireFrame goAway = await h.ExpectGoAwayAsync(Http2ErrorCode.FlowControlError);
        Assert.Equal("DATA beyond the connection receive window.", goAway.GoAwayDebugText);
        Assert.DoesNotContain(h.Handler.Events, e => e.StartsWith("ping", StringComparison.Ordinal));
    }

    [Fact]
    public async Task DATA_on_an_idle_stream()
    {
        await using SessionHarness h = await SessionHarness.StartServerAsync();
        h.Send(Wire.Data(1, 3, endStream: false));
        WireFrame goAway = await h.ExpectGoAwayAsync(Http2ErrorCode.ProtocolError);
        Assert.Equal("DATA on an idle stream (RFC 9113 §5.1).", goAway.GoAwayDebugText);
    }

    [Fact]
    public async Task An_empty_DATA_flood()
    {
        await using SessionHarness h = await SessionHarness.StartServerAsync(new Ht2SessionOptions { EmptyFrames = new RateLimit(1, 0) });
        h.Send(Wire.Headers(1, Wire.PostBlock, endStream: false));
        h.Send(Wire.Concat(Wire.Data(1, 0, endStream: false), Wire.Data(1, 0, endStream: false)));
        WireFrame goAway = await h.ExpectGoAwayAsync(Http2ErrorCode.EnhanceYourCalm);
        Assert.Equal("Too many empty DATA frames.", goAway.GoAwayDebugText);
    }

    [Fact]
    public async Task A_WINDOW_UPDATE_flood()
    {
        await using SessionHarness h = await SessionHarness.StartServerAsync(new Ht2SessionOptions { WindowUpdateFrames = new RateLimit(1, 0) });
        h.Send(Wire.Concat(Wire.WindowUpdate(0, 1), Wire.WindowUpdate(0, 1)));
        WireFrame goAway = await h.ExpectGoAwayAsync(Http2ErrorCode.EnhanceYourCalm);
        Assert.Equal("Too many WINDOW_UPDATE frames.", goAway.GoAwayDebugText);
    }

    [Fact]
    public async Task WINDOW_UPDATE_on_an_idle_stream()
    {
        await using SessionHarness h = await SessionHarness.StartServerAsync();
        h.Send(Wire.WindowUpdate(1, 1));
        WireFrame goAway = await h.ExpectGoAwayAsync(Http2ErrorCode.ProtocolError);
        Assert.Equal("WINDOW_UPDATE on an idle stream (RFC 9113 §5.1).", goAway.GoAwayDebugText);
    }

    [Fact]
    public async Task DATA_on_a_stream_closed_by_END_STREAM()
    {
        await using SessionHarness h = await SessionHarness.StartServerAsync(setup: handler =>
            handler.Request = (stream, ended) => stream.SendHeaderBlock(Wire.Status200Block, endStream: true));
        h.Send(Wire.Headers(1, Wire.GetBlock, endStream: true));
        h.Send(Wire.Data(1, 3, endStream: false));
        WireFrame goAway = await h.ExpectGoAwayAsync(Http2ErrorCode.StreamClosed);
        Assert.Equal("A frame on a stream closed by END_STREAM (RFC 9113 §5.1).", goAway.GoAwayDebugText);
    }

    [Fact]
    public async Task A_server_opening_a_stream()
    {
        await using SessionHarness h = await SessionHarness.StartServerAsync();
        InvalidOperationException e = Assert.Throws<InvalidOperationException>(() => h.Session.OpenStream(Wire.GetFields, endStream: true));
        Assert.Equal("Only a client session opens streams.", e.Message);
    }
}
