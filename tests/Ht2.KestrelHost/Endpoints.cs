using System;
using System.Buffers;
using System.Threading.Tasks;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Connections.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Routing;

namespace Ht2.KestrelHost;

/// <summary>The endpoints the client-role interop tests call; <see cref="KestrelH2cServer"/> lists them.</summary>
internal static class Endpoints
{
    /// <summary>How long <c>/hold/{key}</c> and <c>/slow/{ms}</c> may keep a request open at most.</summary>
    public static readonly TimeSpan WaitLimit = TimeSpan.FromSeconds(60);

    // The body pattern: byte i is i mod 251 (the same bytes Ht2.H2cServer.BodyPattern describes and checks; this
    // host stays independent of the Ht2 projects). The buffer holds a whole number of periods, so every chunk
    // written from its start continues the pattern.
    private const int PatternPeriod = 251;
    private static readonly byte[] s_pattern = CreatePattern(PatternPeriod * 64);

    public static void Map(IEndpointRouteBuilder app, HoldRegistry holds, ConnectionRequestCounter counter)
    {
        app.MapMethods("/bytes/{n:long:min(0)}", ["GET", "HEAD"], (HttpContext context, long n) => SendPatternAsync(context, n, trailers: false));
        app.MapPost("/echo", EchoAsync);
        app.MapGet("/trailers", (HttpContext context) => SendPatternAsync(context, 1024, trailers: true));
        app.MapGet("/trailers/{n:long:min(0)}", (HttpContext context, long n) => SendPatternAsync(context, n, trailers: true));
        app.MapGet("/goaway", (HttpContext context) => GoAwayAsync(context, close: true));
        app.MapGet("/goaway-after/{n:int:min(1)}", (HttpContext context, int n) => GoAwayAsync(context, close: CountOnConnection(context, counter) == n));
        app.MapGet("/slow/{ms:int:min(0)}", SlowAsync);
        app.MapGet("/hold/{key}", (HttpContext context, string key) => HoldAsync(context, holds, key));
        app.MapGet("/release/{key}", (HttpContext context, string key) =>
        {
            holds.Release(key);
            return WriteTextAsync(context, "released\n");
        });
    }

    private static async Task SendPatternAsync(HttpContext context, long length, bool trailers)
    {
        HttpResponse response = context.Response;
        response.ContentType = "application/octet-stream";
        response.ContentLength = length;
        if (trailers)
        {
            response.DeclareTrailer("x-body-bytes");
            response.DeclareTrailer("x-trailer");
        }

        for (long sent = 0; sent < length;)
        {
            int chunk = (int)Math.Min(s_pattern.Length, length - sent);
            await response.Body.WriteAsync(s_pattern.AsMemory(0, chunk), context.RequestAborted);
            sent += chunk;
        }

        if (trailers)
        {
            response.AppendTrailer("x-body-bytes", length.ToString(System.Globalization.CultureInfo.InvariantCulture));
            response.AppendTrailer("x-trailer", "done");
        }
    }

    // Streams the body back as it arrives (both directions move at once, so flow control is exercised both ways),
    // then sends the request's trailers back as response trailers plus x-echo-bytes, the count it echoed.
    private static async Task EchoAsync(HttpContext context)
    {
        HttpResponse response = context.Response;
        response.ContentType = "application/octet-stream";
        response.ContentLength = context.Request.ContentLength;
        byte[] buffer = ArrayPool<byte>.Shared.Rent(64 * 1024);
        long echoed = 0;
        try
        {
            int read;
            while ((read = await context.Request.Body.ReadAsync(buffer, context.RequestAborted)) > 0)
            {
                await response.Body.WriteAsync(buffer.AsMemory(0, read), context.RequestAborted);
                echoed += read;
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }

        IHttpRequestTrailersFeature? requestTrailers = context.Features.Get<IHttpRequestTrailersFeature>();
        if (requestTrailers is { Available: true })
        {
            foreach (var trailer in requestTrailers.Trailers)
            {
                response.AppendTrailer(trailer.Key, trailer.Value);
            }
        }

        response.AppendTrailer("x-echo-bytes", echoed.ToString(System.Globalization.CultureInfo.InvariantCulture));
    }

    // Asks Kestrel to close this connection gracefully: it sends GOAWAY, finishes the streams it already accepted
    // (this one included) and then closes. Other connections are not affected.
    private static Task GoAwayAsync(HttpContext context, bool close)
    {
        if (close)
        {
            IConnectionLifetimeNotificationFeature? lifetime = context.Features.Get<IConnectionLifetimeNotificationFeature>();
            if (lifetime is null)
            {
                context.Response.StatusCode = StatusCodes.Status501NotImplemented;
                return WriteTextAsync(context, "no connection lifetime feature\n");
            }

            lifetime.RequestClose();
        }

        return WriteTextAsync(context, close ? "goaway\n" : "counted\n");
    }

    private static int CountOnConnection(HttpContext context, ConnectionRequestCounter counter)
    {
        string id = context.Connection.Id;
        int count = counter.Increment(id);
        if (count == 1)
        {
            context.Features.Get<IConnectionLifetimeFeature>()?.ConnectionClosed.Register(() => counter.Forget(id));
        }

        return count;
    }

    private static async Task SlowAsync(HttpContext context, int ms)
    {
        await Task.Delay(TimeSpan.FromMilliseconds(Math.Min(ms, WaitLimit.TotalMilliseconds)), context.RequestAborted);
        await WriteTextAsync(context, "slow\n");
    }

    private static async Task HoldAsync(HttpContext context, HoldRegistry holds, string key)
    {
        if (await holds.HoldAsync(key, WaitLimit, context.RequestAborted))
        {
            await WriteTextAsync(context, "released\n");
        }
        else
        {
            context.Response.StatusCode = StatusCodes.Status504GatewayTimeout;
            await WriteTextAsync(context, "never released\n");
        }
    }

    private static Task WriteTextAsync(HttpContext context, string text)
    {
        context.Response.ContentType = "text/plain";
        context.Response.ContentLength = text.Length;
        return context.Response.WriteAsync(text, context.RequestAborted);
    }

    private static byte[] CreatePattern(int length)
    {
        byte[] pattern = new byte[length];
        for (int i = 0; i < pattern.Length; i++)
        {
            pattern[i] = (byte)(i % PatternPeriod);
        }

        return pattern;
    }
}
