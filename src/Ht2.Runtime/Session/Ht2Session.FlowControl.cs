using System;
using System.Buffers.Binary;

namespace Ht2;

// Flow control both ways (RFC 9113 §5.2, §6.9): send windows only for tracked streams, receive windows with
// accounting, and credit returned as the application consumes data.
public sealed partial class Ht2Session
{
    private long _connectionSendWindow;
    private int _connectionReceiveWindow;
    private int _connectionUnreturned;
    private bool _localSettingsAcked;

    /// <summary>The stream receive window the peer believes in: the RFC default until our SETTINGS are acknowledged.</summary>
    private int CurrentLocalStreamWindow => _localSettingsAcked ? _options.Windows.StreamWindowSize : Ht2WindowPolicy.DefaultWindowSize;

    private void InitializeFlowControl()
    {
        _connectionSendWindow = Ht2WindowPolicy.DefaultWindowSize;
        _connectionReceiveWindow = Ht2WindowPolicy.DefaultWindowSize;
        _closed = new ClosedStreams(_options.ClosedStreamMemory);
        _peer = Ht2PeerSettings.Initial;
    }

    internal long GetSendWindow(Ht2Stream stream)
    {
        lock (_sync)
        {
            return Math.Min(stream.SendCredit, _connectionSendWindow);
        }
    }

    private void OnData(in FrameHeader header, ReadOnlySpan<byte> payload)
    {
        uint id = header.StreamId;
        int length = header.Length;

        // Every DATA frame counts against the connection window, whatever its stream (RFC 9113 §6.9).
        if (length > _connectionReceiveWindow)
        {
            ConnectionError(Http2ErrorCode.FlowControlError, "DATA beyond the connection receive window.");
            // Stryker disable once Statement : after the connection error the session is closing and every stream closed: what follows only meets no-ops (StageControl, ConnectionError, a closed stream).
            return;
        }

        _connectionReceiveWindow -= length;
        IdStatus status = Classify(id, out Ht2Stream? stream, out StreamCloseKind closeKind);
        if (status == IdStatus.Idle)
        {
            ConnectionError(Http2ErrorCode.ProtocolError, "DATA on an idle stream (RFC 9113 §5.1).");
            // Stryker disable once Statement : after the connection error the session is closing and every stream closed: what follows only meets no-ops (StageControl, ConnectionError, a closed stream).
            return;
        }

        if (stream is null || stream.State is not (Ht2StreamState.Open or Ht2StreamState.HalfClosedLocal))
        {
            ReturnConnectionCredit(length);
            OnFrameForClosedStream(id, stream, status, closeKind);
            return;
        }

        if (!stream.HeadersReceived)
        {
            // DATA before the response's header section is a malformed message (RFC 9113 §8.1).
            ReturnConnectionCredit(length);
            StreamError(id, Http2ErrorCode.ProtocolError);
            return;
        }

        if (length > stream.ReceiveWindow)
        {
            ReturnConnectionCredit(length);
            StreamError(id, Http2ErrorCode.FlowControlError);
            return;
        }

        stream.ReceiveWindow -= length;
        DataFrame frame = DataFrame.Parse(in header, payload, out _);
        ReadOnlySpan<byte> data = payload.Slice(frame.FixedLength, length - frame.FixedLength - frame.PaddingLength);
        bool endStream = header.HasFlag(FrameFlags.EndStream);
        if (length == 0 && !endStream && !Take(ref _emptyFrameBucket, "Too many empty DATA frames."))
        {
            return;
        }

        if (!stream.Body.TryAdd(data.Length))
        {
            ReturnConnectionCredit(length);
            StreamError(id, Http2ErrorCode.ProtocolError);
            return;
        }

        // Padding is consumed on arrival; the data when the application says so.
        int consumedNow = length - data.Length;
        _handler.OnData(stream, data, endStream);
        if (_options.ConsumeDataOnReceive)
        {
            consumedNow = length;
        }

        if (endStream)
        {
            ReturnConnectionCredit(consumedNow);
            OnRemoteEnd(stream);
        }
        else if (stream.State is Ht2StreamState.Open or Ht2StreamState.HalfClosedLocal)
        {
            ReturnCredit(stream, consumedNow);
        }
        else
        {
            // Reset during the call: no WINDOW_UPDATE on a closed stream (RFC 9113 §5.1), only the connection's credit.
            ReturnConnectionCredit(consumedNow);
        }
    }

