using System;
using System.Linq;
using System.Net;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Ht2.KestrelHost;

/// <summary>
/// Kestrel serving HTTP/2 over cleartext TCP with prior knowledge (h2c, no upgrade, no TLS) on 127.0.0.1, for
/// testing an HTTP/2 client against a server no one here wrote. Endpoints:
/// <list type="bullet">
/// <item><c>GET /bytes/{n}</c>: n bytes of the body pattern (byte i is i mod 251), with content-length; <c>HEAD</c>
/// answers the same header section without the body.</item>
/// <item><c>POST /echo</c>: the request body back as it arrives (content-length copied when the request has one),
/// then the request's trailers as response trailers plus <c>x-echo-bytes</c>.</item>
/// <item><c>GET /trailers</c>, <c>GET /trailers/{n}</c>: 1024 (or n) pattern bytes, then the trailers
/// <c>x-body-bytes: n</c> and <c>x-trailer: done</c>.</item>
/// <item><c>GET /goaway</c>: answers, and Kestrel closes this connection gracefully: GOAWAY (NO_ERROR), the streams
/// it accepted still complete, then the connection closes.</item>
/// <item><c>GET /goaway-after/{n}</c>: the same once this connection has carried n requests to this path.</item>
/// <item><c>GET /slow/{ms}</c>: answers after ms milliseconds (60 s at most).</item>
/// <item><c>GET /hold/{key}</c>: stays in flight until <see cref="Release"/> or <c>GET /release/{key}</c> (from any
/// connection) releases the key; 504 after 60 s.</item>
/// </list>
/// </summary>
public sealed class KestrelH2cServer : IAsyncDisposable
{
    /// <summary>How long <see cref="StartAsync"/> waits for Kestrel to listen.</summary>
    public static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(30);

    /// <summary>How long a graceful stop waits for requests in flight before Kestrel aborts them.</summary>
    public static readonly TimeSpan StopTimeout = TimeSpan.FromSeconds(10);

    private readonly WebApplication _app;
    private readonly HoldRegistry _holds;
    private int _disposed;

    private KestrelH2cServer(WebApplication app, HoldRegistry holds, int port)
    {
        _app = app;
        _holds = holds;
        Port = port;
    }

    /// <summary>The port Kestrel listens on (the kernel's choice when the options asked for 0).</summary>
    public int Port { get; }

    /// <summary><c>http://127.0.0.1:{Port}/</c>.</summary>
    public Uri BaseAddress => new($"http://127.0.0.1:{Port}/");

    /// <summary>Starts Kestrel and returns once it listens (at most <see cref="StartTimeout"/>).</summary>
    public static async Task<KestrelH2cServer> StartAsync(KestrelH2cServerOptions? options = null, CancellationToken cancellationToken = default)
    {
        options ??= new KestrelH2cServerOptions();
        WebApplicationBuilder builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions
        {
            Args = [],
            ApplicationName = typeof(KestrelH2cServer).Assembly.GetName().Name,
            ContentRootPath = AppContext.BaseDirectory,
        });
        builder.Logging.ClearProviders();
        if (options.ConsoleLogging)
        {
            builder.Logging.AddSimpleConsole();
        }

        if (!options.HandleConsoleSignals)
        {
            builder.Services.AddSingleton<IHostLifetime, QuietLifetime>();
        }

        builder.Services.Configure<HostOptions>(host => host.ShutdownTimeout = StopTimeout);
        builder.WebHost.ConfigureKestrel(kestrel =>
        {
            kestrel.Listen(IPAddress.Loopback, options.Port, listen => listen.Protocols = HttpProtocols.Http2);
            kestrel.Limits.MinRequestBodyDataRate = null;
            kestrel.Limits.MinResponseDataRate = null;
            kestrel.Limits.MaxRequestBodySize = null;
            options.ConfigureKestrel?.Invoke(kestrel);
        });

        WebApplication app = builder.Build();
        HoldRegistry holds = new();
        Endpoints.Map(app, holds, new ConnectionRequestCounter());
        try
        {
            await app.StartAsync(cancellationToken).WaitAsync(StartTimeout, cancellationToken);
            string address = app.Services.GetRequiredService<IServer>().Features.GetRequiredFeature<IServerAddressesFeature>().Addresses.Single();
            return new KestrelH2cServer(app, holds, new Uri(address).Port);
        }
        catch
        {
            await app.DisposeAsync();
            throw;
        }
    }

    /// <summary>Releases the requests held on <paramref name="key"/> (or the next one to arrive).</summary>
    public void Release(string key) => _holds.Release(key);

    /// <summary>Completes when the host is asked to stop (Ctrl+C, SIGTERM, or <see cref="DisposeAsync"/>).</summary>
    public Task WaitForShutdownAsync(CancellationToken cancellationToken = default) => _app.WaitForShutdownAsync(cancellationToken);

    /// <summary>
    /// Stops gracefully: every connection gets GOAWAY, requests in flight have <see cref="StopTimeout"/> to finish,
    /// then the rest are aborted.
    /// </summary>
    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }

        // The token is a second bound in case a connection ignores the shutdown timeout: Kestrel then aborts.
        using CancellationTokenSource guard = new(StopTimeout + TimeSpan.FromSeconds(5));
        try
        {
            await _app.StopAsync(guard.Token);
        }
        finally
        {
            await _app.DisposeAsync();
        }
    }
}
