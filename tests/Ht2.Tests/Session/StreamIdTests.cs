using System;
using System.Collections.Generic;
using System.Threading.Tasks;

namespace Ht2.Tests.Session;

/// <summary>
/// What a stream id means (RFC 9113 §5.1, §5.1.1): idle above the highest id used, closed and remembered, closed
/// and forgotten below it; the client's own ids; the peer's GOAWAY and its last stream id (§6.8).
/// </summary>
public sealed class StreamIdTests
{
    private static void RespondAtOnce(RecordingHandler handler) =>
        handler.Request = (stream, ended) => stream.SendHeaderBlock(Wire.Status200Block, endStream: true);

    [Theory]
    [InlineData(WireFrame.WindowUpdate)]
    [InlineData(WireFrame.RstStream)]
    public async Task A_client_treats_a_frame_on_its_next_unused_id_as_idle(byte type)
    {
        await using SessionHarness h = await SessionHarness.StartClientAsync();
        h.Session.OpenStream(Wire.GetFields, endStream: true);
        await h.ExpectAsync(WireFrame.Headers);
        h.Send(Wire.Frame(type, 0, 3, Wire.Be32(1)));
        await h.ExpectGoAwayAsync(Http2ErrorCode.ProtocolError);
    }

    [Fact]
    public async Task A_client_ignores_WINDOW_UPDATE_on_its_own_stream_once_closed()
    {
        await using SessionHarness h = await SessionHarness.StartClientAsync(new Ht2SessionOptions { ClosedStreamMemory = 1 });
        h.Session.OpenStream(Wire.GetFields, endStream: true);
        h.Send(Wire.Headers(1, Wire.Status200Block, endStream: true));
        h.Session.OpenStream(Wire.GetFields, endStream: true);
        h.Send(Wire.Headers(3, Wire.Status200Block, endStream: true));
        await h.SyncAsync();
        Assert.Equal(0, h.Session.ActiveStreamCount);

        // Stream 1 is forgotten (the memory holds one id), stream 3 is remembered: both are closed, not idle.
        h.Send(Wire.Concat(Wire.WindowUpdate(1, 10), Wire.WindowUpdate(3, 10)));
        List<WireFrame> frames = await h.SyncAsync(2);
        Assert.DoesNotContain(frames, f => f.Type is WireFrame.GoAway or WireFrame.RstStream);
    }

    [Fact]
    public async Task A_client_refuses_HEADERS_on_a_server_initiated_stream()
    {
        await using SessionHarness h = await SessionHarness.StartClientAsync();
        h.Send(Wire.Headers(2, Wire.Status200Block, endStream: true));
        await h.ExpectGoAwayAsync(Http2ErrorCode.ProtocolError);
    }

    [Fact]
    public async Task A_server_treats_a_frame_on_an_even_stream_as_idle()
    {
        await using SessionHarness h = await SessionHarness.StartServerAsync();
        h.Send(Wire.WindowUpdate(2, 1));
        await h.ExpectGoAwayAsync(Http2ErrorCode.ProtocolError);
    }

    [Fact]
    public async Task Opening_streams_stops_exactly_at_the_peers_limit()
    {
        await using SessionHarness h = await SessionHarness.StartClientAsync();
        h.Send(Wire.Settings((3, 2)));
        await h.SyncAsync();
        Ht2Stream first = h.Session.OpenStream(Wire.GetFields, endStream: true)!;
        Assert.NotNull(h.Session.OpenStream(Wire.GetFields, endStream: true));
        Assert.Null(h.Session.OpenStream(Wire.GetFields, endStream: true));

        // When one of them ends, its slot is free again; the next id follows the last one used.
        h.Send(Wire.Headers(first.Id, Wire.Status200Block, endStream: true));
        await h.SyncAsync(2);
        Assert.Equal(5u, h.Session.OpenStream(Wire.GetFields, endStream: true)!.Id);
    }

    [Fact]
    public async Task A_server_cannot_open_streams()
    {
        await using SessionHarness h = await SessionHarness.StartServerAsync();
        Assert.Throws<InvalidOperationException>(() => h.Session.OpenStream(Wire.GetFields, endStream: true));
        Assert.Throws<InvalidOperationException>(() => h.Session.OpenStream(Wire.GetBlock, endStream: true));
    }

