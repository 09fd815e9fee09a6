using System;
using System.Threading;
using System.Threading.Tasks;

namespace Ht2;

public sealed partial class Ht2Connection
{
    /// <summary>Takes the write mutex (blocking) and returns a batch for frames of any types; see <see cref="Ht2Batch"/>.</summary>
    /// <exception cref="ObjectDisposedException">The connection was disposed.</exception>
    public Ht2Batch BeginBatch()
    {
        EnterWrite();
        return new Ht2Batch(this, Interlocked.Increment(ref _batchToken));
    }

    /// <summary>Takes the write mutex without blocking a thread and returns a batch; see <see cref="Ht2Batch"/>.</summary>
    /// <exception cref="ObjectDisposedException">The connection was disposed.</exception>
    public async ValueTask<Ht2Batch> BeginBatchAsync(CancellationToken cancellationToken = default)
    {
        await EnterWriteAsync(cancellationToken).ConfigureAwait(false);
        return new Ht2Batch(this, Interlocked.Increment(ref _batchToken));
    }

    internal MultiFrameWriter Writer => _writer;

    internal bool IsBatchCurrent(long token) => Volatile.Read(ref _batchToken) == token;

    internal void BatchAdd<TFrame>(in TFrame frame, ReadOnlyMemory<byte> payload, int priority)
        where TFrame : struct, IHt2Frame<TFrame>
        => AddFlowControlled(in frame, payload, priority);

    // The writer resets its batch after every flush, also a failed one; the batch keeps the mutex.
    internal void BatchFlush() => _writer.FlushTo(_transport);

    // No token for the write itself: a cancelled write would leave a torn frame on the wire (see StageAndFlushAsync).
    internal async ValueTask BatchFlushAsync() => await _writer.FlushToAsync(_transport, CancellationToken.None).ConfigureAwait(false);

    internal void EndBatch(long token)
    {
        // Only the first Dispose of this batch wins the exchange and releases the mutex.
        if (Interlocked.CompareExchange(ref _batchToken, token + 1, token) == token)
        {
            ExitWrite();
        }
    }
}
