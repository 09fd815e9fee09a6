using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Ht2.H2cServer;

namespace Ht2.Interop.Tests;

/// <summary>
/// The client-role cases run against every external server (nghttpd, Kestrel): the server only decides the paths.
/// Each case opens its own connection with <see cref="SessionClient"/> and checks what the session reported.
/// </summary>
internal static class SessionClientScenarios
{
    /// <summary>
    /// Sends <paramref name="requests"/> GETs on one connection, keeping as many in flight as the server advertised
    /// in SETTINGS_MAX_CONCURRENT_STREAMS (never more), and checks every body byte-exact against the pattern.
    /// <paramref name="target"/> gives request i's path and body length; <paramref name="options"/> the session's.
    /// </summary>
    public static async Task ManyConcurrentStreamsAsync(int port, int requests, Func<int, (string Path, int Length)> target, Ht2SessionOptions? options = null)
    {
        await using SessionClient client = await SessionClient.ConnectAsync(port, options);
        uint advertised = (await client.Settings).MaxConcurrentStreams;
        Assert.InRange(advertised, 1u, 10_000u);
        SemaphoreSlim inFlight = new((int)advertised);
        List<(ClientExchange Exchange, int Length)> sent = new();
        for (int i = 0; i < requests; i++)
        {
            Assert.True(await inFlight.WithinAsync(SessionClient.Bound), $"No stream finished in time; {sent.Count(s => !s.Exchange.Ended.IsCompleted)} in flight.");
            (string path, int length) = target(i);

            // A stream leaves the session's count within the same read-loop step that ended it, before the
            // continuation below can run, so the session must accept a new stream whenever the gate lets one through.
            ClientExchange exchange = client.Send("GET", path, endStream: true)
                ?? throw new Xunit.Sdk.XunitException($"OpenStream refused request {i} with {sent.Count(s => !s.Exchange.Ended.IsCompleted)} in flight (advertised {advertised}).");
            _ = exchange.Ended.ContinueWith(_ => inFlight.Release(), TaskScheduler.Default);
            sent.Add((exchange, length));
        }

        await Task.WhenAll(sent.Select(s => s.Exchange.Ended)).Within(SessionClient.Bound);
        Assert.Equal(Enumerable.Range(0, requests).Select(i => (uint)((2 * i) + 1)), sent.Select(s => s.Exchange.StreamId));
        foreach ((ClientExchange exchange, int length) in sent)
        {
            await exchange.AssertCompletedAsync(200);
            Assert.True(exchange.Body.Length == length, $"{exchange}, expected {length} bytes");
            Assert.Equal(-1, BodyPattern.FindMismatch(exchange.Body.GetBuffer().AsSpan(0, length)));
        }

        Assert.Equal(0, client.Session.ActiveStreamCount);
        Assert.Null(client.Session.CloseReason);
    }

    /// <summary>
    /// GETs <paramref name="path"/> with 65,535-byte receive windows and checks the pattern body of
    /// <paramref name="length"/> bytes, announced by content-length unless <paramref name="expectContentLength"/> is false.
    /// </summary>
    public static async Task DownloadAsync(int port, string path, int length, bool expectContentLength = true)
    {
        await using SessionClient client = await SessionClient.ConnectAsync(port, SessionClient.SmallWindows);

        ClientExchange exchange = client.Send("GET", path, endStream: true)!;

        await exchange.AssertCompletedAsync(200);
        Assert.Equal(expectContentLength ? length : -1, exchange.ContentLength);
        Assert.Equal(length, exchange.Body.Length);
        Assert.Equal(-1, BodyPattern.FindMismatch(exchange.Body.GetBuffer().AsSpan(0, length)));
    }

    /// <summary>
    /// POSTs <paramref name="length"/> random bytes (one send, flow-controlled by the session) to an echoing
    /// <paramref name="path"/>, with <paramref name="requestTrailers"/> after the body when given, and asserts the
    /// echo is byte-exact. Returns the exchange for server-specific checks.
    /// </summary>
    public static async Task<ClientExchange> EchoAsync(int port, string path, int length, int seed, params (string Name, string Value)[] requestTrailers)
    {
        byte[] upload = new byte[length];
        new Random(seed).NextBytes(upload);
        await using SessionClient client = await SessionClient.ConnectAsync(port, SessionClient.SmallWindows);
        bool trailers = requestTrailers.Length > 0;

        ClientExchange exchange = client.Send("POST", path, endStream: false, ("content-length", length.ToString(System.Globalization.CultureInfo.InvariantCulture)))!;
        await exchange.Stream.SendDataAsync(upload, endStream: !trailers).AsTask().Within(SessionClient.Bound);
        if (trailers)
        {
            exchange.Stream.SendTrailers(requestTrailers.Select(t => SessionClient.Field(t.Name, t.Value)).ToArray());
        }

        await exchange.AssertCompletedAsync(200);
        Assert.Equal(length, exchange.Body.Length);
        Assert.True(upload.AsSpan().SequenceEqual(exchange.Body.GetBuffer().AsSpan(0, length)), "The echo differs from the upload.");
        return exchange;
    }