    [Fact]
    public async Task A_client_opens_no_stream_after_its_own_graceful_shutdown()
    {
        await using SessionHarness h = await SessionHarness.StartClientAsync();
        Ht2Stream open = h.Session.OpenStream(Wire.GetFields, endStream: false)!;
        h.Session.Shutdown();
        await h.ExpectAsync(WireFrame.GoAway);
        Assert.Null(h.Session.OpenStream(Wire.GetFields, endStream: true));
        Assert.Equal(Ht2StreamState.Open, open.State);
    }

    [Fact]
    public async Task The_peers_last_stream_id_ignores_the_reserved_bit()
    {
        await using SessionHarness h = await SessionHarness.StartClientAsync();
        h.Session.OpenStream(Wire.GetFields, endStream: true);
        h.Session.OpenStream(Wire.GetFields, endStream: true);
        h.Send(Wire.GoAway(0x8000_0001, (uint)Http2ErrorCode.InternalError));
        await h.SyncAsync();
        Assert.Contains("goaway 1 InternalError", h.Handler.Events);
        Assert.Contains("reset 3 RefusedStream", h.Handler.Events);
        Assert.DoesNotContain("reset 1 RefusedStream", h.Handler.Events);
        Assert.Equal(Http2ErrorCode.InternalError, h.Session.CloseReason);
    }

    [Fact]
    public async Task A_servers_streams_survive_the_clients_GOAWAY()
    {
        Ht2Stream? open = null;
        await using SessionHarness h = await SessionHarness.StartServerAsync(setup: handler => handler.Request = (stream, ended) => open = stream);
        h.Send(Wire.Headers(1, Wire.GetBlock, endStream: true));
        h.Send(Wire.GoAway(0, (uint)Http2ErrorCode.NoError));
        await h.SyncAsync();
        Assert.Contains("goaway 0 NoError", h.Handler.Events);
        Assert.Equal(Ht2StreamState.HalfClosedRemote, open!.State);
        open.SendHeaderBlock(Wire.Status200Block, endStream: true);
        WireFrame response = await h.ExpectAsync(WireFrame.Headers);
        Assert.Equal(1u, response.StreamId);
    }

    [Fact]
    public async Task A_server_answers_frames_on_remembered_and_forgotten_closed_streams_by_the_rules()
    {
        await using SessionHarness h = await SessionHarness.StartServerAsync(new Ht2SessionOptions { ClosedStreamMemory = 3 }, setup: RespondAtOnce);
        for (uint id = 1; id <= 7; id += 2)
        {
            h.Send(Wire.Headers(id, Wire.GetBlock, endStream: true));
        }

        await h.SyncAsync();
        Assert.Equal(0, h.Session.ActiveStreamCount);

        // 1 is forgotten (the memory holds 3, 5 and 7): closed by the id order. WINDOW_UPDATE is ignored, DATA is a
        // stream error STREAM_CLOSED (RFC 9113 §5.1 "closed"), which is remembered in place of 3.
        h.Send(Wire.WindowUpdate(1, 5));
        Assert.DoesNotContain(await h.SyncAsync(1), f => f.Type is WireFrame.GoAway or WireFrame.RstStream);
        h.Send(Wire.Data(1, 3, endStream: false));
        await h.ExpectResetAsync(1, Http2ErrorCode.StreamClosed);

        // 5 is remembered as ended by END_STREAM both ways: DATA there is a connection error STREAM_CLOSED.
        h.Send(Wire.Data(5, 3, endStream: false));
        WireFrame goAway = await h.ExpectGoAwayAsync(Http2ErrorCode.StreamClosed);
        Assert.Equal(7u, goAway.GoAwayLastStreamId);
    }

    [Fact]
    public async Task HEADERS_on_a_forgotten_stream_is_a_connection_PROTOCOL_ERROR()
    {
        await using SessionHarness h = await SessionHarness.StartServerAsync(new Ht2SessionOptions { ClosedStreamMemory = 1 }, setup: RespondAtOnce);
        h.Send(Wire.Headers(1, Wire.GetBlock, endStream: true));
        h.Send(Wire.Headers(3, Wire.GetBlock, endStream: true));
        await h.SyncAsync();
        h.Send(Wire.Headers(1, Wire.GetBlock, endStream: true));
        await h.ExpectGoAwayAsync(Http2ErrorCode.ProtocolError);
    }

