using System;
using System.Buffers;
using System.IO;
using System.IO.Pipelines;
using System.Net.Sockets;
using System.Runtime.InteropServices;

namespace Ht2;

/// <summary>Builds the <see cref="IFrameTransport"/> for each kind of target; the overload chosen is the only decision.</summary>
internal static class FrameTransport
{
    /// <summary>A connected socket: vectored sendmsg, MSG_DONTWAIT then SendAsync for async writes, Receive for reads.</summary>
    /// <exception cref="ArgumentNullException"><paramref name="socket"/> is null.</exception>
    public static IFrameTransport Over(Socket socket) => new SocketTransport(socket);

    /// <summary>A descriptor (socket handle, pipe, file): vectored writes only; async writes complete after a blocking write.</summary>
    /// <exception cref="ArgumentNullException"><paramref name="handle"/> is null.</exception>
    public static IFrameTransport Over(SafeHandle handle) => new DescriptorTransport(handle, LibcSyscalls.Instance);

    /// <summary>Any stream (TLS, NetworkStream, MemoryStream): one coalesced write per batch.</summary>
    /// <exception cref="ArgumentNullException"><paramref name="stream"/> is null.</exception>
    public static IFrameTransport Over(Stream stream) => new StreamTransport(stream);

    /// <summary>A pipe's writer (or any buffer writer): one GetSpan/Advance copy per batch; reads are not supported.</summary>
    /// <exception cref="ArgumentNullException"><paramref name="writer"/> is null.</exception>
    public static IFrameTransport Over(IBufferWriter<byte> writer) => new PipeTransport(writer, reader: null);

    /// <summary>The transport over <paramref name="socket"/>: <paramref name="last"/> when it already is one, else a new one.</summary>
    /// <exception cref="ArgumentNullException"><paramref name="socket"/> is null.</exception>
    public static IFrameTransport Over(Socket socket, IFrameTransport? last)
        => last is SocketTransport same && same.Socket == socket ? same : Over(socket);

    /// <summary>The transport over <paramref name="handle"/>: <paramref name="last"/> when it already is one, else a new one.</summary>
    /// <exception cref="ArgumentNullException"><paramref name="handle"/> is null.</exception>
    public static IFrameTransport Over(SafeHandle handle, IFrameTransport? last)
        => last is DescriptorTransport same && same.Handle == handle ? same : Over(handle);

    /// <summary>The transport over <paramref name="stream"/>: <paramref name="last"/> when it already is one, else a new one.</summary>
    /// <exception cref="ArgumentNullException"><paramref name="stream"/> is null.</exception>
    public static IFrameTransport Over(Stream stream, IFrameTransport? last)
        => last is StreamTransport same && same.Stream == stream ? same : Over(stream);

    /// <summary>The transport over <paramref name="writer"/>: <paramref name="last"/> when it already is one, else a new one.</summary>
    /// <exception cref="ArgumentNullException"><paramref name="writer"/> is null.</exception>
    public static IFrameTransport Over(IBufferWriter<byte> writer, IFrameTransport? last)
        => last is PipeTransport same && same.Writer == writer ? same : Over(writer);

    /// <summary>
    /// Whether <paramref name="failure"/> is how a transport reports that the peer or a close ended it (a reset, a
    /// broken pipe, a disposed socket or stream, a completed pipe), as opposed to a bug.
    /// </summary>
    public static bool IsTransportFailure(Exception failure) => failure is IOException or SocketException or ObjectDisposedException
        or OperationCanceledException or VectoredIOException;

    /// <summary>A duplex pipe: writes go to its output as for a PipeWriter, reads come from its input.</summary>
    /// <exception cref="ArgumentNullException"><paramref name="pipe"/> is null.</exception>
    public static IFrameTransport Over(IDuplexPipe pipe)
    {
        ArgumentNullException.ThrowIfNull(pipe);
        return new PipeTransport(pipe.Output, pipe.Input);
    }
}
