using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Ht2.Testing;

namespace Ht2.Tests.Session;

/// <summary>
/// A connection ends once (RFC 9113 §6.8): a second graceful shutdown, or an abort from a handler told of the
/// streams a connection error closes, adds no second GOAWAY; and an abort or a timer that ends the connection
/// fails the waiting sends before it returns, even while the writer is held by a write the peer does not read.
/// </summary>
public sealed class ConnectionEndOnceTests
{
    private static readonly TimeSpan Bound = TimeSpan.FromSeconds(10);

    [Fact]
    public async Task A_second_shutdown_while_a_stream_runs_sends_no_second_GOAWAY()
    {
        await using SessionHarness h = await SessionHarness.StartServerAsync();
        h.Send(Wire.Headers(1, Wire.PostBlock, endStream: false));
        await h.SyncAsync();

        h.Session.Shutdown();
        h.Session.Shutdown();
        List<WireFrame> frames = await h.SyncAsync();
        WireFrame goAway = Assert.Single(frames, f => f.Type == WireFrame.GoAway);
        Assert.Equal((uint)Http2ErrorCode.NoError, goAway.ErrorCode);
        Assert.Equal(1u, goAway.GoAwayLastStreamId);
        Assert.False(h.Transport.OutputShutDown.IsCompleted);
    }

    [Fact]
    public async Task An_abort_from_a_handler_told_of_a_connection_errors_resets_sends_no_second_GOAWAY()
    {
        await using SessionHarness h = await SessionHarness.StartServerAsync(setup: handler => handler.Reset = stream => { });
        h.Send(Wire.Concat(Wire.Headers(1, Wire.PostBlock, endStream: false), Wire.Headers(3, Wire.PostBlock, endStream: false)));
        await h.SyncAsync();

        // WINDOW_UPDATE with an increment of 0 on the connection: a connection error PROTOCOL_ERROR (RFC 9113 §6.9).
        h.Handler.Reset = stream => h.Session.Abort(Http2ErrorCode.InternalError);
        h.Send(Wire.WindowUpdate(0, 0));

        List<WireFrame> rest = await h.ReadRestAsync();
        WireFrame goAway = Assert.Single(rest, f => f.Type == WireFrame.GoAway);
        Assert.Equal((uint)Http2ErrorCode.ProtocolError, goAway.ErrorCode);
        Assert.Equal(3u, goAway.GoAwayLastStreamId);
        Assert.Equal(Http2ErrorCode.ProtocolError, h.Session.CloseReason);
    }

    private static async Task ExpectClosedAsync(ValueTask send, Http2ErrorCode code)
    {
        Ht2StreamClosedException closed = await Assert.ThrowsAsync<Ht2StreamClosedException>(() => send.AsTask().Within(Bound));
        Assert.Equal(1u, closed.StreamId);
        Assert.Equal(code, closed.ErrorCode);
    }

    [Fact]
    public async Task An_abort_fails_a_waiting_send_before_it_returns_while_a_write_is_held()
    {
        (SessionHarness h, _, ValueTask send, TaskCompletionSource gate) = await HeldWriter.StartAsync();
        await using (h)
        {
            h.Session.Abort(Http2ErrorCode.InternalError);
            Assert.True(send.IsCompleted);
            await ExpectClosedAsync(send, Http2ErrorCode.InternalError);

            gate.SetResult();
            WireFrame goAway = await h.ExpectAsync(WireFrame.GoAway);
            Assert.Equal((uint)Http2ErrorCode.InternalError, goAway.ErrorCode);
        }
    }

    [Fact]
    public async Task A_shutdown_timing_out_fails_a_waiting_send_within_the_timer_call_while_a_write_is_held()
    {
        Ht2SessionOptions options = new() { ShutdownTimeout = TimeSpan.FromSeconds(1), WriteStallTimeout = Timeout.InfiniteTimeSpan };
        (SessionHarness h, _, ValueTask send, TaskCompletionSource gate) = await HeldWriter.StartAsync(options);
        await using (h)
        {
            h.Session.Shutdown();
            h.Time.Advance(TimeSpan.FromSeconds(1));
            Assert.True(send.IsCompleted);
            await ExpectClosedAsync(send, Http2ErrorCode.NoError);

            gate.SetResult();
            List<WireFrame> goAways = (await h.ReadRestAsync()).FindAll(f => f.Type == WireFrame.GoAway);
            Assert.Equal([(uint)Http2ErrorCode.NoError, (uint)Http2ErrorCode.NoError], goAways.Select(f => f.ErrorCode));
            Assert.Equal("Graceful shutdown timed out.", goAways[1].GoAwayDebugText);
        }
    }
}
