using System;
using System.IO;
using System.IO.Pipelines;
using System.Net.Sockets;
using System.Threading;
using System.Threading.Tasks;

namespace Ht2;

// Not an unsafe declaration: C# forbids await in unsafe contexts, so the pointer work lives in the other parts.
public sealed partial class MultiFrameWriter
{
    /// <summary>Copies the whole batch into <paramref name="writer"/> in one coalesced write, resets, and flushes the pipe.</summary>
    public ValueTask<long> FlushToAsync(PipeWriter writer, CancellationToken cancellationToken = default)
        => FlushToAsync(TransportFor(writer), cancellationToken);

    /// <summary>Writes the whole batch to a stream with one coalesced WriteAsync, then resets.</summary>
    public ValueTask<long> FlushToAsync(Stream stream, CancellationToken cancellationToken = default)
        => WriteToAsync(TransportFor(stream), cancellationToken);

    /// <summary>
    /// Writes the whole batch to a socket without blocking a thread: gathering sendmsg with MSG_DONTWAIT writes
    /// what the socket buffer takes; when it is full (EAGAIN) the rest of the current entry goes through
    /// <see cref="Socket.SendAsync(ReadOnlyMemory{byte}, SocketFlags, CancellationToken)"/>, which waits for
    /// writability in the runtime's event loop, and gathering resumes after it. Resets the batch at the end.
    /// </summary>
    /// <exception cref="VectoredIOException">The system refused the write.</exception>
    public ValueTask<long> FlushToAsync(Socket socket, CancellationToken cancellationToken = default)
        => WriteToAsync(TransportFor(socket), cancellationToken);

    /// <summary>
    /// Writes the whole batch through <paramref name="transport"/> without blocking a thread, flushes the transport
    /// (the bytes reach the peer), then resets the batch, also when the write fails. Returns the bytes written.
    /// The batch must not be changed until the task completes.
    /// </summary>
    /// <exception cref="VectoredIOException">The system refused the write.</exception>
    internal async ValueTask<long> FlushToAsync(IFrameTransport transport, CancellationToken cancellationToken)
    {
        long written = await WriteToAsync(transport, cancellationToken).ConfigureAwait(false);
        await transport.FlushAsync(cancellationToken).ConfigureAwait(false);
        return written;
    }

    /// <summary>Writes the whole batch through <paramref name="transport"/> without flushing it, then resets, also when the write fails.</summary>
    internal async ValueTask<long> WriteToAsync(IFrameTransport transport, CancellationToken cancellationToken)
    {
        try
        {
            return await transport.WriteAsync(BuildWireMemory(), cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            Reset();
        }
    }
}
