using System;
using System.Collections.Generic;
using System.Threading;

namespace Ht2;

// The one outbound queue: every frame joins the pending batch (a MultiFrameWriter); DATA is staged by the writer
// at flush time, round-robin over the ready streams, within the flow-control windows. What arrives while a batch is
// being written joins the next one (group commit).
public sealed partial class Ht2Session
{
    private readonly WriteSignal _writeSignal = new();
    private readonly object _deliverLock = new();
    private readonly List<Ht2Stream> _delivering = new();
    private OutboundBatch _pending = null!;
    private OutboundBatch _flushing = null!;
    private Ht2Stream? _readyHead;
    private Ht2Stream? _readyTail;
    private byte[] _encodeBuffer = new byte[1024];
    private bool _tableSizeUpdateSent;

    private void InitializeOutbound()
    {
        _pending = new OutboundBatch();
        _flushing = new OutboundBatch();
    }

    /// <summary>Stages a control frame; a peer that provokes more of them than it reads trips the backlog limit.</summary>
    private void StageControl<TFrame>(in TFrame frame)
        where TFrame : struct, IHt2Frame<TFrame>
    {
        if (_phase >= SessionPhase.Closing)
        {
            return;
        }

        if (_pending.ControlFrames + _flushing.ControlFrames >= _options.MaxQueuedControlFrames)
        {
            ConnectionError(Http2ErrorCode.EnhanceYourCalm, "Too many control frames queued: the peer does not read.");
            return;
        }

        _pending.ControlFrames++;
        _pending.Writer.Add(in frame);
    }

    /// <summary>Empties the pending batch (its sends fail); used before the final GOAWAY of a connection error.</summary>
    private void DropPendingFrames()
    {
        _pending.Writer.Reset();
        _pending.ControlFrames = 0;
        FailBatchSends(_pending);
    }

    /// <summary>The sends whose last frames are in <paramref name="batch"/> fail: those bytes will not reach the peer.</summary>
    private void FailBatchSends(OutboundBatch batch)
    {
        foreach (Ht2Stream stream in batch.Completions)
        {
            stream.SendError = new Ht2StreamClosedException(stream.Id, Http2ErrorCode.Cancel);
            _sendCompletions.Add(stream);
        }

        batch.Completions.Clear();
    }

    /// <summary>The first header block of the connection starts with a dynamic table size update to 0 (see <see cref="HpackEncoder"/>).</summary>
    private int WriteTableSizePrefix(Span<byte> destination)
    {
        if (_tableSizeUpdateSent)
        {
            return 0;
        }

        _tableSizeUpdateSent = true;
        HpackEncoder.TryEncodeDynamicTableSizeUpdate(0, destination, out int written);
        return written;
    }

    /// <summary>Stages HEADERS (+ CONTINUATION) copied into the batch, so the caller's buffer is free at once.</summary>
    private void StageHeaderBlock(uint id, ReadOnlySpan<byte> block, bool endStream)
    {
        if (_encodeBuffer.Length < block.Length)
        {
            _encodeBuffer = new byte[Math.Max(block.Length, _encodeBuffer.Length * 2)];
        }

        block.CopyTo(_encodeBuffer);
        MultiFrameWriter writer = _pending.Writer;
        int threshold = writer.CopyThreshold;
        writer.CopyThreshold = int.MaxValue;
        try
        {
            writer.AddHeadersWithContinuations(id, _encodeBuffer.AsMemory(0, block.Length), endStream);
        }
        finally
        {
            writer.CopyThreshold = threshold;
        }
    }

    /// <summary>Encodes fields (or takes an encoded block) and stages it for <paramref name="stream"/>; under _sync.</summary>
    private void StageHeaders(Ht2Stream stream, ReadOnlySpan<Ht2Field> fields, ReadOnlySpan<byte> encoded, bool endStream)
    {
        int capacity = 1 + encoded.Length;
        foreach (Ht2Field field in fields)
        {
            capacity += HpackEncoder.GetMaxEncodedLength(field.Name.Length, field.Value.Length);
        }

        byte[] buffer = _encodeBuffer.Length >= capacity ? _encodeBuffer : (_encodeBuffer = new byte[Math.Max(capacity, _encodeBuffer.Length * 2)]);
        int length = WriteTableSizePrefix(buffer);
        foreach (Ht2Field field in fields)
        {
            HpackEncoder.TryEncodeHeader(field.Name.Span, field.Value.Span, buffer.AsSpan(length), out int written, field.Options);
            length += written;
            if (field.Name.Span.SequenceEqual(":method"u8) && field.Value.Span.SequenceEqual("HEAD"u8))
            {
                stream.RequestWasHead = true;
            }
        }

        encoded.CopyTo(buffer.AsSpan(length));
        length += encoded.Length;
        StageHeaderBlock(stream.Id, buffer.AsSpan(0, length), endStream);
        if (endStream)
        {
            OnLocalEnd(stream);
        }
    }

    internal void SendHeaders(Ht2Stream stream, ReadOnlySpan<Ht2Field> fields, ReadOnlySpan<byte> encoded, bool endStream)
    {
        lock (_sync)
        {
            if (!CanSend(stream))
            {
                return;
            }

            if (stream.SendActive)
            {
                throw new InvalidOperationException("Data is still being sent on this stream; send headers after it completed.");
            }

            StageHeaders(stream, fields, encoded, endStream);
        }

        SignalWriter();
    }

