using System;
using System.Threading;
using System.Threading.Tasks;

namespace Ht2;

/// <summary>
/// The one place that knows what carries a connection's bytes: a socket (vectored sendmsg), a stream (one
/// coalesced write) or a pipe (a copy into the PipeWriter's memory). Writers and connections hand it a batch of
/// <see cref="Iovec"/> entries and never look at the target's type. Build one with <see cref="FrameTransport"/>.
/// </summary>
/// <remarks>
/// One writer at a time (the connection's write mutex or a single owner) and one reader at a time; a write and a
/// read may run concurrently. Entries point at pinned memory that stays unchanged until the write returns or its
/// task completes.
/// </remarks>
internal interface IFrameTransport
{
    /// <summary>Writes every byte the entries describe, in order, blocking the calling thread until done.</summary>
    /// <returns>The number of bytes written.</returns>
    long Write(ReadOnlySpan<Iovec> entries);

    /// <summary>
    /// Writes every byte the entries describe without blocking a thread while the target cannot take more.
    /// The entries and the memory they point at must stay unchanged until the returned task completes.
    /// </summary>
    /// <returns>The number of bytes written.</returns>
    ValueTask<long> WriteAsync(ReadOnlyMemory<Iovec> entries, CancellationToken cancellationToken);

    /// <summary>
    /// Applies a session's send tuning (<see cref="Ht2SessionOptions.MaxBytesPerSend"/>,
    /// <see cref="Ht2SessionOptions.NotSentLowWatermark"/>, null leaving the target alone) where the target has such
    /// knobs, a socket; other targets ignore it.
    /// </summary>
    void ApplySendTuning(int maxBytesPerSend, int? notSentLowWatermark)
    {
    }

    /// <summary>
    /// Applies a session's <see cref="Ht2SessionOptions.ReceiveSpin"/> where the target can poll for input without
    /// waiting, a socket; other targets ignore it.
    /// </summary>
    void ApplyReceiveSpin(TimeSpan spin)
    {
    }

    /// <summary>Pushes bytes the target buffers to the peer (Stream.Flush, PipeWriter.FlushAsync); nothing for sockets.</summary>
    void Flush();

    /// <summary>The async <see cref="Flush"/>.</summary>
    ValueTask FlushAsync(CancellationToken cancellationToken);

    /// <summary>Receives at least one byte into <paramref name="buffer"/>, blocking; 0 means the peer closed.</summary>
    int Read(Span<byte> buffer);

    /// <summary>Receives at least one byte into <paramref name="buffer"/> without blocking a thread; 0 means the peer closed.</summary>
    ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken);

    /// <summary>
    /// Says that nothing more will be written (a socket's FIN, a completed PipeWriter), so the peer reads the last
    /// frame before the close; a stream or a bare descriptor has no half-close, and the close that follows ends both ways.
    /// </summary>
    void ShutdownOutput();

    /// <summary>
    /// Closes the target both ways (disposes the socket, stream or descriptor; completes the pipe); a pending or
    /// later read or write fails with <see cref="ObjectDisposedException"/> or the target's I/O exception.
    /// Idempotent. Only the owner of the target calls it.
    /// </summary>
    void Close();
}
