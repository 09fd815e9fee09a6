using System;
using System.Collections.Generic;

namespace Ht2;

// Stream table: opening, the §5.1 transitions, closing, and when a handle goes back to the pool.
public sealed partial class Ht2Session
{
    private ClosedStreams _closed = null!;
    private readonly List<Ht2Stream> _sendCompletions = new();
    private uint _lastPeerStreamId;
    private uint _nextLocalStreamId;
    private int _peerStreamCount;

    /// <summary>What a stream id means now: a tracked stream, a remembered closed one, idle, or closed and forgotten.</summary>
    private enum IdStatus
    {
        Active,
        Idle,
        RecentlyClosed,
        Forgotten,
    }

    private IdStatus Classify(uint id, out Ht2Stream? stream, out StreamCloseKind closeKind)
    {
        closeKind = default;
        if (_streams.TryGetValue(id, out stream))
        {
            return IdStatus.Active;
        }

        if (_closed.TryGet(id, out closeKind))
        {
            return IdStatus.RecentlyClosed;
        }

        // Stryker disable once Equality : _nextLocalStreamId is odd (it starts at 1 and grows by 2), never 2.
        uint highest = IsPeerStreamId(id) ? _lastPeerStreamId : (_nextLocalStreamId > 2 ? _nextLocalStreamId - 2 : 0);
        return id > highest ? IdStatus.Idle : IdStatus.Forgotten;
    }

    // Clients open odd streams, servers even ones (RFC 9113 §5.1.1); this engine's peer is the other role.
    private bool IsPeerStreamId(uint id) => Role == Ht2SessionRole.Server ? (id & 1) == 1 : (id & 1) == 0;

    private Ht2Stream OpenStreamCore(uint id, bool peerInitiated, Ht2StreamState state)
    {
        Ht2Stream stream = _pool.Count > 0 ? _pool.Pop() : new Ht2Stream(this);
        stream.ResetForReuse(id, state);
        stream.PeerInitiated = peerInitiated;
        stream.SendCredit = _peer.InitialWindowSize;
        stream.ReceiveWindow = CurrentLocalStreamWindow;
        _streams.Add(id, stream);
        if (peerInitiated)
        {
            _peerStreamCount++;
        }

        return stream;
    }

    /// <summary>We sent END_STREAM (staged its frame).</summary>
    private void OnLocalEnd(Ht2Stream stream)
    {
        stream.AppFinished = true;
        // Stryker disable once Block : the block is its one return, unreachable for the reason given on it.
        if (stream.State == Ht2StreamState.Closed)
        {
            // Stryker disable once Statement : unreachable: END_STREAM is staged only on an Open or HalfClosedRemote stream (CanSend, StageData).
            return;
        }

        stream.State = stream.State == Ht2StreamState.HalfClosedRemote ? Ht2StreamState.Closed : Ht2StreamState.HalfClosedLocal;
        if (stream.State == Ht2StreamState.Closed)
        {
            Retire(stream, StreamCloseKind.Ended);
        }
    }

    /// <summary>The peer sent END_STREAM.</summary>
    private void OnRemoteEnd(Ht2Stream stream)
    {
        if (stream.State == Ht2StreamState.Closed)
        {
            // The handler reset it during the call that delivered the end.
            return;
        }

        if (!stream.Body.TryEnd())
        {
            StreamError(stream.Id, Http2ErrorCode.ProtocolError);
            return;
        }

        stream.State = stream.State == Ht2StreamState.HalfClosedLocal ? Ht2StreamState.Closed : Ht2StreamState.HalfClosedRemote;
        if (stream.State == Ht2StreamState.Closed)
        {
            Retire(stream, StreamCloseKind.Ended);
        }
    }

