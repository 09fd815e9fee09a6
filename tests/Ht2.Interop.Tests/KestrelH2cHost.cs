using System;
using System.Threading.Tasks;
using Ht2.KestrelHost;
using Microsoft.AspNetCore.Server.Kestrel.Core;

namespace Ht2.Interop.Tests;

/// <summary>
/// Kestrel (ASP.NET Core's server, no code of ours) serving h2c with prior knowledge inside the test process, on a
/// loopback port the kernel picks; <see cref="Port"/> and <see cref="BaseAddress"/> say where. For one test:
/// <c>await using KestrelH2cHost kestrel = await KestrelH2cHost.StartAsync();</c>; for a test class:
/// <c>IClassFixture&lt;KestrelH2cHost&gt;</c> (xunit starts it before the first test and stops it after the last).
/// The endpoints (<c>/bytes/{n}</c>, <c>/echo</c>, <c>/trailers</c>, <c>/goaway</c>, <c>/goaway-after/{n}</c>,
/// <c>/slow/{ms}</c>, <c>/hold/{key}</c> with <see cref="Release"/>) are described on <see cref="KestrelH2cServer"/>.
/// </summary>
public sealed class KestrelH2cHost : IAsyncLifetime, IAsyncDisposable
{
    private readonly Action<KestrelServerOptions>? _configure;
    private KestrelH2cServer? _server;

    /// <summary>For xunit's class fixtures: Kestrel with the host's defaults.</summary>
    public KestrelH2cHost()
    {
    }

    private KestrelH2cHost(Action<KestrelServerOptions>? configure) => _configure = configure;

    /// <summary>The port Kestrel listens on, on 127.0.0.1.</summary>
    public int Port => Server.Port;

    /// <summary><c>http://127.0.0.1:{Port}/</c>.</summary>
    public Uri BaseAddress => Server.BaseAddress;

    private KestrelH2cServer Server => _server ?? throw new InvalidOperationException("The Kestrel host is not started.");

    /// <summary>
    /// Starts Kestrel and returns once it listens (bounded by <see cref="KestrelH2cServer.StartTimeout"/>).
    /// <paramref name="configure"/> may change Kestrel's options, e.g. <c>Limits.Http2.MaxStreamsPerConnection</c>.
    /// </summary>
    public static async Task<KestrelH2cHost> StartAsync(Action<KestrelServerOptions>? configure = null)
    {
        KestrelH2cHost host = new(configure);
        await host.InitializeAsync();
        return host;
    }

    /// <summary>Lets the requests held on <c>/hold/{key}</c> complete.</summary>
    public void Release(string key) => Server.Release(key);

    /// <inheritdoc/>
    public async Task InitializeAsync() =>
        _server = await KestrelH2cServer.StartAsync(new KestrelH2cServerOptions { ConfigureKestrel = _configure });

    /// <summary>Stops Kestrel gracefully (bounded by <see cref="KestrelH2cServer.StopTimeout"/>).</summary>
    public ValueTask DisposeAsync() => _server?.DisposeAsync() ?? ValueTask.CompletedTask;

    Task IAsyncLifetime.DisposeAsync() => DisposeAsync().AsTask();
}