    /// <summary>
    /// GETs <paramref name="path"/> and asserts the pattern body of <paramref name="length"/> bytes arrived whole
    /// before the trailer section, which ended the response and carries <paramref name="expected"/>.
    /// </summary>
    public static async Task TrailersAfterBodyAsync(int port, string path, int length, params (string Name, string Value)[] expected)
    {
        await using SessionClient client = await SessionClient.ConnectAsync(port, SessionClient.SmallWindows);

        ClientExchange exchange = client.Send("GET", path, endStream: true)!;

        await exchange.AssertCompletedAsync(200);
        Assert.Equal(ExchangeEnd.Trailers, exchange.End);
        Assert.Equal(length, exchange.BodyBytesAtTrailers);
        Assert.Equal(-1, BodyPattern.FindMismatch(exchange.Body.GetBuffer().AsSpan(0, length)));
        foreach ((string name, string value) in expected)
        {
            Assert.True(exchange.Trailers!.TryGetValue(name, out string? received) && received == value, $"trailer {name}: {value} missing; got {string.Join(", ", exchange.Trailers)}");
        }

        Assert.DoesNotContain(exchange.Trailers!.Keys, name => name.StartsWith(':'));
    }

    /// <summary>GETs a path the server does not have: a 404 that ends normally, and the connection stays usable.</summary>
    public static async Task NotFoundAsync(int port, string missing, string present)
    {
        await using SessionClient client = await SessionClient.ConnectAsync(port);

        ClientExchange notFound = client.Send("GET", missing, endStream: true)!;
        await notFound.AssertCompletedAsync(404);
        ClientExchange found = client.Send("GET", present, endStream: true)!;

        await found.AssertCompletedAsync(200);
        Assert.Null(client.Session.CloseReason);
    }

    /// <summary>
    /// HEADs <paramref name="path"/>: a 200 whose content-length announces <paramref name="length"/> bytes that
    /// never come (RFC 9110 §9.3.2), which the session must not take for a content-length mismatch.
    /// </summary>
    public static async Task HeadAsync(int port, string path, int length)
    {
        await using SessionClient client = await SessionClient.ConnectAsync(port);

        ClientExchange head = client.Send("HEAD", path, endStream: true)!;
        await head.AssertCompletedAsync(200);
        ClientExchange get = client.Send("GET", path, endStream: true)!;

        Assert.Equal(length, head.ContentLength);
        Assert.Equal(0, head.Body.Length);
        Assert.Null(head.ResetCode);
        await get.AssertCompletedAsync(200);
        Assert.Equal(length, get.Body.Length);
    }

    /// <summary>
    /// Cancels <paramref name="rounds"/> downloads of <paramref name="path"/> from inside the DATA event (RST_STREAM
    /// CANCEL while the server is still sending), then downloads it whole on the same connection: the DATA the server
    /// had in flight for the cancelled streams must still return connection-window credit (65,535-byte windows), and
    /// a reset from a handler must not stall the session.
    /// </summary>
    public static async Task CancelMidDownloadAsync(int port, string path, int length, int rounds)
    {
        await using SessionClient client = await SessionClient.ConnectAsync(port, SessionClient.SmallWindows);
        for (int i = 0; i < rounds; i++)
        {
            ClientExchange cancelled = client.Send("GET", path, endStream: true)!;
            cancelled.CancelAtBodyBytes = 100_000 + (i * 10_007);
            await cancelled.Ended.Within(SessionClient.Bound);
            Assert.True(cancelled.CancelledByUs, cancelled.ToString());
        }

        ClientExchange whole = client.Send("GET", path, endStream: true)!;

        await whole.AssertCompletedAsync(200);
        Assert.Equal(length, whole.Body.Length);
        Assert.Equal(-1, BodyPattern.FindMismatch(whole.Body.GetBuffer().AsSpan(0, length)));
        Assert.Null(client.Session.CloseReason);
    }

    /// <summary>
    /// Starts a download of <paramref name="path"/> (65,535-byte windows), and once its first bytes arrived shuts the
    /// session down gracefully (our GOAWAY): no new stream may start, the download still completes byte-exact, and
    /// the connection then ends with NO_ERROR.
    /// </summary>
    public static async Task ShutdownWhileDownloadingAsync(int port, string path, int length)
    {
        await using SessionClient client = await SessionClient.ConnectAsync(port, SessionClient.SmallWindows);
        ClientExchange download = client.Send("GET", path, endStream: true)!;

        await download.FirstData.Within(SessionClient.Bound);
        client.Session.Shutdown();

        Assert.Null(client.Send("GET", path, endStream: true));
        await download.AssertCompletedAsync(200);
        Assert.Equal(length, download.Body.Length);
        Assert.Equal(-1, BodyPattern.FindMismatch(download.Body.GetBuffer().AsSpan(0, length)));
        await client.Connection.Within(SessionClient.Bound);
        Assert.Equal(Http2ErrorCode.NoError, client.Session.CloseReason);
    }
}
