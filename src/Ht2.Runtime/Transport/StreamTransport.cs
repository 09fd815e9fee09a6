using System;
using System.IO;
using System.Threading;
using System.Threading.Tasks;

namespace Ht2;

/// <summary>
/// Any stream (TLS, NetworkStream, MemoryStream): a stream takes one buffer per call, so each batch is copied
/// into one pooled buffer and written with a single Write or WriteAsync (a single entry is written in place).
/// </summary>
internal sealed class StreamTransport : IFrameTransport
{
    // Aimed at a batch's only entry, so that it is written in place; one write runs at a time.
    private readonly PointerMemoryManager _singleEntry = new();
    private int _closed;

    /// <summary>A transport over <paramref name="stream"/>.</summary>
    /// <exception cref="ArgumentNullException"><paramref name="stream"/> is null.</exception>
    public StreamTransport(Stream stream)
    {
        ArgumentNullException.ThrowIfNull(stream);
        Stream = stream;
    }

    /// <summary>The stream written to and read from.</summary>
    public Stream Stream { get; }

    /// <inheritdoc />
    public long Write(ReadOnlySpan<Iovec> entries) => VectoredIO.WriteCoalesced(Stream, entries);

    /// <inheritdoc />
    public ValueTask<long> WriteAsync(ReadOnlyMemory<Iovec> entries, CancellationToken cancellationToken)
        => VectoredIO.WriteCoalescedAsync(Stream, entries, _singleEntry, cancellationToken);

    /// <inheritdoc />
    public void Flush() => Stream.Flush();

    /// <inheritdoc />
    public ValueTask FlushAsync(CancellationToken cancellationToken) => new(Stream.FlushAsync(cancellationToken));

    /// <inheritdoc />
    public int Read(Span<byte> buffer) => Stream.Read(buffer);

    /// <inheritdoc />
    public ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken) => Stream.ReadAsync(buffer, cancellationToken);

    /// <inheritdoc />
    public void ShutdownOutput()
    {
        // A Stream has no half-close; the close that follows ends both directions.
    }

    /// <inheritdoc />
    public void Close()
    {
        if (Interlocked.Exchange(ref _closed, 1) == 0)
        {
            Stream.Dispose();
        }
    }
}
