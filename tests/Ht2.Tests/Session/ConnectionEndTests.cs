using System;
using System.Threading.Tasks;

namespace Ht2.Tests.Session;

/// <summary>
/// How a connection ends from below: the peer's EOF resets what is open with CANCEL and still writes what is queued;
/// a handler that throws outside a request event is a bug that faults <see cref="Ht2Session.Completion"/>.
/// </summary>
public sealed class ConnectionEndTests
{
    private static readonly TimeSpan Bound = TimeSpan.FromSeconds(10);

    private sealed class ThrowingDataHandler : Ht2SessionHandler
    {
        public override void OnRequest(Ht2Stream stream, Ht2Headers headers, bool endStream)
        {
        }

        public override void OnData(Ht2Stream stream, ReadOnlySpan<byte> data, bool endStream) => throw new InvalidOperationException("handler bug");
    }

    [Fact]
    public async Task The_peers_EOF_resets_open_streams_with_CANCEL_and_ends_the_session_cleanly()
    {
        Ht2Stream? open = null;
        await using SessionHarness h = await SessionHarness.StartServerAsync(setup: handler =>
        {
            handler.Request = (stream, ended) => open = stream;
            handler.Reset = stream => { };
        });
        h.Send(Wire.Headers(1, Wire.PostBlock, endStream: false));
        await h.SyncAsync();
        h.Transport.SendEndOfStream();
        await h.Transport.OutputShutDown.Within(Bound);
        Assert.Contains("reset 1 Cancel", h.Handler.Events);
        Assert.Equal(Http2ErrorCode.Cancel, h.Session.CloseReason);
        Assert.Equal(Ht2StreamState.Closed, open!.State);
        await h.Session.Completion.Within(Bound);
        Assert.True(h.Session.Completion.IsCompletedSuccessfully);
        Assert.True(h.Transport.IsClosed);
    }

    [Fact]
    public async Task A_handler_that_throws_outside_a_request_event_faults_the_completion()
    {
        // Not disposed through the harness, whose disposal expects a clean completion.
        SessionHarness h = await SessionHarness.StartServerAsync(handler: new ThrowingDataHandler());
        h.Send(Wire.Headers(1, Wire.PostBlock, endStream: false));
        h.Send(Wire.Data(1, 3, endStream: false));
        InvalidOperationException fault = await Assert.ThrowsAsync<InvalidOperationException>(() => h.Session.Completion.Within(Bound));
        Assert.Equal("handler bug", fault.Message);
        Assert.True(h.Transport.IsClosed);
    }

    [Fact]
    public async Task A_reused_handle_starts_clean()
    {
        Ht2Stream? first = null;
        Ht2Stream? second = null;
        await using SessionHarness h = await SessionHarness.StartServerAsync(setup: handler => handler.Request = (stream, ended) =>
        {
            if (first is null)
            {
                first = stream;
                stream.UserState = "first";
                stream.SendHeaderBlock(Wire.Status200Block, endStream: true);
            }
            else
            {
                second = stream;
            }
        });
        h.Send(Wire.Headers(1, Wire.GetBlock, endStream: true));
        await h.SyncAsync();
        h.Send(Wire.Headers(3, Wire.PostBlock, endStream: false));
        await h.SyncAsync(1);
        Assert.Same(first, second);
        Assert.Equal(3u, second!.Id);
        Assert.Null(second.UserState);
        Assert.Equal(Ht2StreamState.Open, second.State);
        Assert.Equal(65_535, second.SendWindow);

        // The reused handle sends like a new one: response headers, then data.
        second.SendHeaderBlock(Wire.Status200Block, endStream: false);
        await second.SendDataAsync(new byte[4], endStream: true).AsTask().Within(Bound);
        WireFrame data = await h.ExpectAsync(WireFrame.Data);
        Assert.Equal(3u, data.StreamId);
        Assert.Equal(Ht2StreamState.HalfClosedLocal, second.State);
    }
}
