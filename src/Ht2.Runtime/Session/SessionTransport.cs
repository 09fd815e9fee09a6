using System;
using System.IO;
using System.Net.Sockets;
using System.Threading;
using System.Threading.Tasks;

namespace Ht2;

/// <summary>
/// Every byte a session reads or writes goes through this seam: one read into session memory, one asynchronous
/// flush of a <see cref="MultiFrameWriter"/> batch, a half-close after the last frame, and a close. Nothing here
/// ever blocks a thread on the peer.
/// </summary>
internal interface ISessionTransport
{
    /// <summary>Reads what is available into <paramref name="buffer"/>; 0 at end of stream.</summary>
    ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken);

    /// <summary>Writes the whole batch and resets it; completes when the bytes are handed to the transport.</summary>
    ValueTask FlushAsync(MultiFrameWriter batch, CancellationToken cancellationToken);

    /// <summary>Signals that nothing more will be written (TCP FIN), so the peer reads our last frame before the close.</summary>
    void ShutdownOutput();

    /// <summary>Closes both directions; pending reads and writes fail. Idempotent.</summary>
    void Close();
}

/// <summary>A session over a connected socket: gathering non-blocking sendmsg, asynchronous waits when the socket is full.</summary>
internal sealed class SocketSessionTransport : ISessionTransport
{
    private readonly Socket _socket;
    private int _closed;

    public SocketSessionTransport(Socket socket) => _socket = socket;

    public ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken) =>
        _socket.ReceiveAsync(buffer, SocketFlags.None, cancellationToken);

    public async ValueTask FlushAsync(MultiFrameWriter batch, CancellationToken cancellationToken) =>
        await batch.FlushToAsync(_socket, cancellationToken).ConfigureAwait(false);

    public void ShutdownOutput()
    {
        try
        {
            _socket.Shutdown(SocketShutdown.Send);
        }
        catch (Exception e) when (e is SocketException or ObjectDisposedException)
        {
            // Already gone: the close that follows is all that is left to do.
        }
    }

    public void Close()
    {
        if (Interlocked.Exchange(ref _closed, 1) == 0)
        {
            _socket.Dispose();
        }
    }
}

/// <summary>A session over a duplex stream (TLS, a pipe, an in-memory stream): one coalesced WriteAsync per flush.</summary>
internal sealed class StreamSessionTransport : ISessionTransport
{
    private readonly Stream _stream;
    private int _closed;

    public StreamSessionTransport(Stream stream) => _stream = stream;

    public ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken) =>
        _stream.ReadAsync(buffer, cancellationToken);

    public async ValueTask FlushAsync(MultiFrameWriter batch, CancellationToken cancellationToken)
    {
        await batch.FlushToAsync(_stream, cancellationToken).ConfigureAwait(false);
        await _stream.FlushAsync(cancellationToken).ConfigureAwait(false);
    }

    public void ShutdownOutput()
    {
        // A Stream has no half-close; the close that follows ends both directions.
    }

    public void Close()
    {
        if (Interlocked.Exchange(ref _closed, 1) == 0)
        {
            _stream.Dispose();
        }
    }
}
