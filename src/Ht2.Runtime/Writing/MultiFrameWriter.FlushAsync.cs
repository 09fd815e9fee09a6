using System;
using System.Buffers;
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
    public async ValueTask<long> FlushToAsync(PipeWriter writer, CancellationToken cancellationToken = default)
    {
        long written = FlushTo(writer);
        await writer.FlushAsync(cancellationToken).ConfigureAwait(false);
        return written;
    }

    /// <summary>Writes the whole batch to a stream with one coalesced WriteAsync, then resets.</summary>
    public async ValueTask<long> FlushToAsync(Stream stream, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(stream);
        byte[]? buffer = null;
        try
        {
            BuildWire();
            int total = checked((int)_totalLength);
            buffer = ArrayPool<byte>.Shared.Rent(total);
            CopyWire(buffer);
            await stream.WriteAsync(buffer.AsMemory(0, total), cancellationToken).ConfigureAwait(false);
            return total;
        }
        finally
        {
            Reset();
            if (buffer is not null)
            {
                ArrayPool<byte>.Shared.Return(buffer);
            }
        }
    }

    /// <summary>
    /// Writes the whole batch to a socket without blocking a thread: gathering sendmsg with MSG_DONTWAIT writes
    /// what the socket buffer takes; when it is full (EAGAIN) the rest of the current entry goes through
    /// <see cref="Socket.SendAsync(ReadOnlyMemory{byte}, SocketFlags, CancellationToken)"/>, which waits for
    /// writability in the runtime's event loop, and gathering resumes after it. Resets the batch at the end.
    /// </summary>
    /// <exception cref="VectoredIOException">The system refused the write.</exception>
    public async ValueTask<long> FlushToAsync(Socket socket, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(socket);
        try
        {
            BuildWire();
            if (!OperatingSystem.IsLinux())
            {
                return await SendCopyAsync(socket, cancellationToken).ConfigureAwait(false);
            }

            long total = 0;
            int index = 0;
            nuint offset = 0;
            while (index < _wireCount)
            {
                long sent = VectoredIO.TrySendNonBlocking(socket.SafeHandle, Wire.Slice(index), offset);
                if (sent < 0)
                {
                    SetPointerMemory(index, offset);
                    sent = await socket.SendAsync(_pointerMemory.Memory, SocketFlags.None, cancellationToken).ConfigureAwait(false);
                }

                total += sent;
                VectoredIO.Advance(Wire, ref index, ref offset, (nuint)sent);
            }

            return total;
        }
        finally
        {
            Reset();
        }
    }

    private async ValueTask<long> SendCopyAsync(Socket socket, CancellationToken cancellationToken)
    {
        int total = checked((int)_totalLength);
        byte[] buffer = ArrayPool<byte>.Shared.Rent(total);
        try
        {
            CopyWire(buffer);
            for (int sent = 0; sent < total;)
            {
                sent += await socket.SendAsync(buffer.AsMemory(sent, total - sent), SocketFlags.None, cancellationToken).ConfigureAwait(false);
            }

            return total;
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }
}
