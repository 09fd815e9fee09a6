using System;
using System.Threading;
using System.Threading.Tasks;

namespace Ht2;

/// <summary>
/// Frames of any types sent as one contiguous write, without boxing: obtained from
/// <see cref="Ht2Connection.BeginBatch"/> or <see cref="Ht2Connection.BeginBatchAsync"/>, it holds the
/// connection's write mutex until disposed, so nothing else can reach the wire between its frames.
/// <code>
/// using (Ht2Batch batch = connection.BeginBatch())
/// {
///     batch.AddHeaders(1, block, endStream: false);
///     batch.Add(in rstStream);
///     batch.Send();
/// }
/// </code>
/// Frames are written in the order added (or by priority, see <see cref="MultiFrameWriter"/>). Send may be called
/// several times; Dispose without Send discards what is staged (and gives the credit of discarded DATA back). DATA
/// added here must fit the current flow-control windows (it never waits: a batch holds the mutex). Copies of the struct share one batch;
/// only the first Dispose releases the mutex.
/// </summary>
public readonly struct Ht2Batch : IDisposable
{
    private readonly Ht2Connection? _connection;
    private readonly long _token;

    internal Ht2Batch(Ht2Connection connection, long token)
    {
        _connection = connection;
        _token = token;
    }

    /// <summary>Adds a frame with its variable part.</summary>
    /// <exception cref="ArgumentException">A limit is broken; the batch is unchanged.</exception>
    /// <exception cref="InvalidOperationException">The batch was disposed, or a DATA frame exceeds the window.</exception>
    public void Add<TFrame>(in TFrame frame, ReadOnlyMemory<byte> payload = default)
        where TFrame : struct, IHt2Frame<TFrame>
        => Connection.BatchAdd(in frame, payload, 0);

    /// <summary>Adds a frame with a send priority (see <see cref="MultiFrameWriter"/> for the rule).</summary>
    /// <exception cref="ArgumentException">A limit is broken; the batch is unchanged.</exception>
    /// <exception cref="InvalidOperationException">The batch was disposed, or a DATA frame exceeds the window.</exception>
    public void AddPrioritized<TFrame>(in TFrame frame, ReadOnlyMemory<byte> payload, int priority)
        where TFrame : struct, IHt2Frame<TFrame>
        => Connection.BatchAdd(in frame, payload, priority);

    /// <summary>Adds a header block as HEADERS + CONTINUATION split at the peer's maximum frame size.</summary>
    /// <exception cref="ArgumentException">A limit is broken; the batch is unchanged.</exception>
    public void AddHeaders(uint streamId, ReadOnlyMemory<byte> headerBlock, bool endStream, int? padLength = null, HeadersPriority? priority = null)
        => Connection.Writer.AddHeadersWithContinuations(streamId, headerBlock, endStream, padLength, priority);

    /// <summary>Writes everything added so far in one write; the batch stays open for more.</summary>
    /// <exception cref="InvalidOperationException">The batch was disposed.</exception>
    public void Send() => Connection.BatchFlush();

    /// <summary>
    /// Writes everything added so far without blocking a thread; the batch stays open for more. The write is never
    /// cancelled halfway (a torn frame would corrupt the connection), so <paramref name="cancellationToken"/> is only
    /// checked before it starts.
    /// </summary>
    /// <exception cref="InvalidOperationException">The batch was disposed.</exception>
    public ValueTask SendAsync(CancellationToken cancellationToken = default)
        => cancellationToken.IsCancellationRequested ? ValueTask.FromCanceled(cancellationToken) : Connection.BatchFlushAsync();

    /// <summary>Discards what was not sent, gives its DATA credit back and releases the write mutex (once, whatever the number of copies).</summary>
    public void Dispose() => _connection?.EndBatch(_token);

    private Ht2Connection Connection =>
        _connection is not null && _connection.IsBatchCurrent(_token)
            ? _connection
            : throw new InvalidOperationException("The batch has been disposed.");
}
