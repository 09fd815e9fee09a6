using System;
using System.Collections.Generic;
using System.Threading.Tasks;

namespace Ht2.Tests.Session;

/// <summary>
/// The stream table (RFC 9113 §5.1): which ids are idle and which closed and forgotten, a reset reported once,
/// the application's release of a stream (its RST_STREAM, its slot, its waiting send), and the handle pool.
/// </summary>
public sealed class StreamTableTests
{
    private static readonly TimeSpan Bound = TimeSpan.FromSeconds(10);

    [Fact]
    public async Task A_server_treats_its_highest_peer_stream_as_closed_once_forgotten_not_idle()
    {
        Dictionary<uint, Ht2Stream> streams = new();
        await using SessionHarness h = await SessionHarness.StartServerAsync(new Ht2SessionOptions { ClosedStreamMemory = 1 }, setup: handler =>
            handler.Request = (stream, ended) => streams[stream.Id] = stream);
        h.Send(Wire.Concat(Wire.Headers(1, Wire.GetBlock, endStream: true), Wire.Headers(3, Wire.GetBlock, endStream: true)));
        await h.SyncAsync();

        // 3 closes first, then 1: the one-entry memory keeps 1, and 3 (the highest id the peer used) is forgotten.
        streams[3].SendHeaderBlock(Wire.Status200Block, endStream: true);
        streams[1].SendHeaderBlock(Wire.Status200Block, endStream: true);
        Assert.Equal(0, h.Session.ActiveStreamCount);

        // Closed, not idle: WINDOW_UPDATE is ignored, DATA is a stream error STREAM_CLOSED (never a connection error).
        h.Send(Wire.WindowUpdate(3, 5));
        Assert.DoesNotContain(await h.SyncAsync(1), f => f.Type is WireFrame.GoAway or WireFrame.RstStream);
        h.Send(Wire.Data(3, 3, endStream: false));
        await h.ExpectResetAsync(3, Http2ErrorCode.StreamClosed);
    }

    [Fact]
    public async Task A_client_treats_even_stream_ids_as_idle_below_its_own_highest_stream()
    {
        await using SessionHarness h = await SessionHarness.StartClientAsync();
        for (int i = 0; i < 3; i++)
        {
            h.Session.OpenStream(Wire.GetFields, endStream: true);
        }

        // Streams 1, 3 and 5 are open; 2 is the server's, and a server never opened one (push is disabled).
        h.Send(Wire.WindowUpdate(2, 1));
        WireFrame goAway = await h.ExpectGoAwayAsync(Http2ErrorCode.ProtocolError);
        Assert.Equal("WINDOW_UPDATE on an idle stream (RFC 9113 §5.1).", goAway.GoAwayDebugText);
    }

    [Fact]
    public async Task A_second_RST_STREAM_on_a_stream_not_yet_released_is_not_reported_again()
    {
        Ht2Stream? request = null;
        await using SessionHarness h = await SessionHarness.StartServerAsync(setup: handler =>
        {
            handler.Request = (stream, ended) => request = stream;
            handler.Reset = stream => { };
        });
        h.Send(Wire.Headers(1, Wire.PostBlock, endStream: false));
        h.Send(Wire.Concat(Wire.RstStream(1, (uint)Http2ErrorCode.Cancel), Wire.RstStream(1, (uint)Http2ErrorCode.InternalError)));
        Assert.DoesNotContain(await h.SyncAsync(), f => f.Type is WireFrame.GoAway or WireFrame.RstStream);
        Assert.Single(h.Handler.Events, e => e.StartsWith("reset", StringComparison.Ordinal));
        Assert.Contains("reset 1 Cancel", h.Handler.Events);

        // The first code stays the stream's: a send on it fails with CANCEL.
        Ht2StreamClosedException e = await Assert.ThrowsAsync<Ht2StreamClosedException>(() => request!.SendDataAsync(new byte[1], endStream: true).AsTask().Within(Bound));
        Assert.Equal(Http2ErrorCode.Cancel, e.ErrorCode);
    }

