using System;
using System.Threading;
using System.Threading.Tasks;

namespace Ht2;

// The async forms: the same frames and rules as the sync ones, but waiting for the write mutex, for socket
// writability (EAGAIN: see MultiFrameWriter.FlushToAsync) and for flow-control credit never blocks a thread.
public sealed partial class Ht2Connection
{
    /// <summary>Async <see cref="SendFrame{TFrame}"/>.</summary>
    /// <exception cref="ArgumentException">A limit is broken; nothing is written.</exception>
    /// <exception cref="InvalidOperationException">A DATA frame exceeds the flow-control window; nothing is written.</exception>
    public async ValueTask SendFrameAsync<TFrame>(TFrame frame, ReadOnlyMemory<byte> payload = default, CancellationToken cancellationToken = default)
        where TFrame : struct, IHt2Frame<TFrame>
    {
        await EnterWriteAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            AddFlowControlled(in frame, payload, 0);
            await FlushLockedAsync().ConfigureAwait(false);
        }
        finally
        {
            ExitWrite();
        }
    }

    /// <summary>Async <see cref="SendFramesVectored{TFrame}"/> (payloads of 2048 bytes or more are gathered zero-copy).</summary>
    /// <exception cref="ArgumentException">A limit is broken; nothing is written.</exception>
    public async ValueTask SendFramesAsync<TFrame>(ReadOnlyMemory<TFrame> frames, ReadOnlyMemory<ReadOnlyMemory<byte>> payloads = default, CancellationToken cancellationToken = default)
        where TFrame : struct, IHt2Frame<TFrame>
    {
        await EnterWriteAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            AddFramesLocked(frames.Span, payloads.Span);
            await FlushLockedAsync().ConfigureAwait(false);
        }
        finally
        {
            ExitWrite();
        }
    }

    /// <summary>Async <see cref="SendPrioritizedFrames{TFrame}"/>.</summary>
    /// <exception cref="ArgumentException">A limit is broken; nothing is written.</exception>
    public async ValueTask SendPrioritizedFramesAsync<TFrame>(ReadOnlyMemory<PrioritizedFrame<TFrame>> frames, CancellationToken cancellationToken = default)
        where TFrame : struct, IHt2Frame<TFrame>
    {
        await EnterWriteAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            AddPrioritizedLocked(frames.Span);
            await FlushLockedAsync().ConfigureAwait(false);
        }
        finally
        {
            ExitWrite();
        }
    }

    /// <summary>
    /// Async <see cref="SendDataFrames"/>: waiting for flow-control credit awaits a signal the read loop sets when
    /// WINDOW_UPDATE or SETTINGS arrives; no thread is blocked.
    /// </summary>
    /// <exception cref="ArgumentException">Stream 0 or above 2^31-1.</exception>
    /// <exception cref="ObjectDisposedException">The connection was disposed (also while waiting).</exception>
    public async ValueTask SendDataFramesAsync(uint streamId, ReadOnlyMemory<ReadOnlyMemory<byte>> chunks, bool endStream, CancellationToken cancellationToken = default)
    {
        long remaining = CheckData(streamId, chunks.Span);
        if (remaining == 0)
        {
            if (endStream)
            {
                await EnterWriteAsync(cancellationToken).ConfigureAwait(false);
                try
                {
                    _writer.AddDataFrames(streamId, default, endStream: true);
                    await FlushLockedAsync().ConfigureAwait(false);
                }
                finally
                {
                    ExitWrite();
                }
            }

            return;
        }

        int index = 0;
        int offset = 0;
        while (remaining > 0)
        {
            int granted = await _windows.ReserveAsync(streamId, (int)Math.Min(remaining, int.MaxValue), cancellationToken).ConfigureAwait(false);
            remaining -= granted;
            try
            {
                await EnterWriteAsync(cancellationToken).ConfigureAwait(false);
            }
            catch
            {
                // Nothing of this credit was used: give it back so the windows still match what was sent.
                _windows.Refund(streamId, granted);
                throw;
            }

            try
            {
                (index, offset) = AddGranted(streamId, chunks, index, offset, granted, endStream && remaining == 0);
                await FlushLockedAsync().ConfigureAwait(false);
            }
            finally
            {
                ExitWrite();
            }
        }
    }

    /// <summary>Async <see cref="SendData"/>.</summary>
    /// <exception cref="ArgumentException">Stream 0 or above 2^31-1.</exception>
    public ValueTask SendDataAsync(uint streamId, ReadOnlyMemory<byte> data, bool endStream, CancellationToken cancellationToken = default)
        => SendDataFramesAsync(streamId, new[] { data }, endStream, cancellationToken);

    /// <summary>Async <see cref="SendHeaders"/>.</summary>
    /// <exception cref="ArgumentException">A limit is broken; nothing is written.</exception>
    public async ValueTask SendHeadersAsync(uint streamId, ReadOnlyMemory<byte> headerBlock, bool endStream, int? padLength = null, HeadersPriority? priority = null, CancellationToken cancellationToken = default)
    {
        await EnterWriteAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            _writer.AddHeadersWithContinuations(streamId, headerBlock, endStream, padLength, priority);
            await FlushLockedAsync().ConfigureAwait(false);
        }
        finally
        {
            ExitWrite();
        }
    }

    /// <summary>Async <see cref="SendGoAway"/>.</summary>
    /// <exception cref="ArgumentException">The last stream id exceeds 2^31-1, or the debug data does not fit a frame.</exception>
    public ValueTask SendGoAwayAsync(uint lastStreamId, Http2ErrorCode errorCode, ReadOnlyMemory<byte> debugData = default, CancellationToken cancellationToken = default)
    {
        FrameLimits.CheckStreamId(lastStreamId);
        return SendFrameAsync(new GoAwayFrame { LastStreamId = lastStreamId, ErrorCode = errorCode }, debugData, cancellationToken);
    }

    private (int Index, int Offset) AddGranted(uint streamId, ReadOnlyMemory<ReadOnlyMemory<byte>> chunks, int index, int offset, int granted, bool endStream)
    {
        AddGranted(streamId, chunks.Span, ref index, ref offset, granted, endStream);
        return (index, offset);
    }

    private async ValueTask EnterWriteAsync(CancellationToken cancellationToken)
    {
        ThrowIfDisposed();
        await _writeLock.WaitAsync(cancellationToken).ConfigureAwait(false);
        _writer.MaxFrameSize = _peerMaxFrameSize;
    }

    /// <summary>
    /// Writes the staged frames. It takes no token on purpose: cancelling halfway through a write would
    /// leave a torn frame on the wire and corrupt every later frame. Callers cancel the waits (write lock, flow
    /// control); a write that must be abandoned is ended by disposing the connection.
    /// </summary>
    private async ValueTask FlushLockedAsync() => await _writer.FlushToAsync(_transport, CancellationToken.None).ConfigureAwait(false);
}
