using System;
using System.Text;

namespace Ht2;

// Stream and connection errors (RFC 9113 §5.4), the flood defences that end in GOAWAY, and shutdown.
public sealed partial class Ht2Session
{
    private SessionPhase _phase;
    private bool _peerGoAwayReceived;
    private int _streamErrors;
    private TokenBucket _receivedResetBucket;
    private TokenBucket _localResetBucket;
    private TokenBucket _emptyFrameBucket;
    private TokenBucket _priorityBucket;
    private TokenBucket _windowUpdateBucket;
    private TokenBucket _pingBucket;
    private TokenBucket _settingsBucket;

    /// <summary>Where the connection is in its life.</summary>
    private enum SessionPhase
    {
        /// <summary>Serving: new streams are accepted.</summary>
        Open,

        /// <summary>Our graceful GOAWAY went out: in-flight streams finish, new ones are ignored.</summary>
        Draining,

        /// <summary>Nothing more is processed; queued frames (the final GOAWAY) are written, then our side shuts down.</summary>
        Closing,

        /// <summary>The transport is closed.</summary>
        Closed,
    }

    private void InitializeDefences()
    {
        long now = _time.GetTimestamp();
        _receivedResetBucket = new TokenBucket(_options.ReceivedResets, now);
        _localResetBucket = new TokenBucket(_options.LocalResets, now);
        _emptyFrameBucket = new TokenBucket(_options.EmptyFrames, now);
        _priorityBucket = new TokenBucket(_options.PriorityFrames, now);
        _windowUpdateBucket = new TokenBucket(_options.WindowUpdateFrames, now);
        _pingBucket = new TokenBucket(_options.PingFrames, now);
        _settingsBucket = new TokenBucket(_options.SettingsFrames, now);
    }

    /// <summary>Takes a token; when the bucket is empty the flood is answered with GOAWAY ENHANCE_YOUR_CALM.</summary>
    private bool Take(ref TokenBucket bucket, string reason)
    {
        if (bucket.TryTake(_time))
        {
            return true;
        }

        ConnectionError(Http2ErrorCode.EnhanceYourCalm, reason);
        return false;
    }

    /// <summary>A stream error: RST_STREAM with the code; counted, because a peer can provoke them (MadeYouReset).</summary>
    private void StreamError(uint id, Http2ErrorCode code)
    {
        StageControl(new RstStreamFrame { StreamId = id, ErrorCode = code });
        if (_streams.TryGetValue(id, out Ht2Stream? stream))
        {
            CloseByReset(stream, code, StreamCloseKind.ResetByUs, notify: true);
        }
        else
        {
            _closed.Add(id, StreamCloseKind.ResetByUs);
        }

        if (++_streamErrors > _options.MaxStreamErrors)
        {
            ConnectionError(Http2ErrorCode.EnhanceYourCalm, "Too many stream errors on this connection.");
            // Stryker disable once Statement : past it the phase is Closing, where Take's own ConnectionError does nothing and the bucket is never read again.
            return;
        }

        Take(ref _localResetBucket, "Too many streams reset for errors (MadeYouReset).");
    }

    /// <summary>A new stream beyond SETTINGS_MAX_CONCURRENT_STREAMS (RFC 9113 §5.1.2): refused, so the peer may retry it.</summary>
    private void RefuseStream(uint id)
    {
        StageControl(new RstStreamFrame { StreamId = id, ErrorCode = Http2ErrorCode.RefusedStream });
        _closed.Add(id, StreamCloseKind.ResetByUs);
    }

    /// <summary>
    /// A connection error: GOAWAY with the last stream we processed, the code and the reason, after what is already
    /// queued (our SETTINGS must stay the first frame, RFC 9113 §3.4; the queue is bounded); every stream closed;
    /// then our side shuts down once the GOAWAY is written.
    /// </summary>
    private void ConnectionError(Http2ErrorCode code, string reason)
    {
        if (_phase >= SessionPhase.Closing)
        {
            return;
        }

        _phase = SessionPhase.Closing;
        CloseReason ??= code;
        byte[] debug = Encoding.UTF8.GetBytes(reason);
        _pending.Writer.Add(new GoAwayFrame { LastStreamId = _lastPeerStreamId, ErrorCode = code }, debug);
        CloseAllStreams(code);
    }

    private void CloseAllStreams(Http2ErrorCode code)
    {
        // A copy: handlers told of the reset may release streams (which leave the table) meanwhile.
        foreach (Ht2Stream stream in SnapshotStreams())
        {
            CloseByReset(stream, code, StreamCloseKind.ResetByUs, notify: true);
        }
    }

    /// <summary>The tracked streams, copied (an allocation on the rare paths that close many streams at once).</summary>
    private Ht2Stream[] SnapshotStreams()
    {
        Ht2Stream[] streams = new Ht2Stream[_streams.Count];
        _streams.Values.CopyTo(streams, 0);
        return streams;
    }

    /// <summary>
    /// Starts a graceful shutdown: GOAWAY NO_ERROR with the last stream id processed; streams in flight finish, new
    /// ones are ignored, and the connection closes when none is left (or after <see cref="Ht2SessionOptions.ShutdownTimeout"/>).
    /// </summary>
    public void Shutdown()
    {
        lock (_sync)
        {
            BeginShutdown();
        }

        SignalWriter();
    }

    private void BeginShutdown()
    {
        if (_phase != SessionPhase.Open)
        {
            return;
        }

        _phase = SessionPhase.Draining;
        _shutdownDeadline = Deadline(_options.ShutdownTimeout);
        _pending.Writer.Add(new GoAwayFrame { LastStreamId = _lastPeerStreamId, ErrorCode = Http2ErrorCode.NoError });
        CloseWhenDrained();
    }

    /// <summary>Closes the connection now: GOAWAY with <paramref name="errorCode"/> and close, whatever runs.</summary>
    public void Abort(Http2ErrorCode errorCode = Http2ErrorCode.NoError)
    {
        lock (_sync)
        {
            ConnectionError(errorCode, "The application closed the connection.");
        }

        DeliverCompletions();
        SignalWriter();
    }

    /// <summary>
    /// After our graceful GOAWAY, the connection closes once no stream is left. After the peer's GOAWAY it stays
    /// open (the peer may still ping, and closes it itself) until the idle timeout.
    /// </summary>
    private void CloseWhenDrained()
    {
        if (_phase == SessionPhase.Draining && _streams.Count == 0)
        {
            _phase = SessionPhase.Closing;
            CloseReason ??= Http2ErrorCode.NoError;
        }
    }

    private void RespondHeaderListTooLarge(uint id, bool requestEnded)
    {
        // 431 Request Header Fields Too Large, then, if the request is still open, RST_STREAM NO_ERROR (RFC 9113 §8.1).
        // The encode buffer (never under 1 KiB) holds the size update and :status.
        Span<byte> block = _encodeBuffer;
        int length = _encoder.BeginBlock(block);
        length += HpackEncoder.EncodeStatus(431, block.Slice(length));
        StageHeaderBlock(id, length, endStream: true);
        if (!requestEnded)
        {
            StageControl(new RstStreamFrame { StreamId = id, ErrorCode = Http2ErrorCode.NoError });
        }

        _closed.Add(id, StreamCloseKind.ResetByUs);
    }
}
