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
    private readonly Task _acceptLoop;

    private H2cServer(Socket listener, H2cServerOptions options, Ht2SessionOptions sessionOptions)
    {
        _listener = listener;
        _responder = new Responder(options);
        _sessionOptions = sessionOptions;
        Port = ((IPEndPoint)listener.LocalEndPoint!).Port;
        _acceptLoop = AcceptLoopAsync();
    }

    /// <summary>The port the server listens on.</summary>
    public int Port { get; }

    /// <summary>Binds, listens and starts accepting; returns once connections can be made.</summary>
    /// <exception cref="ArgumentOutOfRangeException">An option is out of range.</exception>
    /// <exception cref="SocketException">The address or port cannot be bound.</exception>
    public static Task<H2cServer> StartAsync(H2cServerOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        Ht2SessionOptions sessionOptions = options.Validate();
        Socket listener = new(options.Address.AddressFamily, SocketType.Stream, ProtocolType.Tcp);
        try
        {
            listener.Bind(new IPEndPoint(options.Address, options.Port));
            listener.Listen(512);
            return Task.FromResult(new H2cServer(listener, options, sessionOptions));
        }
        catch
        {
            listener.Dispose();
            throw;
        }
    }

    /// <summary>Stops accepting, closes the open connections and waits for them to end.</summary>
    public async ValueTask DisposeAsync()
    {
        _listener.Dispose();
        await _acceptLoop.ConfigureAwait(false);
        await Task.WhenAll(_sessions.Keys.Select(s => s.DisposeAsync().AsTask())).WaitAsync(TimeSpan.FromSeconds(30)).ConfigureAwait(false);
    }

    private async Task AcceptLoopAsync()
    {
        try
        {
            while (true)
            {
                Socket socket = await _listener.AcceptAsync().ConfigureAwait(false);
                socket.NoDelay = true;
                Ht2Session session = Ht2Session.CreateServer(socket, _responder, _sessionOptions);
                _sessions[session] = true; // before it runs, so a session that ends at once still leaves the map
                _ = session.RunAsync().ContinueWith(
                    run =>
                    {
                        _sessions.TryRemove(session, out _);
                        if (run.Exception is not null)
                        {
                            Console.Error.WriteLine($"h2c server: connection failed: {run.Exception.InnerException}");
                        }
                    },
                    TaskScheduler.Default);
            }
        }
        catch (Exception e) when (e is SocketException or ObjectDisposedException) // the listener was disposed
        {
        }
    }
}
