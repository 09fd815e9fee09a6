using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Linq;
using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Threading.Tasks;

namespace Ht2.Interop.Tests;

/// <summary>
/// A client <see cref="Ht2Session"/> on one loopback connection to a server under test, driven through the session
/// API directly: <see cref="Send"/> opens a stream and returns its <see cref="ClientExchange"/>, where the handler
/// records everything the server sends on it. Every wait is bounded by <see cref="Bound"/>.
/// </summary>
internal sealed class SessionClient : Ht2SessionHandler, IAsyncDisposable
{
    /// <summary>
    /// The longest any single wait of these tests may take before the test fails. The longest measured in a healthy
    /// run is 1.2 s (an echoed upload, at a load of 15 on 2 cores; docs/testing.md): 15 s leaves a loaded CI machine
    /// a wide margin, and it is what the first hung wait of a broken build costs.
    /// </summary>
    public static readonly TimeSpan Bound = TimeSpan.FromSeconds(15);

    /// <summary>Both receive windows at the RFC's 65,535 bytes, so a large body needs many WINDOW_UPDATEs from us.</summary>
    public static Ht2SessionOptions SmallWindows => new()
    {
        Windows = new Ht2WindowPolicy { StreamWindowSize = Ht2WindowPolicy.DefaultWindowSize, ConnectionWindowSize = Ht2WindowPolicy.DefaultWindowSize },
    };

    // Keyed by stream id, not by handle: handles are pooled, and the first event of a stream may run before
    // Send has returned its handle (the request can be answered as soon as OpenStream queued it).
    private readonly ConcurrentDictionary<uint, ClientExchange> _exchanges = new();
    private readonly TaskCompletionSource<Ht2PeerSettings> _settings = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly TaskCompletionSource<uint> _firstGoAway = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly ConcurrentQueue<(uint LastStreamId, Http2ErrorCode Code)> _goAways = new();
    private readonly string _authority;
    private Ht2Session? _session;
    private Task? _connection;

    private SessionClient(int port) => _authority = $"127.0.0.1:{port}";

    public Ht2Session Session => _session!;

    /// <summary>Completes when the connection has ended (<see cref="Ht2Session.Completion"/>).</summary>
    public Task Connection => _connection!;

    /// <summary>The server's first SETTINGS.</summary>
    public Task<Ht2PeerSettings> Settings => _settings.Task;

    /// <summary>The last-stream-id of the server's first GOAWAY.</summary>
    public Task<uint> FirstGoAway => _firstGoAway.Task;

    /// <summary>Every GOAWAY received, in order.</summary>
    public IReadOnlyList<(uint LastStreamId, Http2ErrorCode Code)> GoAways => _goAways.ToArray();

    /// <summary>Every exchange this connection carried.</summary>
    public IReadOnlyList<ClientExchange> Exchanges => _exchanges.Values.OrderBy(e => e.StreamId).ToArray();

    /// <summary>
    /// Connects, starts the session and returns once the server's SETTINGS are in force. With
    /// <paramref name="gate"/>, the session runs over a <see cref="GatedStream"/> (returned there) instead of the socket.
    /// </summary>
    public static async Task<SessionClient> ConnectAsync(int port, Ht2SessionOptions? options = null, Action<GatedStream>? gate = null)
    {
        Socket socket = new(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        try
        {
            await socket.ConnectAsync(IPAddress.Loopback, port).Within(Bound);
        }
        catch
        {
            socket.Dispose();
            throw;
        }

        SessionClient client = new(port);
        if (gate is null)
        {
            client._session = Ht2Session.CreateClient(socket, client, options);
        }
        else
        {
            GatedStream stream = new(new NetworkStream(socket, ownsSocket: true));
            gate(stream);
            client._session = Ht2Session.CreateClient(stream, client, options);
        }

        client._connection = client._session.RunAsync();
        await client.Settings.Within(Bound);
        return client;
    }

    /// <summary>
    /// Opens a stream with a request (<c>:scheme http</c>, this server's <c>:authority</c>) and the extra
    /// <paramref name="fields"/>; null when the session refuses a new stream (concurrency limit, GOAWAY).
    /// </summary>
    public ClientExchange? Send(string method, string path, bool endStream, params (string Name, string Value)[] fields)
    {
        List<Ht2Field> request =
        [
            Field(":method", method),
            Field(":scheme", "http"),
            Field(":authority", _authority),
            Field(":path", path),
        ];
        request.AddRange(fields.Select(f => Field(f.Name, f.Value)));
        Ht2Stream? stream = Session.OpenStream(request.ToArray(), endStream);
        if (stream is null)
        {
            return null;
        }

        ClientExchange exchange = Exchange(stream.Id);
        exchange.Claim(stream, sending: !endStream);
        return exchange;
    }

    public static Ht2Field Field(string name, string value) => new(Encoding.ASCII.GetBytes(name), Encoding.ASCII.GetBytes(value));

    public override void OnResponse(Ht2Stream stream, Ht2Headers headers, bool endStream) => Exchange(stream.Id).OnResponse(stream, headers, endStream);

    public override void OnData(Ht2Stream stream, ReadOnlySpan<byte> data, bool endStream) => Exchange(stream.Id).OnData(stream, data, endStream);

    public override void OnTrailers(Ht2Stream stream, Ht2Headers trailers) => Exchange(stream.Id).OnTrailers(trailers);

    public override void OnReset(Ht2Stream stream, Http2ErrorCode errorCode)
    {
        if (Exchange(stream.Id).OnReset(errorCode))
        {
            stream.Release();
        }
    }

    public override void OnGoAway(uint lastStreamId, Http2ErrorCode errorCode, ReadOnlySpan<byte> debugData)
    {
        _goAways.Enqueue((lastStreamId, errorCode));
        _firstGoAway.TrySetResult(lastStreamId);
    }

    public override void OnSettings(in Ht2PeerSettings settings) => _settings.TrySetResult(settings);

    /// <summary>Closes the connection (GOAWAY NO_ERROR) and waits, bounded, for the session to end.</summary>
    public async ValueTask DisposeAsync()
    {
        if (_session is null)
        {
            return;
        }

        _session.Abort();
        await _session.Completion.Within(Bound);
    }

    private ClientExchange Exchange(uint id) => _exchanges.GetOrAdd(id, static id => new ClientExchange(id));
}
