using System;

namespace Ht2;

public sealed partial class Ht2Connection
{
    /// <summary>
    /// Sends one frame of any <see cref="Ht2FrameAttribute"/> type with its variable part. A DATA frame must fit
    /// the current flow-control windows (it consumes them); use <see cref="SendDataFrames"/> to wait for credit.
    /// </summary>
    /// <exception cref="ArgumentException">A limit is broken (see <see cref="MultiFrameWriter"/>); nothing is written.</exception>
    /// <exception cref="InvalidOperationException">A DATA frame exceeds the flow-control window; nothing is written.</exception>
    public void SendFrame<TFrame>(in TFrame frame, ReadOnlyMemory<byte> payload = default)
        where TFrame : struct, IHt2Frame<TFrame>
    {
        FrameStage<TFrame> stage = new(frame, payload);
        StageAndFlush(ref stage);
    }

    /// <summary>
    /// Sends frames of one type, in order, in one write: every payload is COPIED into one pooled staging buffer,
    /// the best choice for many small frames (docs/benchmarks.md measures that many small iovecs cost more
    /// than copying). <paramref name="payloads"/> is empty or has one entry per frame. All or nothing.
    /// </summary>
    /// <exception cref="ArgumentException">A limit is broken; nothing is written.</exception>
    /// <exception cref="InvalidOperationException">DATA frames exceed the flow-control window; nothing is written.</exception>
    public void SendFrames<TFrame>(ReadOnlySpan<TFrame> frames, ReadOnlySpan<ReadOnlyMemory<byte>> payloads = default)
        where TFrame : struct, IHt2Frame<TFrame>
    {
        FramesStage<TFrame> stage = new(frames, payloads, int.MaxValue);
        StageAndFlush(ref stage);
    }

    /// <summary>
    /// Sends frames of one type, in order, in one gathering write: payloads of
    /// <see cref="IovecBuilder.DefaultCopyThreshold"/> bytes or more are referenced (zero-copy, pinned until written),
    /// shorter ones are copied next to their prefix. All or nothing.
    /// </summary>
    /// <exception cref="ArgumentException">A limit is broken; nothing is written.</exception>
    /// <exception cref="InvalidOperationException">DATA frames exceed the flow-control window; nothing is written.</exception>
    public void SendFramesVectored<TFrame>(ReadOnlySpan<TFrame> frames, ReadOnlySpan<ReadOnlyMemory<byte>> payloads = default)
        where TFrame : struct, IHt2Frame<TFrame>
    {
        FramesStage<TFrame> stage = new(frames, payloads, IovecBuilder.DefaultCopyThreshold);
        StageAndFlush(ref stage);
    }

    /// <summary>Sends prioritized frames in one write, ordered by the rule of <see cref="MultiFrameWriter"/>. All or nothing.</summary>
    /// <exception cref="ArgumentException">A limit is broken; nothing is written.</exception>
    /// <exception cref="InvalidOperationException">DATA frames exceed the flow-control window; nothing is written.</exception>
    public void SendPrioritizedFrames<TFrame>(ReadOnlySpan<PrioritizedFrame<TFrame>> frames)
        where TFrame : struct, IHt2Frame<TFrame>
    {
        PrioritizedStage<TFrame> stage = new(frames);
        StageAndFlush(ref stage);
    }

    /// <summary>
    /// Sends <paramref name="chunks"/> as DATA on <paramref name="streamId"/>: split at the peer's
    /// SETTINGS_MAX_FRAME_SIZE, END_STREAM on the last frame only, payloads never copied (pinned and gathered).
    /// Waits (blocking this thread) whenever the connection or stream window is empty, until a WINDOW_UPDATE or
    /// SETTINGS read by <see cref="ReadFrameAsync"/> adds credit, so the peer's window is never overrun: keep a read
    /// loop running. A wait longer than <see cref="Ht2ConnectionOptions.CreditTimeout"/> throws. When the
    /// windows hold everything, all frames go out in one contiguous write.
    /// </summary>
    /// <exception cref="ArgumentException">Stream 0 or above 2^31-1.</exception>
    /// <exception cref="ObjectDisposedException">The connection was disposed (also while waiting).</exception>
    /// <exception cref="TimeoutException">No credit arrived within <see cref="Ht2ConnectionOptions.CreditTimeout"/>; the frames sent before stay sent.</exception>
    public void SendDataFrames(uint streamId, ReadOnlySpan<ReadOnlyMemory<byte>> chunks, bool endStream)
    {
        DataStage stage = new(chunks, StartData(streamId, chunks, endStream));
        while (stage.Grant.HasFrames)
        {
            stage.Grant.Granted = stage.Grant.Wanted == 0 ? 0 : _windows.Reserve(streamId, stage.Grant.Wanted);
            StageAndFlush(ref stage);
        }
    }

