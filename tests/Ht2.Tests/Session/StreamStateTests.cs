using System;
using System.Threading.Tasks;

namespace Ht2.Tests.Session;

/// <summary>RFC 9113 §5.1 stream states and §5.1.1 identifiers, server role, over hand-written frames.</summary>
public sealed class StreamStateTests
{
    private static readonly byte[] Body = new byte[100];

    private static void Respond(RecordingHandler handler) => handler.Request = (stream, ended) =>
    {
        stream.SendHeaderBlock(Wire.Status200Block, endStream: false);
        _ = stream.SendDataAsync(Body, endStream: true);
    };

    [Fact]
    public async Task Server_sends_SETTINGS_first_and_acknowledges_the_clients()
    {
        await using SessionHarness h = await SessionHarness.StartServerAsync(handshake: false);
        WireFrame first = await h.NextFrameAsync();
        Assert.Equal(WireFrame.Settings, first.Type);
        Assert.False(first.Has(Wire.Ack));

        h.Send(Wire.Concat(Wire.Preface, Wire.Settings((4, 100_000))));
        WireFrame ack = await h.ExpectAsync(WireFrame.Settings);
        Assert.True(ack.Has(Wire.Ack));
        Assert.Equal(0, ack.Length);
        Assert.Equal(100_000u, h.Session.PeerSettings.InitialWindowSize);
    }

    [Fact]
    public async Task A_request_gets_HEADERS_then_DATA_with_END_STREAM_and_the_stream_closes()
    {
        await using SessionHarness h = await SessionHarness.StartServerAsync(setup: Respond);
        h.Send(Wire.Headers(1, Wire.GetBlock, endStream: true));

        WireFrame headers = await h.ExpectAsync(WireFrame.Headers);
        Assert.Equal(1u, headers.StreamId);
        Assert.True(headers.Has(Wire.EndHeaders));
        Assert.False(headers.Has(Wire.EndStream));

        // :status 200 is static index 8 (RFC 7541 Appendix A); the table keeps its default size, so no size update.
        Assert.Equal(new byte[] { 0x88 }, headers.Payload);
        WireFrame data = await h.ExpectAsync(WireFrame.Data);
        Assert.Equal(100, data.Length);
        Assert.True(data.Has(Wire.EndStream));
        Assert.Contains("request 1 end=True", h.Handler.Events);
        Assert.Contains((":method", "GET"), h.Handler.LastHeaders);
        await h.SyncAsync();
        Assert.Equal(0, h.Session.ActiveStreamCount);
    }

    [Fact]
    public async Task DATA_on_an_idle_stream_is_a_connection_PROTOCOL_ERROR()
    {
        await using SessionHarness h = await SessionHarness.StartServerAsync();
        h.Send(Wire.Data(1, 4, endStream: false));
        WireFrame goAway = await h.ExpectGoAwayAsync(Http2ErrorCode.ProtocolError);
        Assert.Equal(0u, goAway.GoAwayLastStreamId);
    }

    [Fact]
    public async Task RST_STREAM_on_an_idle_stream_is_a_connection_PROTOCOL_ERROR()
    {
        await using SessionHarness h = await SessionHarness.StartServerAsync();
        h.Send(Wire.RstStream(3, 8));
        await h.ExpectGoAwayAsync(Http2ErrorCode.ProtocolError);
    }

    [Fact]
    public async Task WINDOW_UPDATE_on_an_idle_stream_is_a_connection_PROTOCOL_ERROR_and_creates_no_window()
    {
        await using SessionHarness h = await SessionHarness.StartServerAsync();
        h.Send(Wire.WindowUpdate(5, 100));
        await h.ExpectGoAwayAsync(Http2ErrorCode.ProtocolError);
        Assert.Equal(0, h.Session.ActiveStreamCount);
    }

    [Fact]
    public async Task HEADERS_on_a_lower_unused_stream_id_is_a_connection_PROTOCOL_ERROR()
    {
        await using SessionHarness h = await SessionHarness.StartServerAsync(setup: Respond);
        h.Send(Wire.Headers(5, Wire.GetBlock, endStream: true));
        await h.ExpectAsync(WireFrame.Data);
        h.Send(Wire.Headers(3, Wire.GetBlock, endStream: true));
        WireFrame goAway = await h.ExpectGoAwayAsync(Http2ErrorCode.ProtocolError);
        Assert.Equal(5u, goAway.GoAwayLastStreamId);
    }

    [Fact]
    public async Task HEADERS_on_an_even_stream_from_a_client_is_a_connection_PROTOCOL_ERROR()
    {
        await using SessionHarness h = await SessionHarness.StartServerAsync();
        h.Send(Wire.Headers(2, Wire.GetBlock, endStream: true));
        await h.ExpectGoAwayAsync(Http2ErrorCode.ProtocolError);
    }

