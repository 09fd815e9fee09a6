using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Ht2.H2cServer;

namespace Ht2.Interop.Tests;

/// <summary>
/// The client role of <see cref="Ht2Session"/> against Kestrel (ASP.NET Core's HTTP/2 server, h2c with prior
/// knowledge): many concurrent streams, large bodies both ways, trailers both ways, a GOAWAY in flight, 404, HEAD.
/// </summary>
public sealed class SessionClientKestrelTests : IClassFixture<KestrelH2cHost>
{
    private const int TenMiB = 10 * 1024 * 1024;
    private const int EightMiB = 8 * 1024 * 1024;
    private readonly KestrelH2cHost _kestrel;

    public SessionClientKestrelTests(KestrelH2cHost kestrel) => _kestrel = kestrel;

    [Fact]
    public Task Two_hundred_requests_share_one_connection_within_the_advertised_concurrency() =>
        SessionClientScenarios.ManyConcurrentStreamsAsync(_kestrel.Port, 200, i =>
        {
            int length = i * 7919 % 100_003;
            return ($"/bytes/{length}", length);
        });

    [Fact]
    public Task Responses_decode_with_no_dynamic_table_advertised() =>
        SessionClientScenarios.ManyConcurrentStreamsAsync(_kestrel.Port, 100, i => ($"/bytes/{i}", i), new Ht2SessionOptions { HeaderTableSize = 0 });

    [Fact]
    public Task Ten_MiB_download_arrives_byte_exact() =>
        SessionClientScenarios.DownloadAsync(_kestrel.Port, $"/bytes/{TenMiB}", TenMiB);

    [Fact]
    public async Task Eight_MiB_upload_is_echoed_byte_exact()
    {
        ClientExchange echo = await SessionClientScenarios.EchoAsync(_kestrel.Port, "/echo", EightMiB, seed: 8);

        Assert.Equal(EightMiB.ToString(System.Globalization.CultureInfo.InvariantCulture), echo.Trailers?["x-echo-bytes"]);
    }

    [Fact]
    public Task Response_trailers_arrive_after_the_body() =>
        SessionClientScenarios.TrailersAfterBodyAsync(_kestrel.Port, "/trailers/300000", 300_000, ("x-body-bytes", "300000"), ("x-trailer", "done"));

    [Fact]
    public async Task Request_trailers_reach_the_server_and_come_back()
    {
        ClientExchange echo = await SessionClientScenarios.EchoAsync(_kestrel.Port, "/echo", 200_001, seed: 9, ("x-checksum", "c0ffee"), ("x-parts", "1"));

        Assert.Equal(ExchangeEnd.Trailers, echo.End);
        Assert.Equal("c0ffee", echo.Trailers?["x-checksum"]);
        Assert.Equal("1", echo.Trailers?["x-parts"]);
        Assert.Equal("200001", echo.Trailers?["x-echo-bytes"]);
    }

    [Fact]
    public Task Downloads_cancelled_mid_body_leave_the_connection_usable() =>
        SessionClientScenarios.CancelMidDownloadAsync(_kestrel.Port, $"/bytes/{TenMiB}", TenMiB, rounds: 10);

    [Fact]
    public Task Client_graceful_shutdown_lets_the_download_in_flight_finish() =>
        SessionClientScenarios.ShutdownWhileDownloadingAsync(_kestrel.Port, $"/bytes/{TenMiB}", TenMiB);

    [Fact]
    public Task Missing_path_is_a_404() =>
        SessionClientScenarios.NotFoundAsync(_kestrel.Port, "/nothing-here", "/bytes/10");

    [Fact]
    public Task Head_announces_the_length_without_a_body() =>
        SessionClientScenarios.HeadAsync(_kestrel.Port, "/bytes/5000", 5000);