    [Fact]
    public async Task HEADERS_after_the_peers_RST_STREAM_is_a_stream_STREAM_CLOSED_error()
    {
        await using SessionHarness h = await SessionHarness.StartServerAsync();
        h.Send(Wire.Headers(1, Wire.PostBlock, endStream: false));
        h.Send(Wire.RstStream(1, (uint)Http2ErrorCode.Cancel));
        h.Send(Wire.Headers(1, Wire.GetBlock, endStream: true));
        await h.ExpectResetAsync(1, Http2ErrorCode.StreamClosed);
        Assert.Contains("reset 1 Cancel", h.Handler.Events);
    }

    [Fact]
    public async Task HEADERS_in_half_closed_remote_is_a_stream_STREAM_CLOSED_error()
    {
        await using SessionHarness h = await SessionHarness.StartServerAsync(setup: handler => handler.Request = (stream, ended) => { });
        h.Send(Wire.Headers(1, Wire.GetBlock, endStream: true));
        h.Send(Wire.Headers(1, Wire.GetBlock, endStream: true));
        await h.ExpectResetAsync(1, Http2ErrorCode.StreamClosed);
    }

    [Fact]
    public async Task A_released_handle_is_reused_for_the_next_stream()
    {
        List<Ht2Stream> seen = new();
        await using SessionHarness h = await SessionHarness.StartServerAsync(
            new Ht2SessionOptions { MaxConcurrentStreams = 1 },
            setup: handler => handler.Request = (stream, ended) =>
            {
                seen.Add(stream);
                stream.SendHeaderBlock(Wire.Status200Block, endStream: true);
            });
        h.Send(Wire.Headers(1, Wire.GetBlock, endStream: true));
        await h.SyncAsync();
        h.Send(Wire.Headers(3, Wire.GetBlock, endStream: true));
        await h.SyncAsync(2);
        Assert.Equal(2, seen.Count);
        Assert.Same(seen[0], seen[1]);
        Assert.Equal(3u, seen[1].Id);
    }

    [Fact]
    public async Task After_our_STREAM_CLOSED_answer_later_frames_on_the_stream_are_ignored()
    {
        await using SessionHarness h = await SessionHarness.StartServerAsync();
        h.Send(Wire.Headers(1, Wire.PostBlock, endStream: false));
        h.Send(Wire.RstStream(1, (uint)Http2ErrorCode.Cancel));
        h.Send(Wire.Data(1, 3, endStream: false));
        await h.ExpectResetAsync(1, Http2ErrorCode.StreamClosed);

        // The stream now counts as reset by us: the peer may not have seen our RST_STREAM yet (RFC 9113 §5.4.2).
        h.Send(Wire.Data(1, 3, endStream: false));
        Assert.DoesNotContain(await h.SyncAsync(), f => f.Type is WireFrame.RstStream or WireFrame.GoAway);
    }

    [Fact]
    public async Task Frames_on_a_refused_stream_are_ignored()
    {
        await using SessionHarness h = await SessionHarness.StartServerAsync(new Ht2SessionOptions { MaxConcurrentStreams = 1 });
        h.Send(Wire.Headers(1, Wire.PostBlock, endStream: false));
        h.Send(Wire.Headers(3, Wire.PostBlock, endStream: false));
        await h.ExpectResetAsync(3, Http2ErrorCode.RefusedStream);
        h.Send(Wire.Data(3, 3, endStream: true));
        Assert.DoesNotContain(await h.SyncAsync(), f => f.Type is WireFrame.RstStream or WireFrame.GoAway);
        Assert.DoesNotContain(h.Handler.Events, e => e.StartsWith("request 3", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Frames_on_a_stream_opened_after_our_GOAWAY_are_ignored()
    {
        await using SessionHarness h = await SessionHarness.StartServerAsync(setup: handler => handler.Request = (stream, ended) => { });
        h.Send(Wire.Headers(1, Wire.PostBlock, endStream: false));
        await h.SyncAsync();
        h.Session.Shutdown();
        await h.ExpectAsync(WireFrame.GoAway);
        h.Send(Wire.Headers(3, Wire.PostBlock, endStream: false));
        h.Send(Wire.Data(3, 3, endStream: true));
        Assert.DoesNotContain(await h.SyncAsync(), f => f.Type is WireFrame.RstStream or WireFrame.GoAway);
        Assert.DoesNotContain(h.Handler.Events, e => e.StartsWith("request 3", StringComparison.Ordinal));
        Assert.Equal(1, h.Session.ActiveStreamCount);
    }
}
