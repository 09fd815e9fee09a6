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
    private readonly Lock _deliverLock = new();
    private readonly List<Ht2Stream> _delivering = new();
    private bool _deliveringNow;
    private OutboundBatch _pending = null!;
    private OutboundBatch _flushing = null!;
    private Ht2Stream? _readyHead;
    private Ht2Stream? _readyTail;
    private byte[] _encodeBuffer = new byte[1024];
    private HpackIndexingEncoder _encoder = null!;

    private void InitializeOutbound()
    {
        _pending = new OutboundBatch();
        _flushing = new OutboundBatch();
        _encoder = new HpackIndexingEncoder(_options.EncoderTableSize);
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

    /// <summary>Fails the sends whose last frame is in <paramref name="batch"/>: it will never reach the peer.</summary>
    private void FailBatchSends(OutboundBatch batch)
    {
        foreach (Ht2Stream stream in batch.Completions)
        {
            stream.SendError = new Ht2StreamClosedException(stream.Id, Http2ErrorCode.Cancel);
            _sendCompletions.Add(stream);
        }

        batch.Completions.Clear();
    }

    /// <summary>
    /// Stages the block encoded at the start of the encode buffer as HEADERS (+ CONTINUATION), copied into the batch
    /// so the buffer is free for the next block at once.
    /// </summary>
    private void StageHeaderBlock(uint id, int length, bool endStream)
    {
        MultiFrameWriter writer = _pending.Writer;
        int threshold = writer.CopyThreshold;
        writer.CopyThreshold = int.MaxValue;
        try
        {
            writer.AddHeadersWithContinuations(id, _encodeBuffer.AsMemory(0, length), endStream);
        }
        finally
        {
            writer.CopyThreshold = threshold;
        }
    }

    /// <summary>
    /// Encodes fields (those of <paramref name="section"/> when given) or takes an encoded block, and stages it for
    /// <paramref name="stream"/>; under _sync.
    /// </summary>
    /// <exception cref="ArgumentException">The fields break an RFC 9113 §8 rule or exceed the peer's SETTINGS_MAX_HEADER_LIST_SIZE (nothing is staged).</exception>
    private void StageHeaders(Ht2Stream stream, ReadOnlySpan<Ht2Field> fields, Ht2FieldSection? section, ReadOnlySpan<byte> encoded, bool endStream)
    {
        if (section is not null)
        {
            fields = section.Fields;
        }

        CheckOutgoingSection(stream, fields, section, encoded.IsEmpty, endStream);
        int capacity = HpackIndexingEncoder.MaxBlockPrefixLength + encoded.Length;
        foreach (Ht2Field field in fields)
        {
            capacity += HpackEncoder.GetMaxEncodedLength(field.Name.Length, field.Value.Length);
        }

        // A block that fits one HEADERS frame whatever the encoder makes of it is encoded straight into the batch;
        // a longer one goes through the encode buffer and is split into CONTINUATION frames.
        MultiFrameWriter writer = _pending.Writer;
        bool inPlace = capacity <= writer.MaxFrameSize;
        Span<byte> buffer = inPlace ? writer.ReserveHeaderBlock(capacity)
            : _encodeBuffer.Length >= capacity ? _encodeBuffer : (_encodeBuffer = new byte[Math.Max(capacity, _encodeBuffer.Length * 2)]);

        // Blocks are encoded in the order they are staged, which is the order they reach the peer: the dynamic
        // table stays in step with the peer's decoder.
        int length = _encoder.BeginBlock(buffer);
        foreach (Ht2Field field in fields)
        {
            _encoder.TryEncodeHeader(field.Name.Span, field.Value.Span, buffer.Slice(length), out int written, field.Options);
            length += written;
        }

        encoded.CopyTo(buffer.Slice(length));
        length += encoded.Length;
        if (inPlace)
        {
            writer.CommitHeaderBlock(stream.Id, length, endStream);
        }
        else
        {
            StageHeaderBlock(stream.Id, length, endStream);
        }
        if (endStream)
        {
            OnLocalEnd(stream);
        }
    }

    internal void SendHeaders(Ht2Stream stream, ReadOnlySpan<Ht2Field> fields, Ht2FieldSection? section, ReadOnlySpan<byte> encoded, bool endStream)
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

            StageHeaders(stream, fields, section, encoded, endStream);
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

    internal void QueueData(Ht2Stream stream, ReadOnlyMemory<byte> data, bool endStream, int? padLength)
    {
        if (padLength is < 0 or > 255)
        {
            throw new ArgumentOutOfRangeException(nameof(padLength), padLength, "Padding is 0..255 bytes.");
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
            stream.SendCursor = new DataCursor(stream.SendBody, endStream);
            stream.SendPadding = padLength ?? -1;
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
        if (!_sync.IsHeldByCurrentThread)
        {
            _writeSignal.Set();
        }
    }

    /// <summary>
    /// Completes finished or failed sends outside the session lock (their continuations may send again). Called with
    /// the lock held (a handler call), or again from inside a continuation, it leaves the work to the running call.
    /// </summary>
    private void DeliverCompletions()
    {
        if (_sync.IsHeldByCurrentThread)
        {
            return;
        }

        lock (_deliverLock)
        {
            if (_deliveringNow)
            {
                return;
            }

            _deliveringNow = true;
            try
            {
                while (TakeCompletions())
                {
                    foreach (Ht2Stream stream in _delivering)
                    {
                        // From here a new send on the stream is legal (the continuation below may start one).
                        Volatile.Write(ref stream.CompletionQueued, false);
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
            finally
            {
                _deliveringNow = false;
            }
        }
    }

    /// <summary>Moves the queued completions to the delivery list; false when there are none.</summary>
    private bool TakeCompletions()
    {
        lock (_sync)
        {
            foreach (Ht2Stream stream in _sendCompletions)
            {
                stream.DeliverError = stream.SendError;
                stream.SendError = null;
                stream.Delivering = true;
                _delivering.Add(stream);
            }

            _sendCompletions.Clear();
            return _delivering.Count > 0;
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
