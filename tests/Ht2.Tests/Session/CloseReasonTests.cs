using System;
using System.Threading.Tasks;

namespace Ht2.Tests.Session;

/// <summary>
/// <see cref="Ht2Session.CloseReason"/> names the first reason the connection ended: a later GOAWAY of ours, a second
/// GOAWAY of the peer's, its EOF, a write stall or the close after the linger never replace it.
/// </summary>
public sealed class CloseReasonTests
{
    private static readonly TimeSpan Bound = TimeSpan.FromSeconds(10);

    [Fact]
    public async Task A_connection_error_after_the_peers_GOAWAY_keeps_the_peers_code_through_the_close()
    {
        await using SessionHarness h = await SessionHarness.StartServerAsync();
        h.Send(Wire.GoAway(0, 0x2)); // INTERNAL_ERROR
        await h.SyncAsync();
        Assert.Equal(Http2ErrorCode.InternalError, h.Session.CloseReason);

        // DATA on stream 0: our GOAWAY carries PROTOCOL_ERROR (RFC 9113 §6.1), the reason stays the peer's.
        h.Send(Wire.Frame(WireFrame.Data, 0, 0, 1));
        await h.ExpectGoAwayAsync(Http2ErrorCode.ProtocolError);
        await h.Session.Completion.Within(Bound);
        Assert.Equal(Http2ErrorCode.InternalError, h.Session.CloseReason);
    }

    [Fact]
    public async Task Our_connection_error_is_kept_through_the_close_after_the_linger()
    {
        await using SessionHarness h = await SessionHarness.StartServerAsync();
        h.Send(Wire.Frame(WireFrame.Data, 0, 0, 1));
        await h.ExpectGoAwayAsync(Http2ErrorCode.ProtocolError);
        await h.Session.Completion.Within(Bound);
        Assert.Equal(Http2ErrorCode.ProtocolError, h.Session.CloseReason);
    }

    [Fact]
    public async Task A_second_GOAWAY_from_the_peer_does_not_replace_the_first_code()
    {
        await using SessionHarness h = await SessionHarness.StartServerAsync();
        h.Send(Wire.Concat(Wire.GoAway(0, 0xb), Wire.GoAway(0, 0x0))); // ENHANCE_YOUR_CALM, then NO_ERROR
        await h.SyncAsync();
        Assert.Contains("goaway 0 EnhanceYourCalm", h.Handler.Events);
        Assert.Contains("goaway 0 NoError", h.Handler.Events);
        Assert.Equal(Http2ErrorCode.EnhanceYourCalm, h.Session.CloseReason);
    }

    [Fact]
    public async Task Our_graceful_shutdown_after_the_peers_GOAWAY_keeps_the_peers_code()
    {
        await using SessionHarness h = await SessionHarness.StartServerAsync();
        h.Send(Wire.GoAway(0, 0xb));
        await h.SyncAsync();
        h.Session.Shutdown();
        await h.ExpectGoAwayAsync(Http2ErrorCode.NoError);
        await h.Session.Completion.Within(Bound);
        Assert.Equal(Http2ErrorCode.EnhanceYourCalm, h.Session.CloseReason);
    }

    [Fact]
    public async Task The_peers_EOF_after_its_GOAWAY_keeps_the_GOAWAY_code()
    {
        await using SessionHarness h = await SessionHarness.StartServerAsync();
        h.Send(Wire.GoAway(0, 0x0));
        await h.SyncAsync();
        h.Transport.SendEndOfStream();
        await h.Transport.OutputShutDown.Within(Bound);
        await h.Session.Completion.Within(Bound);
        Assert.Equal(Http2ErrorCode.NoError, h.Session.CloseReason);
    }

    [Fact]
    public async Task A_write_stall_after_an_abort_keeps_the_aborts_code()
    {
        TaskCompletionSource never = new();
        await using SessionHarness h = await SessionHarness.StartServerAsync(new Ht2SessionOptions { WriteStallTimeout = TimeSpan.FromSeconds(3) });
        h.Transport.FlushGate = never.Task;
        h.Session.Abort(Http2ErrorCode.ProtocolError); // its GOAWAY never gets written
        h.Time.Advance(TimeSpan.FromSeconds(3));
        Assert.True(h.Transport.IsClosed, "the stalled write did not drop the connection");
        await h.Session.Completion.Within(Bound);
        Assert.Equal(Http2ErrorCode.ProtocolError, h.Session.CloseReason);
    }
}