    [Fact]
    public async Task Goaway_in_flight_finishes_accepted_streams_and_starts_no_new_ones()
    {
        // A dedicated host: the connection it closes must not be one another test shares. The held request is
        // released only once the GOAWAY arrived, so it provably completes after it; the small requests sent in the
        // same burst land on either side of the server's last-stream-id, whichever the server chose.
        await using KestrelH2cHost kestrel = await KestrelH2cHost.StartAsync();
        await using SessionClient client = await SessionClient.ConnectAsync(kestrel.Port);
        string key = Guid.NewGuid().ToString("N");
        ClientExchange held = client.Send("GET", $"/hold/{key}", endStream: true)!;
        ClientExchange goaway = client.Send("GET", "/goaway", endStream: true)!;
        List<ClientExchange> burst = new();
        for (int i = 0; i < 20 && client.Send("GET", $"/bytes/{1000 + i}", endStream: true) is { } exchange; i++)
        {
            burst.Add(exchange);
        }

        await client.FirstGoAway.Within(SessionClient.Bound);
        Assert.Null(client.Send("GET", "/bytes/1", endStream: true));
        Assert.False(held.Ended.IsCompleted, held.ToString());
        kestrel.Release(key);
        await Task.WhenAll(client.Exchanges.Select(e => e.Ended)).Within(SessionClient.Bound);
        await client.Connection.Within(SessionClient.Bound);

        uint lastStreamId = client.GoAways.Min(g => g.LastStreamId);
        Assert.All(client.GoAways, g => Assert.Equal(Http2ErrorCode.NoError, g.Code));
        Assert.True(lastStreamId >= goaway.StreamId, string.Join(", ", client.GoAways));
        await held.AssertCompletedAsync(200);
        Assert.Equal("released\n", held.Text);
        await goaway.AssertCompletedAsync(200);
        foreach (ClientExchange exchange in burst)
        {
            if (exchange.StreamId <= lastStreamId)
            {
                await exchange.AssertCompletedAsync(200);
            }
            else
            {
                Assert.True(exchange.ResetCode == Http2ErrorCode.RefusedStream, $"{exchange} is above the last stream id {lastStreamId}: it must be refused (retryable).");
            }
        }

        Assert.Equal(2 + burst.Count, client.Exchanges.Count);
        Assert.Equal(Http2ErrorCode.NoError, client.Session.CloseReason);
    }

    [Fact]
    public async Task Goaway_refuses_the_streams_above_its_last_stream_id_as_retryable()
    {
        // Kestrel answers /goaway, sends its final GOAWAY (last stream id 1) and closes, while the proxy holds the
        // wire: the three requests the client sends meanwhile cross the GOAWAY, as on a slow network, and reach
        // Kestrel only after it closed. The session must report them refused (safe to retry elsewhere).
        await using KestrelH2cHost kestrel = await KestrelH2cHost.StartAsync();
        await using HoldingProxy proxy = HoldingProxy.Start(kestrel.Port);
        await using SessionClient client = await SessionClient.ConnectAsync(proxy.Port);
        proxy.Hold();
        ClientExchange goaway = client.Send("GET", "/goaway", endStream: true)!;

        await proxy.ServerClosed.Within(SessionClient.Bound);
        ClientExchange[] late = [.. Enumerable.Range(0, 3).Select(i => client.Send("GET", $"/bytes/{10 + i}", endStream: true)!)];
        await proxy.ReleaseAsync();
        await Task.WhenAll(client.Exchanges.Select(e => e.Ended)).Within(SessionClient.Bound);
        await client.Connection.Within(SessionClient.Bound);

        Assert.Equal(goaway.StreamId, client.GoAways[^1].LastStreamId);
        Assert.All(client.GoAways, g => Assert.Equal(Http2ErrorCode.NoError, g.Code));
        await goaway.AssertCompletedAsync(200);
        Assert.Equal("goaway\n", goaway.Text);
        Assert.All(late, e => Assert.True(e.End == ExchangeEnd.Reset && e.ResetCode == Http2ErrorCode.RefusedStream, e.ToString()));
        Assert.Null(client.Send("GET", "/bytes/1", endStream: true));
        Assert.Equal(0, client.Session.ActiveStreamCount);
    }