    /// <summary>
    /// Closes a stream by reset (either side): a pending send fails, and the handler hears of it (before the handle
    /// may return to the pool) if it knows the stream.
    /// </summary>
    private void CloseByReset(Ht2Stream stream, Http2ErrorCode code, StreamCloseKind kind, bool notify)
    {
        if (stream.State == Ht2StreamState.Closed)
        {
            return;
        }

        stream.State = Ht2StreamState.Closed;
        stream.ResetCode = code;
        FailSend(stream, code);
        if (!stream.HandlerKnows)
        {
            // Stryker disable once Boolean : unreachable: HandlerKnows is set the moment a stream is opened, before anything can reset it.
            stream.AppFinished = true;
        }
        else if (notify)
        {
            _handler.OnReset(stream, code);
        }

        Retire(stream, kind);
    }

    private void FailSend(Ht2Stream stream, Http2ErrorCode code)
    {
        if (stream.SendActive && !stream.CompletionQueued)
        {
            stream.SendActive = false;
            stream.SendError = new Ht2StreamClosedException(stream.Id, code);
            stream.CompletionQueued = true;
            _sendCompletions.Add(stream);
        }
    }

    /// <summary>
    /// Forgets a closed stream once the application is done with it too: it leaves the table (and the concurrency
    /// count) and its handle returns to the pool when no send completion or ready-list entry still points at it.
    /// </summary>
    private void Retire(Ht2Stream stream, StreamCloseKind kind)
    {
        _closed.Add(stream.Id, kind);
        if (!stream.AppFinished || !_streams.Remove(stream.Id))
        {
            return;
        }

        if (stream.PeerInitiated)
        {
            _peerStreamCount--;
        }

        if (_streams.Count == 0)
        {
            _idleSince = _time.GetTimestamp();
            CloseWhenDrained();
        }

        ReturnToPoolIfUnused(stream);
    }

    /// <summary>
    /// DATA or HEADERS for a stream the peer can no longer send on (RFC 9113 §5.1): ignored when we reset it (the
    /// peer had not seen our RST_STREAM yet, §5.4.2), a connection error STREAM_CLOSED after its END_STREAM closed
    /// the stream, a stream error STREAM_CLOSED otherwise (half-closed remote, reset by the peer, forgotten).
    /// </summary>
    private void OnFrameForClosedStream(uint id, Ht2Stream? stream, IdStatus status, StreamCloseKind kind)
    {
        if (stream is not null && stream.State == Ht2StreamState.Closed)
        {
            status = _closed.TryGet(id, out kind) ? IdStatus.RecentlyClosed : IdStatus.Forgotten;
        }

        if (status == IdStatus.RecentlyClosed && kind == StreamCloseKind.ResetByUs)
        {
            return;
        }

        if (status == IdStatus.RecentlyClosed && kind == StreamCloseKind.Ended)
        {
            ConnectionError(Http2ErrorCode.StreamClosed, "A frame on a stream closed by END_STREAM (RFC 9113 §5.1).");
            // Stryker disable once Statement : after the connection error the session is closing and every stream closed: what follows only meets no-ops (StageControl, ConnectionError, a closed stream).
            return;
        }

        StreamError(id, Http2ErrorCode.StreamClosed);
    }

    private void ReturnToPoolIfUnused(Ht2Stream stream)
    {
        if (stream.State == Ht2StreamState.Closed && stream.AppFinished && !stream.SendActive && !stream.CompletionQueued
            && !stream.InReadyList && !stream.Delivering && !_streams.ContainsKey(stream.Id) && _pool.Count < _options.MaxConcurrentStreams + 16)
        {
            // A pooled handle keeps reporting Closed until it is reused for a new stream.
            _pool.Push(stream);
        }
    }

