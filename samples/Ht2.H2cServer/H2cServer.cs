using System;
using System.Collections.Concurrent;
using System.Linq;
using System.Net;
using System.Net.Sockets;
using System.Threading.Tasks;

namespace Ht2.H2cServer;

/// <summary>
/// A cleartext HTTP/2 server with prior knowledge (h2c), one <see cref="Ht2Session"/> per connection: every request
/// gets the same response, sized by <see cref="H2cServerOptions"/>. Host it in-process on port 0 and read <see cref="Port"/>.
/// </summary>
public sealed class H2cServer : IAsyncDisposable
{
    private readonly Socket _listener;
    private readonly Ht2SessionOptions _sessionOptions;
    private readonly Responder _responder;
    private readonly ConcurrentDictionary<Ht2Session, bool> _sessions = new();
    private Task _acceptLoop = Task.CompletedTask;

    private H2cServer(Socket listener, H2cServerOptions options)
    {
        _listener = listener;
        _responder = new Responder(new ResponseTemplate(options), options.Padding);
        _sessionOptions = new Ht2SessionOptions
        {
            MaxConcurrentStreams = options.MaxConcurrentStreams,
            Windows = new Ht2WindowPolicy { StreamWindowSize = options.ReceiveWindow, ConnectionWindowSize = options.ReceiveWindow },
        };
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

    /// <summary>Stops accepting, closes the open connections and waits for them to end.</summary>
    public async ValueTask DisposeAsync()
    {
        _listener.Dispose();
        await _acceptLoop.ConfigureAwait(false);
        Ht2Session[] sessions = _sessions.Keys.ToArray();
        foreach (Ht2Session session in sessions)
        {
            session.Abort();
        }

        await Task.WhenAll(sessions.Select(s => s.Completion)).WaitAsync(TimeSpan.FromSeconds(30)).ConfigureAwait(false);
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
            Ht2Session session = Ht2Session.CreateServer(socket, _responder, _sessionOptions);
            _sessions.TryAdd(session, true);
            _ = RunAsync(session);
        }
    }

    private async Task RunAsync(Ht2Session session)
    {
        try
        {
            await session.RunAsync().ConfigureAwait(false);
        }
        catch (Exception e)
        {
            Console.Error.WriteLine($"h2c server: connection failed: {e}");
        }
        finally
        {
            _sessions.TryRemove(session, out _);
        }
    }
}