    [Fact]
    public async Task DATA_in_half_closed_remote_is_a_stream_STREAM_CLOSED_error()
    {
        // No response yet: the stream stays half-closed (remote) after the request's END_STREAM.
        await using SessionHarness h = await SessionHarness.StartServerAsync();
        h.Send(Wire.Headers(1, Wire.GetBlock, endStream: true));
        h.Send(Wire.Data(1, 4, endStream: false));
        await h.ExpectResetAsync(1, Http2ErrorCode.StreamClosed);
        Assert.Contains("reset 1 StreamClosed", h.Handler.Events);
    }

    [Fact]
    public async Task DATA_after_the_stream_closed_by_END_STREAM_is_a_connection_STREAM_CLOSED_error()
    {
        await using SessionHarness h = await SessionHarness.StartServerAsync(setup: Respond);
        h.Send(Wire.Headers(1, Wire.GetBlock, endStream: true));
        await h.ExpectAsync(WireFrame.Data);
        await h.SyncAsync();
        h.Send(Wire.Data(1, 4, endStream: false));
        await h.ExpectGoAwayAsync(Http2ErrorCode.StreamClosed);
    }

    [Fact]
    public async Task DATA_after_the_peers_RST_STREAM_is_a_stream_STREAM_CLOSED_error()
    {
        await using SessionHarness h = await SessionHarness.StartServerAsync();
        h.Send(Wire.Headers(1, Wire.PostBlock, endStream: false));
        h.Send(Wire.RstStream(1, (uint)Http2ErrorCode.Cancel));
        h.Send(Wire.Data(1, 4, endStream: false));
        await h.ExpectResetAsync(1, Http2ErrorCode.StreamClosed);
        Assert.Contains("reset 1 Cancel", h.Handler.Events);
    }

    [Fact]
    public async Task Frames_on_a_stream_we_reset_are_ignored()
    {
        await using SessionHarness h = await SessionHarness.StartServerAsync(setup: handler => handler.Request = (stream, ended) => stream.Reset(Http2ErrorCode.Cancel));
        h.Send(Wire.Headers(1, Wire.PostBlock, endStream: false));
        await h.ExpectResetAsync(1, Http2ErrorCode.Cancel);
        h.Send(Wire.Concat(Wire.Data(1, 10, endStream: false), Wire.WindowUpdate(1, 10), Wire.Data(1, 0, endStream: true)));
        Assert.Empty(await h.SyncAsync());
    }

    [Fact]
    public async Task A_second_HEADERS_without_END_STREAM_is_a_stream_PROTOCOL_ERROR()
    {
        await using SessionHarness h = await SessionHarness.StartServerAsync();
        h.Send(Wire.Headers(1, Wire.PostBlock, endStream: false));
        h.Send(Wire.Headers(1, [0x40, 0x01, (byte)'a', 0x01, (byte)'b'], endStream: false));
        await h.ExpectResetAsync(1, Http2ErrorCode.ProtocolError);
    }

    [Fact]
    public async Task Trailers_end_the_request()
    {
        await using SessionHarness h = await SessionHarness.StartServerAsync();
        h.Send(Wire.Headers(1, Wire.PostBlock, endStream: false));
        h.Send(Wire.Data(1, 7, endStream: false));
        h.Send(Wire.Headers(1, [0x40, 0x01, (byte)'a', 0x01, (byte)'b'], endStream: true));
        await h.SyncAsync();
        Assert.Equal(["request 1 end=False", "data 1 7 end=False", "trailers 1"], h.Handler.Events.FindAll(e => !e.StartsWith("settings", StringComparison.Ordinal) && !e.StartsWith("ping", StringComparison.Ordinal)));
        Assert.Contains(("a", "b"), h.Handler.LastHeaders);
    }

    [Fact]
    public async Task HEADERS_depending_on_itself_is_a_stream_PROTOCOL_ERROR()
    {
        await using SessionHarness h = await SessionHarness.StartServerAsync();
        byte[] block = [.. Wire.Be32(1), 15, .. Wire.GetBlock];
        h.Send(Wire.Frame(WireFrame.Headers, Wire.EndHeaders | Wire.EndStream | Wire.PriorityFlag, 1, block));
        await h.ExpectResetAsync(1, Http2ErrorCode.ProtocolError);
        Assert.DoesNotContain(h.Handler.Events, e => e.StartsWith("request", StringComparison.Ordinal));
    }

