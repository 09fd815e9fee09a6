using System;
using System.Threading.Tasks;

namespace Ht2.Tests.Session;

/// <summary>
/// What is queued when the connection closes: nothing is staged after the final GOAWAY, and a send whose frames sit
/// in a batch that never reaches the peer fails instead of waiting for ever.
/// </summary>
public sealed class ClosingQueueTests
{
    private static readonly TimeSpan Bound = TimeSpan.FromSeconds(10);

    [Fact]
    public async Task A_PING_the_handler_sends_while_the_connection_error_closes_its_streams_is_not_written()
    {
        SessionHarness? harness = null;
        await using SessionHarness h = await SessionHarness.StartServerAsync(setup: handler => handler.Reset = stream =>
        {
            harness!.Session.Ping(0x42);
            stream.Release();
        });
        harness = h;
        h.Send(Wire.Headers(1, Wire.PostBlock, endStream: false));
        Assert.Empty(await h.SyncAsync());

        // DATA on stream 0: GOAWAY PROTOCOL_ERROR (RFC 9113 §6.1), and the GOAWAY is the last frame.
        h.Send(Wire.Frame(WireFrame.Data, 0, 0, 1));
        WireFrame goAway = await h.ExpectAsync(WireFrame.GoAway);
        Assert.Equal((uint)Http2ErrorCode.ProtocolError, goAway.ErrorCode);
        Assert.Contains("reset 1 ProtocolError", h.Handler.Events);
        Assert.Empty(await h.ReadRestAsync());
    }

    [Fact]
    public async Task A_send_whose_DATA_is_in_the_stalled_flush_fails_with_CANCEL_when_the_stall_drops_the_connection()
    {
        TaskCompletionSource never = new();
        ValueTask send = default;
        await using SessionHarness h = await SessionHarness.StartServerAsync(
            new Ht2SessionOptions { WriteStallTimeout = TimeSpan.FromSeconds(3) },
            setup: handler => handler.Request = (stream, ended) =>
            {
                stream.SendHeaderBlock(Wire.Status200Block, endStream: false);
                send = stream.SendDataAsync(new byte[10], endStream: true);
            });
        h.Transport.FlushGate = never.Task;

        // The response's HEADERS and its whole DATA go into one batch, whose flush never ends.
        h.Send(Wire.Headers(1, Wire.GetBlock, endStream: true));
        Assert.False(send.IsCompleted);
        h.Time.Advance(TimeSpan.FromSeconds(3));
        Assert.True(h.Transport.IsClosed, "the stalled write did not drop the connection");
        Ht2StreamClosedException failed = await Assert.ThrowsAsync<Ht2StreamClosedException>(() => send.AsTask().Within(Bound));
        Assert.Equal(1u, failed.StreamId);
        Assert.Equal(Http2ErrorCode.Cancel, failed.ErrorCode);
    }
}