    internal void ReleaseByApplication(Ht2Stream stream)
    {
        lock (_sync)
        {
            if (stream.AppFinished)
            {
                return;
            }

            // Stryker disable once Equality : from Closing on every stream is Closed (a connection error and the peer's close close them all,
            // a drain ends with none), so an Open or HalfClosedRemote stream is never seen at Closing.
            if (stream.State is Ht2StreamState.Open or Ht2StreamState.HalfClosedRemote && _phase < SessionPhase.Closing)
            {
                // Released while our side is still open: nothing will ever end it, so it is cancelled.
                StageControl(new RstStreamFrame { StreamId = stream.Id, ErrorCode = Http2ErrorCode.Cancel });
                stream.AppFinished = true;
                CloseByReset(stream, Http2ErrorCode.Cancel, StreamCloseKind.ResetByUs, notify: false);
            }
            else
            {
                stream.AppFinished = true;
                if (stream.State == Ht2StreamState.Closed)
                {
                    Retire(stream, _closed.TryGet(stream.Id, out StreamCloseKind kind) ? kind : StreamCloseKind.Ended);
                }
            }
        }

        DeliverCompletions();
        SignalWriter();
    }

    /// <summary>
    /// Client: opens a stream with a request header section. Returns null when the peer's
    /// SETTINGS_MAX_CONCURRENT_STREAMS is reached or the connection is going away (retry on another connection).
    /// The stream's events may fire before this returns (the response can beat the caller): pass what the handler
    /// needs as <paramref name="userState"/>, which is on the handle (<see cref="Ht2Stream.UserState"/>) before any event.
    /// </summary>
    /// <exception cref="InvalidOperationException">This is a server session.</exception>
    /// <exception cref="ArgumentException">The request breaks an RFC 9113 §8 rule or exceeds the peer's SETTINGS_MAX_HEADER_LIST_SIZE; no stream is opened.</exception>
    public Ht2Stream? OpenStream(ReadOnlySpan<Ht2Field> fields, bool endStream, object? userState = null) => OpenStreamCore(fields, null, default, endStream, userState);

    /// <summary>
    /// Client: opens a stream with a request section checked when it was created (see <see cref="Ht2FieldSection"/>);
    /// otherwise as <see cref="OpenStream(ReadOnlySpan{Ht2Field}, bool, object?)"/>.
    /// </summary>
    /// <exception cref="InvalidOperationException">This is a server session.</exception>
    /// <exception cref="ArgumentException">The section is not a valid request or exceeds the peer's SETTINGS_MAX_HEADER_LIST_SIZE; no stream is opened.</exception>
    public Ht2Stream? OpenStream(Ht2FieldSection section, bool endStream, object? userState = null) =>
        OpenStreamCore(default, section ?? throw new ArgumentNullException(nameof(section)), default, endStream, userState);

    /// <summary>Client: opens a stream with an already encoded request header block; see <see cref="OpenStream(ReadOnlySpan{Ht2Field}, bool, object?)"/>.</summary>
    /// <exception cref="InvalidOperationException">This is a server session.</exception>
    public Ht2Stream? OpenStream(ReadOnlySpan<byte> headerBlock, bool endStream, object? userState = null) => OpenStreamCore(default, null, headerBlock, endStream, userState);

    private Ht2Stream? OpenStreamCore(ReadOnlySpan<Ht2Field> fields, Ht2FieldSection? section, ReadOnlySpan<byte> block, bool endStream, object? userState)
    {
        if (Role != Ht2SessionRole.Client)
        {
            throw new InvalidOperationException("Only a client session opens streams.");
        }

        Ht2Stream stream;
        lock (_sync)
        {
            // Stryker disable once Arithmetic : on a client _peerStreamCount is always 0 (a server cannot open streams: push is disabled).
            if (_phase != SessionPhase.Open || _peerGoAwayReceived || _streams.Count - _peerStreamCount >= _peer.MaxConcurrentStreams
                || _nextLocalStreamId > FrameHeader.MaxStreamId)
            {
                return null;
            }

            stream = OpenStreamCore(_nextLocalStreamId, peerInitiated: false, Ht2StreamState.Open);
            stream.HandlerKnows = true;
            stream.UserState = userState;
            try
            {
                StageHeaders(stream, fields, section, block, endStream);
            }
            catch
            {
                // Nothing reached the queue: the id stays unused and the handle goes back.
                _streams.Remove(stream.Id);
                _pool.Push(stream);
                throw;
            }

            _nextLocalStreamId += 2;
        }

        SignalWriter();
        return stream;
    }
}
