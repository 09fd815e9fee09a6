using System;
using System.Collections.Concurrent;
using System.IO.Pipelines;
using System.Linq;
using System.Net;
using System.Net.Sockets;
using System.Threading;
using System.Threading.Tasks;

namespace Ht2.H2cServer;

/// <summary>
/// A cleartext HTTP/2 server with prior knowledge (h2c), one <see cref="Ht2Session"/> per connection: every request
/// gets the same response, sized by <see cref="H2cServerOptions"/>. Host it in-process on port 0 and read <see cref="Port"/>.
/// With a certificate it serves HTTP/2 over TLS (ALPN h2) instead; with UsePipe each session runs over a pipe.
/// </summary>
public sealed class H2cServer : IAsyncDisposable
{
    private readonly Socket _listener;
    private readonly Ht2SessionOptions _sessionOptions;
    private readonly H2cServerOptions _options;
    private readonly CancellationTokenSource _stopping = new();
    private readonly Responder _responder;
    private readonly ConcurrentDictionary<Ht2Session, bool> _sessions = new();
    private readonly Task _acceptLoop;

    private H2cServer(Socket listener, H2cServerOptions options, Ht2SessionOptions sessionOptions)
    {
        _listener = listener;
        _responder = new Responder(options);
        _sessionOptions = sessionOptions;
        _options = options;
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
        await _stopping.CancelAsync().ConfigureAwait(false); // handshakes in progress end at once
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
                _ = ServeAsync(socket);
            }
        }
        catch (Exception e) when (e is SocketException or ObjectDisposedException) // the listener was disposed
        {
        }
    }

    /// <summary>Runs one connection's session (after the TLS handshake, if any) until it ends; never throws.</summary>
    private async Task ServeAsync(Socket socket)
    {
        try
        {
            Ht2Session session = await CreateSessionAsync(socket).ConfigureAwait(false);
            _sessions[session] = true; // before it runs, so a session that ends at once still leaves the map
            try
            {
                await session.RunAsync().ConfigureAwait(false);
            }
            finally
            {
                _sessions.TryRemove(session, out _);
            }
        }
        catch (OperationCanceledException)
        {
            // The server stopped during the TLS handshake.
        }
        catch (Ht2TlsException e)
        {
            Console.Error.WriteLine($"h2 server: TLS connection refused ({e.Failure}): {e.Message}");
        }
        catch (Exception e)
        {
            Console.Error.WriteLine($"h2c server: connection failed: {e}");
        }
        finally
        {
            socket.Dispose();
        }
    }

    private Task<Ht2Session> CreateSessionAsync(Socket socket)
    {
        if (_options.Certificate is not null)
        {
            return Ht2Session.CreateServerOverTlsAsync(new NetworkStream(socket, ownsSocket: true), Ht2Tls.ServerOptions(_options.Certificate), _responder, _sessionOptions, cancellationToken: _stopping.Token);
        }

        if (_options.UsePipe)
        {
            NetworkStream stream = new(socket, ownsSocket: false);
            SocketPipe pipe = new(PipeReader.Create(stream), PipeWriter.Create(stream));
            return Task.FromResult(Ht2Session.CreateServer(pipe, _responder, _sessionOptions));
        }

        return Task.FromResult(Ht2Session.CreateServer(socket, _responder, _sessionOptions));
    }

    /// <summary>The socket's stream as a duplex pipe, the shape an ASP.NET Core transport hands over.</summary>
    private sealed class SocketPipe(PipeReader input, PipeWriter output) : IDuplexPipe
    {
        public PipeReader Input { get; } = input;

        public PipeWriter Output { get; } = output;
    }
}
