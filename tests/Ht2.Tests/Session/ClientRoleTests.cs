using System;
using System.Linq;
using System.Threading.Tasks;

namespace Ht2.Tests.Session;

/// <summary>The client role: opening streams, responses, the server's GOAWAY and refused pushes.</summary>
public sealed class ClientRoleTests
{
    [Fact]
    public async Task The_user_state_given_to_OpenStream_is_on_the_handle_when_the_response_event_fires()
    {
        await using SessionHarness h = await SessionHarness.StartClientAsync();
        Ht2Stream stream = h.Session.OpenStream(Wire.GetFields, endStream: true, userState: "mine")!;
        await h.ExpectAsync(WireFrame.Headers);
        h.Send(Wire.Headers(1, Wire.Status200Block, endStream: true));
        await h.SyncAsync();
        Assert.Contains("response 1 end=True state=mine", h.Handler.Events);
        Assert.Equal("mine", stream.UserState);
    }

    [Fact]
    public async Task Client_sends_the_preface_SETTINGS_without_push_and_a_request()
    {
        await using SessionHarness h = await SessionHarness.StartClientAsync();
        Ht2Stream stream = h.Session.OpenStream(Wire.GetFields, endStream: true)!;
        Assert.Equal(1u, stream.Id);
        WireFrame headers = await h.ExpectAsync(WireFrame.Headers);
        Assert.Equal(1u, headers.StreamId);
        Assert.True(headers.Has(Wire.EndStream | Wire.EndHeaders));

        // :method GET (0x82), :scheme http (0x86), :path / (0x84), :authority as a literal with incremental
        // indexing of static name 1 (0x41 0x01 'x'); the table keeps its default size, so no size update comes first.
        Assert.Equal(new byte[] { 0x82, 0x86, 0x84, 0x41, 0x01, (byte)'x' }, headers.Payload);

        h.Send(Wire.Headers(1, Wire.Status200Block, endStream: false));
        h.Send(Wire.Data(1, 5, endStream: true));
        await h.SyncAsync();
        Assert.Equal(["response 1 end=False", "data 1 5 end=True"], h.Handler.Events.Where(e => e.StartsWith("response", StringComparison.Ordinal) || e.StartsWith("data", StringComparison.Ordinal)));
        Assert.Equal(0, h.Session.ActiveStreamCount);
        Assert.Equal(3u, h.Session.OpenStream(Wire.GetFields, endStream: true)!.Id);
    }

    [Fact]
    public async Task The_servers_GOAWAY_refuses_streams_above_its_last_id_and_stops_new_ones()
    {
        await using SessionHarness h = await SessionHarness.StartClientAsync();
        Ht2Stream first = h.Session.OpenStream(Wire.GetFields, endStream: true)!;
        Ht2Stream second = h.Session.OpenStream(Wire.GetFields, endStream: true)!;
        Assert.Equal(3u, second.Id);
        h.Send(Wire.GoAway(1, 0));
        await h.SyncAsync();
        Assert.Contains("goaway 1 NoError", h.Handler.Events);
        Assert.Contains("reset 3 RefusedStream", h.Handler.Events);
        Assert.DoesNotContain("reset 1 RefusedStream", h.Handler.Events);
        Assert.Null(h.Session.OpenStream(Wire.GetFields, endStream: true));

        // Stream 1 still completes, and the connection still answers PING (the server closes it).
        h.Send(Wire.Headers(1, Wire.Status200Block, endStream: true));
        await h.SyncAsync();
        Assert.Contains("response 1 end=True", h.Handler.Events);
        GC.KeepAlive(first);
    }

    [Fact]
    public async Task PUSH_PROMISE_is_a_connection_PROTOCOL_ERROR_when_push_is_disabled()
    {
        await using SessionHarness h = await SessionHarness.StartClientAsync();
        h.Session.OpenStream(Wire.GetFields, endStream: true);
        h.Send(Wire.Frame(WireFrame.PushPromise, Wire.EndHeaders, 1, [.. Wire.Be32(2), .. Wire.GetBlock]));
        await h.ExpectGoAwayAsync(Http2ErrorCode.ProtocolError);
    }

    [Fact]
    public async Task HEADERS_on_a_stream_the_client_never_opened_is_a_connection_PROTOCOL_ERROR()
    {
        await using SessionHarness h = await SessionHarness.StartClientAsync();
        h.Send(Wire.Headers(1, Wire.Status200Block, endStream: true));
        await h.ExpectGoAwayAsync(Http2ErrorCode.ProtocolError);
    }

    [Fact]
    public async Task Request_body_and_trailers_are_sent_in_order()
    {
        await using SessionHarness h = await SessionHarness.StartClientAsync();
        Ht2Stream stream = h.Session.OpenStream(Wire.GetFields, endStream: false)!;
        await stream.SendDataAsync(new byte[10], endStream: false).AsTask().Within(TimeSpan.FromSeconds(10));
        stream.SendTrailers([new("x-t"u8.ToArray(), "1"u8.ToArray())]);
        Assert.Equal(Ht2StreamState.HalfClosedLocal, stream.State);
        WireFrame headers = await h.ExpectAsync(WireFrame.Headers);
        WireFrame data = await h.ExpectAsync(WireFrame.Data);
        WireFrame trailers = await h.ExpectAsync(WireFrame.Headers);
        Assert.False(headers.Has(Wire.EndStream));
        Assert.Equal(10, data.Length);
        Assert.False(data.Has(Wire.EndStream));
        Assert.True(trailers.Has(Wire.EndStream));
        Assert.Throws<InvalidOperationException>(() => stream.SendHeaders([], endStream: true));
    }

    [Fact]
    public async Task DATA_before_the_response_headers_is_a_stream_PROTOCOL_ERROR()
    {
        await using SessionHarness h = await SessionHarness.StartClientAsync();
        h.Session.OpenStream(Wire.GetFields, endStream: true);
        h.Send(Wire.Data(1, 3, endStream: false));
        await h.ExpectResetAsync(1, Http2ErrorCode.ProtocolError);
        Assert.Contains("reset 1 ProtocolError", h.Handler.Events);
    }

    [Fact]
    public async Task A_request_breaking_the_message_rules_is_refused_before_anything_is_sent()
    {
        await using SessionHarness h = await SessionHarness.StartClientAsync();
        Ht2Field[] noPath = [Wire.GetFields[0], Wire.GetFields[1], Wire.GetFields[3]];
        Assert.Throws<ArgumentException>(() => h.Session.OpenStream(noPath, endStream: true));
        Assert.Equal(0, h.Session.ActiveStreamCount);

        // The id was not used: the next request still gets stream 1.
        Assert.Equal(1u, h.Session.OpenStream(Wire.GetFields, endStream: true)!.Id);
        WireFrame headers = await h.ExpectAsync(WireFrame.Headers);
        Assert.Equal(1u, headers.StreamId);
    }

    [Fact]
    public async Task A_response_breaking_the_message_rules_throws_and_sends_nothing()
    {
        Exception? thrown = null;
        await using SessionHarness h = await SessionHarness.StartServerAsync(setup: handler => handler.Request = (stream, ended) =>
            thrown = Record.Exception(() => stream.SendHeaders([new(":status"u8.ToArray(), "200"u8.ToArray()), new("connection"u8.ToArray(), "close"u8.ToArray())], endStream: true)));
        h.Send(Wire.Headers(1, Wire.GetBlock, endStream: true));
        Assert.DoesNotContain(await h.SyncAsync(), f => f.Type == WireFrame.Headers);
        Assert.IsType<ArgumentException>(thrown);
    }
}
