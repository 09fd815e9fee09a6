using System;
using System.Threading;
using System.Threading.Tasks;

namespace Ht2;

// The async forms: the same stages as the sync ones, but waiting for the write mutex, for socket writability
// (EAGAIN: see SocketTransport) and for flow-control credit never blocks a thread.
public sealed partial class Ht2Connection
{
    /// <summary>Async <see cref="SendFrame{TFrame}"/>.</summary>
    /// <exception cref="ArgumentException">A limit is broken; nothing is written.</exception>
    /// <exception cref="InvalidOperationException">A DATA frame exceeds the flow-control window; nothing is written.</exception>
    public async ValueTask SendFrameAsync<TFrame>(TFrame frame, ReadOnlyMemory<byte> payload = default, CancellationToken cancellationToken = default)
        where TFrame : struct, IHt2Frame<TFrame>
    {
        await StageAndFlushAsync(new FrameStage<TFrame>(frame, payload), cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Async <see cref="SendFramesVectored{TFrame}"/> (payloads of 2048 bytes or more are gathered zero-copy).</summary>
    /// <exception cref="ArgumentException">A limit is broken; nothing is written.</exception>
    public async ValueTask SendFramesAsync<TFrame>(ReadOnlyMemory<TFrame> frames, ReadOnlyMemory<ReadOnlyMemory<byte>> payloads = default, CancellationToken cancellationToken = default)
        where TFrame : struct, IHt2Frame<TFrame>
    {
        await StageAndFlushAsync(new FramesMemoryStage<TFrame>(frames, payloads), cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Async <see cref="SendPrioritizedFrames{TFrame}"/>.</summary>
    /// <exception cref="ArgumentException">A limit is broken; nothing is written.</exception>
    public async ValueTask SendPrioritizedFramesAsync<TFrame>(ReadOnlyMemory<PrioritizedFrame<TFrame>> frames, CancellationToken cancellationToken = default)
        where TFrame : struct, IHt2Frame<TFrame>
    {
        await StageAndFlushAsync(new PrioritizedMemoryStage<TFrame>(frames), cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// Async <see cref="SendDataFrames"/>: waiting for flow-control credit awaits a signal the read loop sets when
    /// WINDOW_UPDATE or SETTINGS arrives; no thread is blocked.
    /// </summary>
    /// <exception cref="ArgumentException">Stream 0 or above 2^31-1.</exception>
    /// <exception cref="ObjectDisposedException">The connection was disposed (also while waiting).</exception>
    /// <exception cref="TimeoutException">No credit arrived within <see cref="Ht2ConnectionOptions.CreditTimeout"/>.</exception>
    /// <exception cref="OperationCanceledException"><paramref name="cancellationToken"/> was cancelled while waiting.</exception>
    public ValueTask SendDataFramesAsync(uint streamId, ReadOnlyMemory<ReadOnlyMemory<byte>> chunks, bool endStream, CancellationToken cancellationToken = default)
        => SendDataAsync(streamId, chunks, default, endStream, cancellationToken);

    /// <summary>Async <see cref="SendData"/>.</summary>
    /// <exception cref="ArgumentException">Stream 0 or above 2^31-1.</exception>
    /// <exception cref="TimeoutException">No credit arrived within <see cref="Ht2ConnectionOptions.CreditTimeout"/>.</exception>
    public ValueTask SendDataAsync(uint streamId, ReadOnlyMemory<byte> data, bool endStream, CancellationToken cancellationToken = default)
        => SendDataAsync(streamId, default, data, endStream, cancellationToken);

    /// <summary>Async <see cref="SendHeaders"/>.</summary>
    /// <exception cref="ArgumentException">A limit is broken; nothing is written.</exception>
    public async ValueTask SendHeadersAsync(uint streamId, ReadOnlyMemory<byte> headerBlock, bool endStream, int? padLength = null, HeadersPriority? priority = null, CancellationToken cancellationToken = default)
    {
        await StageAndFlushAsync(new HeadersStage(streamId, headerBlock, endStream, padLength, priority), cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Async <see cref="SendGoAway"/>.</summary>
    /// <exception cref="ArgumentException">The last stream id exceeds 2^31-1, or the debug data does not fit a frame.</exception>
    public ValueTask SendGoAwayAsync(uint lastStreamId, Http2ErrorCode errorCode, ReadOnlyMemory<byte> debugData = default, CancellationToken cancellationToken = default)
    {
        FrameLimits.CheckStreamId(lastStreamId);
        return SendFrameAsync(new GoAwayFrame { LastStreamId = lastStreamId, ErrorCode = errorCode }, debugData, cancellationToken);
    }

    /// <summary>The async DATA loop over a chunk list or, when <paramref name="chunks"/> is empty, one buffer.</summary>
    private async ValueTask SendDataAsync(uint streamId, ReadOnlyMemory<ReadOnlyMemory<byte>> chunks, ReadOnlyMemory<byte> single, bool endStream, CancellationToken cancellationToken)
    {
        DataMemoryStage stage = new(chunks, single, StartData(streamId, chunks.IsEmpty ? new ReadOnlySpan<ReadOnlyMemory<byte>>(in single) : chunks.Span, endStream));
        while (stage.Grant.HasFrames)
        {
            stage.Grant.Granted = stage.Grant.Wanted == 0 ? 0 : await _windows.ReserveAsync(streamId, stage.Grant.Wanted, cancellationToken).ConfigureAwait(false);
            stage = await StageAndFlushAsync(stage, cancellationToken).ConfigureAwait(false);
        }
    }
}
