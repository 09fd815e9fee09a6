using System.Threading.Tasks;
using Ht2.H2cServer;

namespace Ht2.Conformance.Tests.Harness;

/// <summary>
/// One in-process server per test class: every test opens its own connections, and the server isolates them, so a
/// bad connection from one case cannot affect the next.
/// </summary>
public class ServerFixture : IAsyncLifetime
{
    /// <summary>The response body length: small, so every response fits the default windows.</summary>
    public const int BodyBytes = 10;

    private H2cServer.H2cServer? _server;

    public int Port => _server!.Port;

    /// <summary>The options the server starts with.</summary>
    protected virtual H2cServerOptions Options => new() { BodyBytes = BodyBytes };

    /// <summary>Connects to the server and completes the HTTP/2 handshake with the given client settings.</summary>
    public virtual Task<RawConnection> OpenAsync(params (ushort Id, uint Value)[] settings) => RawConnection.OpenAsync(Port, settings);

    public async Task InitializeAsync() => _server = await H2cServer.H2cServer.StartAsync(Options);

    public async Task DisposeAsync()
    {
        if (_server is not null)
        {
            await _server.DisposeAsync();
        }
    }
}
