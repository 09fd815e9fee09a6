using System;
using System.IO;
using System.Net;
using System.Net.Sockets;
using System.Threading;
using System.Threading.Tasks;

namespace Ht2.Interop.Tests;

/// <summary>
/// A loopback TCP relay for one connection that can hold what the server sends: after <see cref="Hold"/>, the
/// server's bytes (and its close) are kept instead of delivered, until <see cref="ReleaseAsync"/> delivers them in
/// order. It makes a network race deterministic: requests a client sends while the server's GOAWAY is still on its
/// way reach the server only after it closed. It never changes a byte. It can also stop reading the
/// client (<see cref="StopReadingClient"/>), so the client's writes stall, and reset the client's connection.
/// </summary>
internal sealed class HoldingProxy : IAsyncDisposable
{
    private readonly Socket _listener;
    private readonly int _serverPort;
    private readonly TaskCompletionSource _serverClosed = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly Gate _toClient = new();
    private TaskCompletionSource _clientReads = Opened();
    private Socket? _client;
    private Socket? _server;
    private Task _relay = Task.CompletedTask;

    private HoldingProxy(Socket listener, int serverPort)
    {
        _listener = listener;
        _serverPort = serverPort;
    }

    /// <summary>The port to connect to instead of the server's.</summary>
    public int Port => ((IPEndPoint)_listener.LocalEndPoint!).Port;

    /// <summary>Completes when the server ended its side of the connection (FIN or reset).</summary>
    public Task ServerClosed => _serverClosed.Task;

    /// <summary>Listens on a loopback port; the first connection accepted is relayed to <paramref name="serverPort"/>.</summary>
    public static HoldingProxy Start(int serverPort)
    {
        Socket listener = new(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        listener.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        listener.Listen(1);
        HoldingProxy proxy = new(listener, serverPort);
        proxy._relay = proxy.RelayAsync();
        return proxy;
    }

    /// <summary>From now on, what the server sends is kept, not delivered to the client.</summary>
    public void Hold() => _toClient.Hold();

    /// <summary>Delivers what was kept, in order, and relays freely again.</summary>
    public Task ReleaseAsync() => _toClient.ReleaseAsync(_client!);

    /// <summary>Stops reading what the client sends, so its socket buffers fill and its writes stall.</summary>
    public void StopReadingClient() => _clientReads = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>Drops the client's connection with a TCP reset, as a crashed server or a middlebox would.</summary>
    public void ResetClient()
    {
        _client!.LingerState = new LingerOption(true, 0);
        _client.Dispose();
        _clientReads.TrySetResult();
    }

    public async ValueTask DisposeAsync()
    {
        _listener.Dispose();
        _client?.Dispose();
        _server?.Dispose();
        await _relay.Within(SessionClient.Bound);
    }

    private async Task RelayAsync()
    {
        _client = await _listener.AcceptAsync().Within(SessionClient.Bound);
        _server = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        await _server.ConnectAsync(IPAddress.Loopback, _serverPort).Within(SessionClient.Bound);
        Task toServer = PumpAsync(_client, _server, gate: null, () => _clientReads.Task);
        await PumpAsync(_server, _client, _toClient, () => Task.CompletedTask);
        _serverClosed.TrySetResult();
        await toServer;
    }

    private static async Task PumpAsync(Socket from, Socket to, Gate? gate, Func<Task> readAllowed)
    {
        byte[] buffer = new byte[64 * 1024];
        try
        {
            int read;
            while (true)
            {
                await readAllowed();
                if ((read = await from.ReceiveAsync(buffer)) == 0)
                {
                    break;
                }

                await (gate is null ? SendAllAsync(to, buffer.AsMemory(0, read)) : gate.ForwardAsync(to, buffer.AsMemory(0, read)));
            }

            if (gate is null)
            {
                to.Shutdown(SocketShutdown.Send);
            }
            else
            {
                await gate.EndAsync(to);
            }
        }
        catch (Exception e) when (e is SocketException or ObjectDisposedException)
        {
            // One side is gone: the other sees the close when the proxy is disposed.
        }
    }

    private static TaskCompletionSource Opened()
    {
        TaskCompletionSource opened = new();
        opened.SetResult();
        return opened;
    }

    private static async Task SendAllAsync(Socket to, ReadOnlyMemory<byte> bytes)
    {
        while (!bytes.IsEmpty)
        {
            bytes = bytes.Slice(await to.SendAsync(bytes));
        }
    }

    /// <summary>One direction's gate: while held, bytes (and the end of stream) wait in order.</summary>
    private sealed class Gate
    {
        private readonly SemaphoreSlim _lock = new(1, 1);
        private readonly MemoryStream _kept = new();
        private bool _holding;
        private bool _endKept;

        public void Hold()
        {
            _lock.Wait();
            _holding = true;
            _lock.Release();
        }

        public async Task ForwardAsync(Socket to, ReadOnlyMemory<byte> bytes)
        {
            await _lock.WaitAsync();
            try
            {
                if (_holding)
                {
                    _kept.Write(bytes.Span);
                }
                else
                {
                    await SendAllAsync(to, bytes);
                }
            }
            finally
            {
                _lock.Release();
            }
        }

        public async Task EndAsync(Socket to)
        {
            await _lock.WaitAsync();
            try
            {
                if (_holding)
                {
                    _endKept = true;
                }
                else
                {
                    to.Shutdown(SocketShutdown.Send);
                }
            }
            finally
            {
                _lock.Release();
            }
        }

        public async Task ReleaseAsync(Socket to)
        {
            await _lock.WaitAsync();
            try
            {
                _holding = false;
                await SendAllAsync(to, _kept.GetBuffer().AsMemory(0, (int)_kept.Length));
                _kept.SetLength(0);
                if (_endKept)
                {
                    to.Shutdown(SocketShutdown.Send);
                }
            }
            catch (SocketException)
            {
                // The receiver has closed already: what it was sent late is lost, as it would be on a real network.
            }
            finally
            {
                _lock.Release();
            }
        }
    }
}