    internal void ConsumeData(Ht2Stream stream, int bytes)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(bytes);
        lock (_sync)
        {
            // Stryker disable once Equality,Statement,Block : from Closing on StageControl stages nothing, so returning credit only moves counters no one reads again.
            if (_phase >= SessionPhase.Closing)
            {
                return;
            }

            if (stream.State is Ht2StreamState.Open or Ht2StreamState.HalfClosedLocal && _streams.ContainsKey(stream.Id))
            {
                ReturnCredit(stream, bytes);
            }
            else
            {
                ReturnConnectionCredit(bytes);
            }
        }

        SignalWriter();
    }

    /// <summary>Gives back consumed bytes to the stream and the connection, with a WINDOW_UPDATE once past the threshold.</summary>
    private void ReturnCredit(Ht2Stream stream, int bytes)
    {
        ReturnConnectionCredit(bytes);
        stream.ReceiveUnreturned += bytes;
        int window = CurrentLocalStreamWindow;
        if (stream.ReceiveUnreturned >= _options.Windows.Threshold(window) && stream.ReceiveWindow + stream.ReceiveUnreturned <= window)
        {
            StageControl(new WindowUpdateFrame { StreamId = stream.Id, WindowSizeIncrement = (uint)stream.ReceiveUnreturned });
            stream.ReceiveWindow += stream.ReceiveUnreturned;
            stream.ReceiveUnreturned = 0;
        }
    }

    private void ReturnConnectionCredit(int bytes)
    {
        // Stryker disable once Equality,Statement,Block : bytes is never negative, and 0 bytes cannot reach the threshold (at least 1, and the count is emptied whenever it does).
        if (bytes <= 0)
        {
            return;
        }

        _connectionUnreturned += bytes;
        if (_connectionUnreturned >= _options.Windows.Threshold(_options.Windows.ConnectionWindowSize))
        {
            StageControl(new WindowUpdateFrame { StreamId = 0, WindowSizeIncrement = (uint)_connectionUnreturned });
            _connectionReceiveWindow += _connectionUnreturned;
            _connectionUnreturned = 0;
        }
    }

    private void OnWindowUpdate(in FrameHeader header, ReadOnlySpan<byte> payload)
    {
        // Stryker disable once Block : the block is its one return, equivalent for the reason given on it.
        if (!Take(ref _windowUpdateBucket, "Too many WINDOW_UPDATE frames."))
        {
            // Stryker disable once Statement : after the connection error the session is closing and every stream closed: what follows only meets no-ops (StageControl, ConnectionError, a closed stream).
            return;
        }

        uint increment = BinaryPrimitives.ReadUInt32BigEndian(payload) & FrameHeader.MaxStreamId;
        if (header.StreamId == 0)
        {
            FrameError overflow = FlowWindow.TryIncrease(ref _connectionSendWindow, increment, 0);
            if (overflow.IsError)
            {
                ConnectionError(overflow.Code, overflow.Reason);
            }

            // Stryker disable once Statement : stream 0 is never tracked, remembered nor above a highest id, so Classify calls it forgotten and the next check returns.
            return;
        }

        IdStatus status = Classify(header.StreamId, out Ht2Stream? stream, out _);
        if (status == IdStatus.Idle)
        {
            ConnectionError(Http2ErrorCode.ProtocolError, "WINDOW_UPDATE on an idle stream (RFC 9113 §5.1).");
            // Stryker disable once Statement : the stream is null for an idle id, so the next check returns.
            return;
        }

        // No window is kept for closed streams: a late WINDOW_UPDATE there is ignored (RFC 9113 §5.1).
        if (stream is null || stream.State == Ht2StreamState.Closed)
        {
            return;
        }

        if (FlowWindow.TryIncrease(ref stream.SendCredit, increment, stream.Id).IsError)
        {
            StreamError(stream.Id, Http2ErrorCode.FlowControlError);
            // Stryker disable once Statement : the stream error closed the stream and failed its send (SendActive is false), so nothing is enqueued.
            return;
        }

        if (stream.SendActive)
        {
            EnqueueReady(stream);
        }
    }
}