    [Fact]
    public async Task Interim_100_continue_precedes_the_final_response()
    {
        // The body is sent only once the 100 arrived, as a client that asked for it does: Kestrel sends the 100 when
        // the application starts reading a body that has not arrived yet.
        await using SessionClient client = await SessionClient.ConnectAsync(_kestrel.Port);
        byte[] upload = BodyPattern.Create(70_001);
        ClientExchange exchange = client.Send("POST", "/echo", endStream: false, ("expect", "100-continue"), ("content-length", "70001"))!;

        await exchange.InformationalReceived.Within(SessionClient.Bound);
        Assert.False(exchange.Ended.IsCompleted, exchange.ToString());
        await exchange.Stream.SendDataAsync(upload, endStream: true).AsTask().Within(SessionClient.Bound);

        await exchange.AssertCompletedAsync(200);
        Assert.Equal([100], exchange.Informational);
        Assert.Equal(-1, BodyPattern.FindMismatch(exchange.Body.ToArray()));
        Assert.Equal(70_001, exchange.Body.Length);
    }

    [Fact]
    public async Task Complete_response_before_the_upload_is_kept_and_later_sends_fail_with_the_peers_code()
    {
        // Kestrel answers 404 at once, then asks the client to stop sending with RST_STREAM NO_ERROR (RFC 9113 §8.1):
        // the response must reach the application whole, a send after the reset fails with the peer's NO_ERROR (not
        // a code of our own), and the connection (its windows included) stays usable.
        await using SessionClient client = await SessionClient.ConnectAsync(_kestrel.Port, SessionClient.SmallWindows);
        ClientExchange early = client.Send("POST", "/nothing-here", endStream: false)!;
        Http2ErrorCode peerCode = await early.PeerReset.Within(SessionClient.Bound);

        Task send = early.Stream.SendDataAsync(new byte[EightMiB], endStream: true).AsTask();
        Ht2StreamClosedException stopped = await Assert.ThrowsAsync<Ht2StreamClosedException>(() => send.Within(SessionClient.Bound));
        early.SendingDone();
        ClientExchange next = client.Send("GET", $"/bytes/{TenMiB}", endStream: true)!;

        Assert.Equal(Http2ErrorCode.NoError, peerCode);
        Assert.Equal(Http2ErrorCode.NoError, stopped.ErrorCode);
        Assert.Equal(404, early.Status);
        Assert.Equal(ExchangeEnd.Headers, early.End);
        await next.AssertCompletedAsync(200);
        Assert.Equal(-1, BodyPattern.FindMismatch(next.Body.GetBuffer().AsSpan(0, TenMiB)));
        Assert.Equal(TenMiB, next.Body.Length);
        Assert.Null(client.Session.CloseReason);
    }

    [Fact]
    public async Task Largest_frames_both_ways_carry_byte_exact_bodies()
    {
        // Both sides allow 16 MiB - 1 frames and large windows: DATA frames may grow far past 16 KiB both ways, so the session's read buffer and its frame splitting work at the protocol's largest sizes.
        const int largest = 16 * 1024 * 1024 - 1;
        await using KestrelH2cHost kestrel = await KestrelH2cHost.StartAsync(options =>
        {
            options.Limits.Http2.MaxFrameSize = largest;
            options.Limits.Http2.InitialConnectionWindowSize = 64 * 1024 * 1024;
            options.Limits.Http2.InitialStreamWindowSize = 32 * 1024 * 1024;
        });
        Ht2SessionOptions options = new()
        {
            MaxFrameSize = largest,
            Windows = new Ht2WindowPolicy { StreamWindowSize = 32 * 1024 * 1024, ConnectionWindowSize = 64 * 1024 * 1024 },
        };
        await using SessionClient client = await SessionClient.ConnectAsync(kestrel.Port, options);
        Assert.Equal((uint)largest, (await client.Settings).MaxFrameSize);
        byte[] upload = new byte[EightMiB];
        new Random(16).NextBytes(upload);

        ClientExchange download = client.Send("GET", $"/bytes/{TenMiB}", endStream: true)!;
        ClientExchange echo = client.Send("POST", "/echo", endStream: false)!;
        await echo.Stream.SendDataAsync(upload, endStream: true).AsTask().Within(SessionClient.Bound);

        await download.AssertCompletedAsync(200);
        Assert.Equal(TenMiB, download.Body.Length);
        Assert.Equal(-1, BodyPattern.FindMismatch(download.Body.GetBuffer().AsSpan(0, TenMiB)));
        await echo.AssertCompletedAsync(200);
        Assert.True(upload.AsSpan().SequenceEqual(echo.Body.ToArray()), "The echo differs from the upload.");
    }

