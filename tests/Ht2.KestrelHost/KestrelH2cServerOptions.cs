using System;
using Microsoft.AspNetCore.Server.Kestrel.Core;

namespace Ht2.KestrelHost;

/// <summary>How <see cref="KestrelH2cServer"/> listens and logs.</summary>
public sealed class KestrelH2cServerOptions
{
    /// <summary>The loopback port; 0 (the default) lets the kernel choose, see <see cref="KestrelH2cServer.Port"/>.</summary>
    public int Port { get; init; }

    /// <summary>Writes Kestrel's log to the console (off by default, so test output stays readable).</summary>
    public bool ConsoleLogging { get; init; }

    /// <summary>
    /// Stops the host on Ctrl+C and SIGTERM (off by default: a host inside a test process must not take the test
    /// runner's signals).
    /// </summary>
    public bool HandleConsoleSignals { get; init; }

    /// <summary>
    /// Changes Kestrel's options after the host's own (e.g. <c>Limits.Http2.MaxStreamsPerConnection</c>, default
    /// 100). The host turns off the minimum data rates and the request body size limit, so slow or large test
    /// bodies are never cut off by a timer.
    /// </summary>
    public Action<KestrelServerOptions>? ConfigureKestrel { get; init; }
}