    /// <summary>False when the stream was reset or the connection is closing (the send is dropped silently); throws when our side already ended.</summary>
    private bool CanSend(Ht2Stream stream)
    {
        if (stream.State is Ht2StreamState.HalfClosedLocal || (stream.AppFinished && stream.State != Ht2StreamState.Closed))
        {
            throw new InvalidOperationException("This side of the stream has ended.");
        }

        return stream.State is Ht2StreamState.Open or Ht2StreamState.HalfClosedRemote && _phase < SessionPhase.Closing;
    }

    internal void QueueData(Ht2Stream stream, ReadOnlyMemory<byte> data, bool endStream, int padding)
    {
        if (padding > 255)
        {
            throw new ArgumentOutOfRangeException(nameof(padding), padding, "Padding is 0..255 bytes.");
        }

        lock (_sync)
        {
            if (stream.SendActive || stream.CompletionQueued)
            {
                throw new InvalidOperationException("A send is already in progress on this stream.");
            }

            stream.ArmSend();
            if (!CanSend(stream))
            {
                // A reset stream reports its reset's code (the peer's NO_ERROR after an early response, say).
                Http2ErrorCode code = stream.State == Ht2StreamState.Closed ? stream.ResetCode : CloseReason ?? Http2ErrorCode.Cancel;
                stream.CompleteSend(new Ht2StreamClosedException(stream.Id, code));
                return;
            }

            if (data.IsEmpty && !endStream)
            {
                stream.CompleteSend(null);
                return;
            }

            stream.SendData = data;
            stream.SendOffset = 0;
            stream.SendEnd = endStream;
            stream.SendPadding = padding;
            stream.SendActive = true;
            EnqueueReady(stream);
        }

        SignalWriter();
    }

    internal void ResetByApplication(Ht2Stream stream, Http2ErrorCode code)
    {
        lock (_sync)
        {
            if (stream.State == Ht2StreamState.Closed || _phase >= SessionPhase.Closing || !_streams.ContainsKey(stream.Id))
            {
                return;
            }

            StageControl(new RstStreamFrame { StreamId = stream.Id, ErrorCode = code });
            stream.AppFinished = true;
            CloseByReset(stream, code, StreamCloseKind.ResetByUs, notify: false);
        }

        DeliverCompletions();
        SignalWriter();
    }

    private void EnqueueReady(Ht2Stream stream)
    {
        if (stream.InReadyList)
        {
            return;
        }

        stream.InReadyList = true;
        stream.NextReady = null;
        if (_readyTail is null)
        {
            _readyHead = stream;
        }
        else
        {
            _readyTail.NextReady = stream;
        }

        _readyTail = stream;
    }

    private Ht2Stream? DequeueReady()
    {
        Ht2Stream? stream = _readyHead;
        if (stream is null)
        {
            return null;
        }

        _readyHead = stream.NextReady;
        if (_readyHead is null)
        {
            _readyTail = null;
        }

        stream.NextReady = null;
        stream.InReadyList = false;
        return stream;
    }

    /// <summary>Wakes the writer, unless this thread holds the lock (a handler call): the read loop wakes it after.</summary>
    private void SignalWriter()
    {
        if (!Monitor.IsEntered(_sync))
        {
            _writeSignal.Set();
        }
    }

    /// <summary>
    /// Completes finished or failed sends outside the session lock (their continuations may send again). Continuations
    /// run inline on this thread and may finish or fail other sends (a reset, an abort): the nested call returns at
    /// once, and this one delivers what they queued in its next round. Under the session lock (a handler that resets
    /// or aborts) it returns at once too: waiting there for a delivering thread whose continuation waits for the
    /// session lock would deadlock, and the lock holder (read loop, timer, failure path) delivers once it let go.
    /// </summary>
    private void DeliverCompletions()
    {
        if (Monitor.IsEntered(_deliverLock) || Monitor.IsEntered(_sync))
        {
            return;
        }

        lock (_deliverLock)
        {
            while (true)
            {
                lock (_sync)
                {
                    if (_sendCompletions.Count == 0)
                    {
                        return;
                    }

                    foreach (Ht2Stream stream in _sendCompletions)
                    {
                        stream.DeliverError = stream.SendError;
                        stream.SendError = null;
                        stream.CompletionQueued = false;
                        stream.Delivering = true;
                        _delivering.Add(stream);
                    }

                    _sendCompletions.Clear();
                }

                foreach (Ht2Stream stream in _delivering)
                {
                    stream.CompleteSend(stream.DeliverError);
                }

                lock (_sync)
                {
                    foreach (Ht2Stream stream in _delivering)
                    {
                        stream.Delivering = false;
                        stream.DeliverError = null;
                        ReturnToPoolIfUnused(stream);
                    }
                }

                _delivering.Clear();
            }
        }
    }

    /// <summary>One batch of the double-buffered queue: the frames, the sends it finishes, its control-frame count.</summary>
    private sealed class OutboundBatch
    {
        public MultiFrameWriter Writer { get; } = new();

        public List<Ht2Stream> Completions { get; } = new();

        public int ControlFrames { get; set; }
    }
}
