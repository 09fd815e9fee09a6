using System;
using System.Threading;
using System.Threading.Tasks;

namespace Ht2;

// The one place that holds the write mutex: every send stages its frames through an IWriteStage under the mutex
// and flushes them before releasing it, so each call's frames reach the wire whole and contiguous.
public sealed partial class Ht2Connection
{
    /// <summary>What one send call puts into the batch; a struct, so the generic cores stay allocation-free.</summary>
    internal interface IWriteStage
    {
        /// <summary>Stages the frames under the write mutex; throws to send nothing.</summary>
        void Stage(Ht2Connection connection);

        /// <summary>Undoes what was reserved before the mutex was taken (DATA credit) when taking it fails.</summary>
        void Abandon(Ht2Connection connection);
    }

    /// <summary>Takes the mutex (blocking), stages, writes and flushes; the batch is discarded whatever happens.</summary>
    private void StageAndFlush<TStage>(scoped ref TStage stage)
        where TStage : IWriteStage, allows ref struct
    {
        try
        {
            EnterWrite();
        }
        catch
        {
            stage.Abandon(this);
            throw;
        }

        try
        {
            stage.Stage(this);
            _writer.FlushTo(_transport);
        }
        finally
        {
            ExitWrite();
        }
    }

    /// <summary>
    /// <see cref="StageAndFlush{TStage}"/> without blocking a thread. The write itself takes no token on purpose:
    /// cancelling halfway through would leave a torn frame on the wire and corrupt every later frame. Callers cancel
    /// the waits (write mutex, flow control); a write that must be abandoned is ended by disposing the connection.
    /// Returns the stage as it is after staging (a DATA stage advances its cursor).
    /// </summary>
    private async ValueTask<TStage> StageAndFlushAsync<TStage>(TStage stage, CancellationToken cancellationToken)
        where TStage : struct, IWriteStage
    {
        try
        {
            await EnterWriteAsync(cancellationToken).ConfigureAwait(false);
        }
        catch
        {
            stage.Abandon(this);
            throw;
        }

        try
        {
            stage.Stage(this);
            await _writer.FlushToAsync(_transport, CancellationToken.None).ConfigureAwait(false);
            return stage;
        }
        finally
        {
            ExitWrite();
        }
    }

    private void EnterWrite()
    {
        ThrowIfDisposed();
        _writeLock.Wait();
        _writer.MaxFrameSize = PeerMaxFrameSize;
    }

    private async ValueTask EnterWriteAsync(CancellationToken cancellationToken)
    {
        ThrowIfDisposed();
        await _writeLock.WaitAsync(cancellationToken).ConfigureAwait(false);
        _writer.MaxFrameSize = PeerMaxFrameSize;
    }

    // Reset discards whatever an exception left staged, so the next holder starts from an empty batch with the
    // default copy threshold (SendFrames copies everything while it holds the mutex).
    private void ExitWrite()
    {
        _writer.Reset();
        _writer.CopyThreshold = IovecBuilder.DefaultCopyThreshold;
        _writeLock.Release();
    }
}
