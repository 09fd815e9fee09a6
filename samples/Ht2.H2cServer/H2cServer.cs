using System;
using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using System.Threading.Tasks;

namespace Ht2.H2cServer;

/// <summary>
/// A cleartext HTTP/2 server with prior knowledge (h2c, no Upgrade), built only on Ht2.Runtime: every request gets
/// the same response, sized by <see cref="H2cServerOptions"/>. Host it in-process on port 0 and read <see cref="Port"/>.
/// </summary>
public sealed class H2cServer : IAsyncDisposable
{
    private readonly Socket _listener;
    private readonly H2cServerOptions _options;
    private readonly ResponseTemplate _response;
    private readonly ConcurrentDictionary<Task, bool> _connections = new();
    private Task _acceptLoop = Task.CompletedTask;

    private H2cServer(Socket listener, H2cServerOptions options)
    {
        _listener = listener;
        _options = options;
        _response = new ResponseTemplate(options);
        Port = ((IPEndPoint)listener.LocalEndPoint!).Port;
    }

    /// <summary>The port the server listens on.</summary>
    public int Port { get; }

    /// <summary>Binds, listens and starts accepting; returns once connections can be made.</summary>
    /// <exception cref="ArgumentOutOfRangeException">An option is out of range.</exception>
    /// <exception cref="SocketException">The address or port cannot be bound.</exception>
    public static Task<H2cServer> StartAsync(H2cServerOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        Socket listener = new(options.Address.AddressFamily, SocketType.Stream, ProtocolType.Tcp);
        try
        {
            listener.Bind(new IPEndPoint(options.Address, options.Port));
            listener.Listen(512);
        }
        catch
        {
            listener.Dispose();
            throw;
        }

        H2cServer server = new(listener, options);
        server._acceptLoop = server.AcceptLoopAsync();
        return Task.FromResult(server);
    }

    /// <summary>Stops accepting and waits for the open connections to end (closing the listener does not close them).</summary>
    public async ValueTask DisposeAsync()
    {
        _listener.Dispose();
        await _acceptLoop.ConfigureAwait(false);
    }

    private async Task AcceptLoopAsync()
    {
        while (true)
        {
            Socket socket;
            try
            {
                socket = await _listener.AcceptAsync().ConfigureAwait(false);
            }
            catch (Exception e) when (e is SocketException or ObjectDisposedException)
            {
                return;
            }

            socket.NoDelay = true;
            ServerConnection connection = new(socket, _options, _response);

            // Each connection on the pool, so one busy read loop never delays accepting the next.
            Task run = Task.Run(connection.RunAsync);
            _connections.TryAdd(run, true);
            _ = run.ContinueWith(static (t, state) => ((ConcurrentDictionary<Task, bool>)state!).TryRemove(t, out _), _connections, TaskScheduler.Default);
        }
    }
}