    [Fact]
    public async Task A_body_shorter_than_its_content_length_at_END_STREAM_leaves_the_handle_closed()
    {
        Ht2Stream? request = null;
        await using SessionHarness h = await SessionHarness.StartServerAsync(setup: handler => handler.Request = (stream, ended) => request = stream);

        // content-length: 5 (a literal without indexing of static name 28, RFC 7541 §6.2.2), then 3 bytes and END_STREAM.
        h.Send(Wire.Headers(1, [.. Wire.PostBlock, 0x0F, 0x0D, 0x01, (byte)'5'], endStream: false));
        h.Send(Wire.Data(1, 3, endStream: true));
        await h.ExpectResetAsync(1, Http2ErrorCode.ProtocolError);
        await h.SyncAsync();
        Assert.Equal(Ht2StreamState.Closed, request!.State);
        Assert.Equal(0, h.Session.ActiveStreamCount);
    }

    [Fact]
    public async Task A_send_failed_by_the_peers_reset_fails_even_when_a_new_stream_arrives_in_the_same_read()
    {
        Task? send = null;
        await using SessionHarness h = await SessionHarness.StartServerAsync(setup: handler => handler.Request = (stream, ended) =>
        {
            if (stream.Id == 1)
            {
                stream.SendHeaderBlock(Wire.Status200Block, endStream: false);
                send = stream.SendDataAsync(new byte[10], endStream: true).AsTask();
            }
        });
        h.Send(Wire.Settings((0x4, 0))); // SETTINGS_INITIAL_WINDOW_SIZE 0: the send waits for credit
        h.Send(Wire.Headers(1, Wire.GetBlock, endStream: true));
        await h.SyncAsync();
        Assert.False(send!.IsCompleted);

        // The handler releases stream 1 on its reset; stream 3 opens before the failed send is delivered.
        h.Send(Wire.Concat(Wire.RstStream(1, (uint)Http2ErrorCode.Cancel), Wire.Headers(3, Wire.GetBlock, endStream: true)));
        Ht2StreamClosedException e = await Assert.ThrowsAsync<Ht2StreamClosedException>(() => send.Within(Bound));
        Assert.Equal(Http2ErrorCode.Cancel, e.ErrorCode);
        Assert.Contains("request 3 end=True", h.Handler.Events);
    }

    [Fact]
    public async Task Releasing_an_open_stream_sends_CANCEL_at_once_and_frees_its_slot()
    {
        Ht2Stream? first = null;
        await using SessionHarness h = await SessionHarness.StartServerAsync(new Ht2SessionOptions { MaxConcurrentStreams = 1 }, setup: handler =>
            handler.Request = (stream, ended) => first ??= stream);
        h.Send(Wire.Headers(1, Wire.PostBlock, endStream: false));
        await h.SyncAsync();

        // Nothing else arrives: the release itself wakes the writer.
        first!.Release();
        await h.ExpectResetAsync(1, Http2ErrorCode.Cancel);
        Assert.Equal(0, h.Session.ActiveStreamCount);
        Assert.DoesNotContain(h.Handler.Events, e => e.StartsWith("reset", StringComparison.Ordinal));
        h.Send(Wire.Headers(3, Wire.GetBlock, endStream: true));
        Assert.DoesNotContain(await h.SyncAsync(1), f => f.Type == WireFrame.RstStream);
        Assert.Contains("request 3 end=True", h.Handler.Events);
    }

    [Fact]
    public async Task Releasing_a_stream_fails_its_waiting_send_before_Release_returns()
    {
        (SessionHarness started, Ht2Stream request, ValueTask send) = await WaitingSend.StartAsync();
        await using SessionHarness h = started;

        // The writer is busy (its PING ACK waits for the peer to read): it cannot be the one to fail the send.
        TaskCompletionSource reads = new(TaskCreationOptions.RunContinuationsAsynchronously);
        h.Transport.FlushGate = reads.Task;
        h.Send(Wire.Ping(1));
        request.Release();
        Assert.True(send.IsCompleted, "the waiting send was not failed by the release itself");
        Ht2StreamClosedException failed = await Assert.ThrowsAsync<Ht2StreamClosedException>(() => send.AsTask().Within(Bound));
        Assert.Equal(Http2ErrorCode.Cancel, failed.ErrorCode);
        reads.SetResult();
        await h.ExpectResetAsync(1, Http2ErrorCode.Cancel);
    }

