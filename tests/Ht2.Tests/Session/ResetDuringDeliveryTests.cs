using System;
using System.Linq;
using System.Threading.Tasks;

namespace Ht2.Tests.Session;

/// <summary>
/// A stream reset while the session is still working on it: by the handler inside the DATA event that delivers the
/// peer's bytes, by the peer while the stream waits for the writer, or by us while the handler keeps the handle.
/// No frame may follow the reset on that stream, and the credit its bytes took returns on the connection only.
/// </summary>
public sealed class ResetDuringDeliveryTests
{
    private static readonly TimeSpan Bound = TimeSpan.FromSeconds(10);

    /// <summary>Keeps each request's handle and resets the stream (CANCEL) inside the DATA event when asked.</summary>
    private sealed class ResettingHandler(bool reset) : Ht2SessionHandler
    {
        public Ht2Stream? Stream { get; private set; }

        public override void OnRequest(Ht2Stream stream, Ht2Headers headers, bool endStream) => Stream = stream;

        public override void OnData(Ht2Stream stream, ReadOnlySpan<byte> data, bool endStream)
        {
            if (reset)
            {
                stream.Reset(Http2ErrorCode.Cancel);
            }
        }
    }

    [Fact]
    public async Task A_reset_inside_the_DATA_event_that_ends_the_stream_leaves_it_closed()
    {
        ResettingHandler handler = new(reset: true);
        await using SessionHarness h = await SessionHarness.StartServerAsync(handler: handler);
        h.Send(Wire.Headers(1, Wire.PostBlock, endStream: false));
        h.Send(Wire.Data(1, 5, endStream: true));
        await h.ExpectResetAsync(1, Http2ErrorCode.Cancel);
        Assert.Equal(Ht2StreamState.Closed, handler.Stream!.State);
        Assert.Equal(0, h.Session.ActiveStreamCount);

        // A late frame on the stream we reset is ignored (RFC 9113 §5.4.2).
        h.Send(Wire.Data(1, 5, endStream: false));
        Assert.Empty(await h.SyncAsync());
    }

    /// <summary>Both windows 65,535 (no WINDOW_UPDATE at the start), credit returned from 1 % (655 bytes).</summary>
    private static readonly Ht2SessionOptions SmallThreshold = new()
    {
        Windows = new Ht2WindowPolicy { StreamWindowSize = 65_535, ConnectionWindowSize = 65_535, UpdateThresholdPercent = 1 },
    };

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task Bytes_of_a_stream_reset_inside_their_DATA_event_return_on_the_connection_only(bool reset)
    {
        await using SessionHarness h = await SessionHarness.StartServerAsync(SmallThreshold, handler: new ResettingHandler(reset));
        h.Send(Wire.Headers(1, Wire.PostBlock, endStream: false));
        h.Send(Wire.Data(1, 1000, endStream: false));
        WireFrame[] updates = (await h.SyncAsync()).Where(f => f.Type == WireFrame.WindowUpdate).ToArray();

        WireFrame connection = Assert.Single(updates, f => f.StreamId == 0);
        Assert.Equal(1000u, connection.WindowIncrement);
        if (reset)
        {
            Assert.Single(updates);
        }
        else
        {
            Assert.Equal(1000u, Assert.Single(updates, f => f.StreamId == 1).WindowIncrement);
        }
    }

    [Fact]
    public async Task A_stream_the_peer_resets_while_it_waits_for_the_writer_sends_no_DATA()
    {
        ValueTask send = default;
        await using SessionHarness h = await SessionHarness.StartServerAsync(setup: handler => handler.Request = (stream, ended) =>
        {
            stream.SendHeaderBlock(Wire.Status200Block, endStream: false);
            send = stream.SendDataAsync(new byte[10], endStream: true);
        });

        // SETTINGS_INITIAL_WINDOW_SIZE (0x4) = 0: the response's DATA waits for credit.
        h.Send(Wire.Settings((0x4, 0)));
        h.Send(Wire.Headers(1, Wire.GetBlock, endStream: true));
        Assert.Contains(await h.SyncAsync(), f => f.Type == WireFrame.Headers && f.StreamId == 1);

        // The credit makes the stream ready for the writer; the reset in the same read comes before the writer runs.
        h.Send(Wire.Concat(Wire.WindowUpdate(1, 100), Wire.RstStream(1, 0x8)));
        Assert.DoesNotContain(await h.SyncAsync(1), f => f.StreamId == 1);
        Ht2StreamClosedException failed = await Assert.ThrowsAsync<Ht2StreamClosedException>(() => send.AsTask().Within(Bound));
        Assert.Equal(Http2ErrorCode.Cancel, failed.ErrorCode);
    }

    [Fact]
    public async Task A_late_DATA_on_a_stream_we_reset_is_ignored_while_the_handler_still_holds_it()
    {
        Ht2Stream? kept = null;
        await using SessionHarness h = await SessionHarness.StartServerAsync(setup: handler =>
        {
            handler.Request = (stream, ended) => kept = stream;
            handler.Reset = stream => { }; // not released: the stream stays in the table, closed
        });
        h.Send(Wire.Headers(1, Wire.PostBlock, endStream: false));

        // PRIORITY that makes stream 1 depend on itself: a stream error PROTOCOL_ERROR (RFC 9113 §5.3.1).
        h.Send(Wire.PriorityFrame(1, 1));
        await h.ExpectResetAsync(1, Http2ErrorCode.ProtocolError);
        Assert.Equal(Ht2StreamState.Closed, kept!.State);
        Assert.Equal(1, h.Session.ActiveStreamCount);

        // The peer had not seen our RST_STREAM: its DATA is ignored, not answered with STREAM_CLOSED (§5.4.2).
        h.Send(Wire.Data(1, 5, endStream: false));
        Assert.Empty(await h.SyncAsync());
    }
}