    [Fact]
    public async Task Three_concurrent_streams_advertised_are_never_exceeded()
    {
        await using KestrelH2cHost kestrel = await KestrelH2cHost.StartAsync(options => options.Limits.Http2.MaxStreamsPerConnection = 3);

        await SessionClientScenarios.ManyConcurrentStreamsAsync(kestrel.Port, 60, i => ($"/bytes/{20_000 + i}", 20_000 + i));
    }

    [Fact]
    public async Task A_send_continuation_may_reset_another_upload_in_flight()
    {
        // An application without a synchronization context: the continuation after a finished send runs where the
        // session completes it. There it cancels a sibling upload that is still sending, as a proxy whose other side
        // went away would. The sibling's send must fail with CANCEL; the finished upload and the connection must not.
        await using SessionClient client = await SessionClient.ConnectAsync(_kestrel.Port);
        ClientExchange sibling = client.Send("POST", "/echo", endStream: false)!;
        ClientExchange first = client.Send("POST", "/echo", endStream: false)!;
        byte[] upload = BodyPattern.Create(1024 * 1024 + 1);
        Task siblingSend = sibling.Stream.SendDataAsync(new byte[EightMiB], endStream: true).AsTask();

        // More than Kestrel's 768 KiB stream window: the send ends only after a WINDOW_UPDATE, long after the await.
        Task firstThenCancel = Task.Run(async () =>
        {
            await first.Stream.SendDataAsync(upload, endStream: true).ConfigureAwait(false);
            sibling.Stream.Reset(Http2ErrorCode.Cancel);
        });

        await firstThenCancel.Within(SessionClient.Bound);
        Ht2StreamClosedException cancelled = await Assert.ThrowsAsync<Ht2StreamClosedException>(() => siblingSend.Within(SessionClient.Bound));
        Assert.Equal(Http2ErrorCode.Cancel, cancelled.ErrorCode);
        await first.AssertCompletedAsync(200);
        Assert.Equal(-1, BodyPattern.FindMismatch(first.Body.ToArray()));
        Assert.Equal(upload.Length, first.Body.Length);
        ClientExchange after = client.Send("GET", "/bytes/1000", endStream: true)!;
        await after.AssertCompletedAsync(200);
        Assert.False(client.Connection.IsFaulted, client.Connection.Exception?.ToString());
        Assert.Null(client.Session.CloseReason);
    }