    [Fact]
    public async Task Releasing_a_closed_stream_again_leaves_the_closed_stream_memory_alone()
    {
        Dictionary<uint, Ht2Stream> streams = new();
        await using SessionHarness h = await SessionHarness.StartServerAsync(new Ht2SessionOptions { ClosedStreamMemory = 1 }, setup: handler =>
            handler.Request = (stream, ended) => streams[stream.Id] = stream);
        h.Send(Wire.Concat(Wire.Headers(1, Wire.GetBlock, endStream: true), Wire.Headers(3, Wire.GetBlock, endStream: true)));
        await h.SyncAsync();

        // 1 closes, then 3: the one-entry memory keeps 3. Releasing 1's handle again must not bring 1 back into it.
        streams[1].SendHeaderBlock(Wire.Status200Block, endStream: true);
        streams[3].SendHeaderBlock(Wire.Status200Block, endStream: true);
        streams[1].Release();

        // 1 is still forgotten: DATA there is a stream error STREAM_CLOSED, not the connection error of a stream
        // remembered as ended by END_STREAM.
        h.Send(Wire.Data(1, 3, endStream: false));
        await h.ExpectResetAsync(1, Http2ErrorCode.StreamClosed);
    }

    [Fact]
    public async Task A_request_refused_by_the_message_rules_gives_its_handle_back_to_the_pool()
    {
        await using SessionHarness h = await SessionHarness.StartClientAsync();
        Ht2Stream first = h.Session.OpenStream(Wire.GetFields, endStream: true)!;
        h.Send(Wire.Headers(1, Wire.Status200Block, endStream: true));
        await h.SyncAsync();
        first.Release();
        Assert.Equal(0, h.Session.ActiveStreamCount);

        // The refused request takes the pooled handle and puts it back: the next request gets it, on stream 3.
        Ht2Field[] noPath = [Wire.GetFields[0], Wire.GetFields[1], Wire.GetFields[3]];
        Assert.Throws<ArgumentException>(() => h.Session.OpenStream(noPath, endStream: true));
        Ht2Stream second = h.Session.OpenStream(Wire.GetFields, endStream: true)!;
        Assert.Same(first, second);
        Assert.Equal(3u, second.Id);
    }

    [Fact]
    public async Task The_handle_pool_keeps_at_most_MaxConcurrentStreams_plus_16_handles()
    {
        // Our MaxConcurrentStreams (1) bounds the pool at 17; the server's SETTINGS set no stream limit.
        await using SessionHarness h = await SessionHarness.StartClientAsync(new Ht2SessionOptions { MaxConcurrentStreams = 1 });
        List<Ht2Stream> first = OpenMany(h, 18);
        byte[][] responses = new byte[18][];
        for (int i = 0; i < 18; i++)
        {
            responses[i] = Wire.Headers(first[i].Id, Wire.Status200Block, endStream: true);
        }

        h.Send(Wire.Concat(responses));
        await h.SyncAsync();
        foreach (Ht2Stream stream in first)
        {
            stream.Release();
        }

        Assert.Equal(0, h.Session.ActiveStreamCount);
        HashSet<Ht2Stream> pooled = new(first, ReferenceEqualityComparer.Instance);
        List<Ht2Stream> second = OpenMany(h, 18);
        Assert.Equal(17, second.FindAll(pooled.Contains).Count);
    }

    private static List<Ht2Stream> OpenMany(SessionHarness h, int count)
    {
        List<Ht2Stream> streams = new();
        for (int i = 0; i < count; i++)
        {
            streams.Add(h.Session.OpenStream(Wire.GetFields, endStream: true)!);
        }

        return streams;
    }
}