    /// <summary>Sends one buffer as DATA; see <see cref="SendDataFrames"/>.</summary>
    /// <exception cref="ArgumentException">Stream 0 or above 2^31-1.</exception>
    /// <exception cref="TimeoutException">No credit arrived within <see cref="Ht2ConnectionOptions.CreditTimeout"/>; the frames sent before stay sent.</exception>
    public void SendData(uint streamId, ReadOnlyMemory<byte> data, bool endStream)
        => SendDataFrames(streamId, new ReadOnlySpan<ReadOnlyMemory<byte>>(in data), endStream);

    /// <summary>
    /// Sends a header block as HEADERS + CONTINUATION frames split at the peer's SETTINGS_MAX_FRAME_SIZE, in one
    /// contiguous write (see <see cref="MultiFrameWriter.AddHeadersWithContinuations(uint, ReadOnlyMemory{byte}, bool, int, int?, HeadersPriority?, int)"/>).
    /// </summary>
    /// <exception cref="ArgumentException">A limit is broken; nothing is written.</exception>
    public void SendHeaders(uint streamId, ReadOnlyMemory<byte> headerBlock, bool endStream, int? padLength = null, HeadersPriority? priority = null)
    {
        HeadersStage stage = new(streamId, headerBlock, endStream, padLength, priority);
        StageAndFlush(ref stage);
    }

    /// <summary>Sends SETTINGS with <paramref name="entries"/>, each checked with <see cref="SettingsFrame.ValidateEntry"/>.</summary>
    /// <exception cref="ArgumentException">A value is out of range; nothing is written.</exception>
    public void SendSettings(ReadOnlySpan<SettingsEntry> entries)
    {
        SettingsStage stage = new(entries, preface: false);
        StageAndFlush(ref stage);
    }

    /// <summary>
    /// Sends GOAWAY: <paramref name="lastStreamId"/> is the highest peer stream processed, <paramref name="errorCode"/>
    /// typically the <see cref="Ht2ProtocolException.ErrorCode"/> of a connection error from <see cref="ReadFrameAsync"/>.
    /// </summary>
    /// <exception cref="ArgumentException">The last stream id exceeds 2^31-1, or the debug data does not fit a frame.</exception>
    public void SendGoAway(uint lastStreamId, Http2ErrorCode errorCode, ReadOnlyMemory<byte> debugData = default)
    {
        FrameLimits.CheckStreamId(lastStreamId);
        GoAwayFrame frame = new() { LastStreamId = lastStreamId, ErrorCode = errorCode };
        SendFrame(in frame, debugData);
    }

    /// <summary>Sends PING (or its ACK) with 8 opaque bytes.</summary>
    public void SendPing(ulong opaqueData, bool ack = false)
    {
        PingFrame frame = new() { OpaqueData = opaqueData, Flags = ack ? FrameFlags.Ack : FrameFlags.None };
        SendFrame(in frame);
    }

    /// <summary>Sends WINDOW_UPDATE granting the peer <paramref name="increment"/> more bytes (1..2^31-1) on a stream or, with 0, the connection.</summary>
    /// <exception cref="ArgumentOutOfRangeException">The increment is 0 or above 2^31-1.</exception>
    public void SendWindowUpdate(uint streamId, uint increment)
    {
        CheckIncrement(increment);
        WindowUpdateFrame frame = new() { StreamId = streamId, WindowSizeIncrement = increment };
        SendFrame(in frame);
    }

    /// <summary>Checks a DATA send's stream before any credit is taken and starts its cursor.</summary>
    private DataGrant StartData(uint streamId, ReadOnlySpan<ReadOnlyMemory<byte>> chunks, bool endStream)
    {
        ThrowIfDisposed();
        FrameLimits.CheckDataStream(streamId);
        return new DataGrant(streamId, new DataCursor(chunks, endStream));
    }
}
