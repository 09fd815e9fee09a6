using System;
using Ht2.H2cServer;

namespace Ht2.Conformance.Tests.Harness;

/// <summary>
/// A server whose handshake, SETTINGS ACK and write-stall timeouts are <see cref="Timeout"/>, so the cases about them
/// end within a second; its responses are 1 MiB, so a client that does not read stalls the server's writes. Windows
/// and concurrency are those of the default server.
/// </summary>
public sealed class ShortTimeoutServerFixture : ServerFixture
{
    /// <summary>Every timeout the cases rely on.</summary>
    public static readonly TimeSpan Timeout = TimeSpan.FromMilliseconds(500);

    protected override H2cServerOptions Options => new()
    {
        BodyBytes = 1024 * 1024,
        Session = new Ht2SessionOptions
        {
            HandshakeTimeout = Timeout,
            SettingsAckTimeout = Timeout,
            WriteStallTimeout = Timeout,
            Windows = new Ht2WindowPolicy { StreamWindowSize = 16 * 1024 * 1024, ConnectionWindowSize = 16 * 1024 * 1024 },
        },
    };
}