    [Fact]
    public async Task PRIORITY_depending_on_itself_is_a_stream_PROTOCOL_ERROR()
    {
        await using SessionHarness h = await SessionHarness.StartServerAsync();
        h.Send(Wire.PriorityFrame(3, 3));
        await h.ExpectResetAsync(3, Http2ErrorCode.ProtocolError);
    }

    [Fact]
    public async Task PRIORITY_on_an_idle_stream_does_not_open_it()
    {
        await using SessionHarness h = await SessionHarness.StartServerAsync(setup: Respond);
        h.Send(Wire.PriorityFrame(9, 0));
        h.Send(Wire.Headers(3, Wire.GetBlock, endStream: true));
        WireFrame headers = await h.ExpectAsync(WireFrame.Headers);
        Assert.Equal(3u, headers.StreamId);
    }

    [Fact]
    public async Task Streams_beyond_the_advertised_limit_are_refused_and_a_reset_stream_counts_until_released()
    {
        Ht2Stream? held = null;
        await using SessionHarness h = await SessionHarness.StartServerAsync(
            new Ht2SessionOptions { MaxConcurrentStreams = 2 },
            setup: handler => handler.Reset = stream => held = stream);
        h.Send(Wire.Headers(1, Wire.PostBlock, endStream: false));
        h.Send(Wire.Headers(3, Wire.PostBlock, endStream: false));

        // Reset by the client, but the application has not released stream 1: it still counts.
        h.Send(Wire.RstStream(1, (uint)Http2ErrorCode.Cancel));
        h.Send(Wire.Headers(5, Wire.PostBlock, endStream: false));
        await h.ExpectResetAsync(5, Http2ErrorCode.RefusedStream);

        held!.Release();
        h.Send(Wire.Headers(7, Wire.PostBlock, endStream: false));
        Assert.DoesNotContain(await h.SyncAsync(), f => f.Type == WireFrame.RstStream);
        Assert.Contains("request 7 end=False", h.Handler.Events);
    }

    [Fact]
    public async Task First_frame_other_than_SETTINGS_is_a_connection_PROTOCOL_ERROR()
    {
        await using SessionHarness h = await SessionHarness.StartServerAsync(handshake: false);
        h.Send(Wire.Concat(Wire.Preface, Wire.Ping(1)));
        await h.ExpectGoAwayAsync(Http2ErrorCode.ProtocolError);
    }

    [Fact]
    public async Task A_bad_preface_is_a_connection_PROTOCOL_ERROR()
    {
        await using SessionHarness h = await SessionHarness.StartServerAsync(handshake: false);
        h.Send("GET / HTTP/1.1\r\nHost: x\r\n\r\n"u8.ToArray());
        await h.ExpectGoAwayAsync(Http2ErrorCode.ProtocolError);
    }

    [Fact]
    public async Task Header_list_over_the_limit_gets_431_and_the_HPACK_state_stays_in_step()
    {
        await using SessionHarness h = await SessionHarness.StartServerAsync(new Ht2SessionOptions { MaxHeaderListSize = 100 }, setup: Respond);

        // A literal with incremental indexing of "big: <200 x 'v'>" enters the dynamic table even though it is dropped.
        byte[] big = [.. Wire.GetBlock, 0x40, 0x03, (byte)'b', (byte)'i', (byte)'g', 0x7F, 200 - 127, .. new byte[200]];
        h.Send(Wire.Headers(1, big, endStream: true));
        WireFrame headers = await h.ExpectAsync(WireFrame.Headers);
        Assert.True(headers.Has(Wire.EndStream));
        Assert.Equal(new byte[] { 0x08, 0x03, (byte)'4', (byte)'3', (byte)'1' }, headers.Payload);

        // The next request refers to that entry by index 62 (0xBE): the decoder stayed in step.
        h.Send(Wire.Headers(3, [.. Wire.GetBlock], endStream: true));
        WireFrame next = await h.ExpectAsync(WireFrame.Headers);
        Assert.Equal(3u, next.StreamId);
        Assert.DoesNotContain("request 1 end=True", h.Handler.Events);
    }

    [Fact]
    public async Task Bytes_arriving_one_at_a_time_make_the_same_frames()
    {
        await using SessionHarness h = await SessionHarness.StartServerAsync(handshake: false, setup: Respond);
        byte[] all = Wire.Concat(Wire.Preface, Wire.Settings((4, 100_000)), Wire.SettingsAck, Wire.Headers(1, Wire.PostBlock, endStream: false), Wire.Data(1, 300, endStream: true));
        foreach (byte b in all)
        {
            h.Send([b]);
        }

        WireFrame data = await h.ExpectAsync(WireFrame.Data);
        Assert.Equal(1u, data.StreamId);
        Assert.Contains("data 1 300 end=True", h.Handler.Events);
    }
}
