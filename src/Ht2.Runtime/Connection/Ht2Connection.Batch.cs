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

    // DATA credit the open batch's adds took and that is not sent yet (a batch holds the write mutex, which guards these).
    private (uint StreamId, int Length)[] _batchCredit = [];
    private int _batchCreditCount;

    internal MultiFrameWriter Writer => _writer;

    internal bool IsBatchCurrent(long token) => Volatile.Read(ref _batchToken) == token;

    internal void BatchAdd<TFrame>(in TFrame frame, ReadOnlyMemory<byte> payload, int priority)
        where TFrame : struct, IHt2Frame<TFrame>
    {
        AddFlowControlled(in frame, payload, priority);
        if (typeof(TFrame) == typeof(DataFrame))
        {
            RecordBatchCredit(frame.StreamId, frame.GetPayloadLength(payload.Length));
        }
    }

    // The writer resets its batch after every flush, also a failed one; the batch keeps the mutex. The credit of
    // what was handed to the transport is spent either way.
    internal void BatchFlush()
    {
        try
        {
            _writer.FlushTo(_transport);
        }
        finally
        {
            _batchCreditCount = 0;
        }
    }

    // No token for the write itself: a cancelled write would leave a torn frame on the wire (see StageAndFlushAsync).
    internal async ValueTask BatchFlushAsync()
    {
        try
        {
            await _writer.FlushToAsync(_transport, CancellationToken.None).ConfigureAwait(false);
        }
        finally
        {
            _batchCreditCount = 0;
        }
    }

    internal void EndBatch(long token)
    {
        // Only the first Dispose of this batch wins the exchange and releases the mutex.
        if (Interlocked.CompareExchange(ref _batchToken, token + 1, token) == token)
        {
            // DATA staged but never sent is discarded with the batch: its credit goes back, or the windows would
            // shrink by bytes the peer never received and the connection would stall.
            for (int i = 0; i < _batchCreditCount; i++)
            {
                _windows.Refund(_batchCredit[i].StreamId, _batchCredit[i].Length);
            }

            _batchCreditCount = 0;
            ExitWrite();
        }
    }

    // Grows by doubling (allocation only when a batch holds more DATA frames than any before it).
    private void RecordBatchCredit(uint streamId, int length)
    {
        if (_batchCreditCount == _batchCredit.Length)
        {
            Array.Resize(ref _batchCredit, Math.Max(4, _batchCredit.Length * 2));
        }

        _batchCredit[_batchCreditCount++] = (streamId, length);
    }
}