    [Fact]
    public async Task A_handler_may_reset_while_a_send_continuation_runs()
    {
        // A send's continuation runs inline where the session delivers the completion (the writer, after its flush).
        // While it runs, the read loop delivers a held response whose handler cancels that download, and then the
        // continuation sends its next chunk: neither the handler's reset nor the next send may wait for the other.
        // The gated stream orders it: the continuation is registered before the flush, and the response, already
        // read from the socket, reaches the session only once the continuation runs. Kestrel does not read the upload (a held request), so nothing else
        // arrives meanwhile. A dedicated host, and no disposal on failure: a deadlocked session cannot be closed.
        await using KestrelH2cHost kestrel = await KestrelH2cHost.StartAsync();
        GatedStream? gate = null;
        SessionClient client = await SessionClient.ConnectAsync(kestrel.Port, gate: g => gate = g);
        await client.Send("GET", "/bytes/1", endStream: true)!.AssertCompletedAsync(200);
        string downloadKey = Guid.NewGuid().ToString("N");
        string uploadKey = Guid.NewGuid().ToString("N");
        ClientExchange download = client.Send("GET", $"/hold/{downloadKey}", endStream: true)!;
        download.CancelAtResponse = true;
        ClientExchange upload = client.Send("GET", $"/hold/{uploadKey}", endStream: false)!;
        byte[] body = new byte[2000];

        gate!.HoldReads();
        kestrel.Release(downloadKey);
        await gate.ReadHeld.Within(SessionClient.Bound);
        gate.HoldWrites();
        Task firstChunk = upload.Stream.SendDataAsync(body.AsMemory(0, 1000), endStream: false).AsTask();
        Task<Task> nextChunk = firstChunk.ContinueWith(
            _ =>
            {
                // The read loop resumes on a thread of its own, not on this one (inside the session) nor on the pool.
                new Thread(gate.ReleaseReads).Start();
                Assert.True(download.ResponseStarted.Wait(WaitBreaker.Bound(TimeSpan.FromSeconds(10))), "The held response never arrived.");
                return upload.Stream.SendDataAsync(body.AsMemory(1000), endStream: true).AsTask();
            },
            TaskContinuationOptions.ExecuteSynchronously);
        gate.ReleaseWrites();

        await (await nextChunk.Within(TimeSpan.FromSeconds(20))).Within(SessionClient.Bound);
        kestrel.Release(uploadKey);
        await download.Ended.Within(SessionClient.Bound);
        Assert.True(download.CancelledByUs, download.ToString());
        await upload.AssertCompletedAsync(200);
        Assert.Equal("released\n", upload.Text);
        ClientExchange after = client.Send("GET", "/bytes/1000", endStream: true)!;
        await after.AssertCompletedAsync(200);
        await client.DisposeAsync();
    }

    [Fact]
    public async Task A_connection_lost_mid_flush_fails_the_send_it_carried()
    {
        // The whole 48 MiB upload goes out as one flush (16 MiB frames, large windows, no per-write cap); the proxy
        // stops reading, so the flush stalls once the socket buffers are full, and then resets the connection. The
        // send whose last frame was in that flush must fail, not wait for ever.
        const int largest = 16 * 1024 * 1024 - 1;
        await using KestrelH2cHost kestrel = await KestrelH2cHost.StartAsync(options =>
        {
            options.Limits.Http2.MaxFrameSize = largest;
            options.Limits.Http2.InitialConnectionWindowSize = 128 * 1024 * 1024;
            options.Limits.Http2.InitialStreamWindowSize = 128 * 1024 * 1024;
        });
        await using HoldingProxy proxy = HoldingProxy.Start(kestrel.Port);
        await using SessionClient client = await SessionClient.ConnectAsync(proxy.Port, new Ht2SessionOptions { MaxDataBytesPerWrite = 64 * 1024 * 1024 });
        ClientExchange upload = client.Send("POST", "/echo", endStream: false)!;
        await client.Send("GET", "/bytes/1", endStream: true)!.AssertCompletedAsync(200);
        proxy.StopReadingClient();

        Task send = upload.Stream.SendDataAsync(new byte[48 * 1024 * 1024], endStream: true).AsTask();
        Assert.False(send.IsCompleted);
        proxy.ResetClient();

        Exception failure = await Assert.ThrowsAnyAsync<Exception>(() => send.WaitAsync(TimeSpan.FromSeconds(20)));
        Assert.IsType<Ht2StreamClosedException>(failure);
        await client.Connection.Within(SessionClient.Bound);
    }
}
