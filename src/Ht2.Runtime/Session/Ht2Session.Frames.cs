using System;
using System.Buffers.Binary;

namespace Ht2;

// The protocol core's entry: bytes in, frames checked and dispatched by type (RFC 9113 §6). Runs under _sync.
public sealed partial class Ht2Session
{
    private bool _prefaceReceived;
    private bool _firstSettingsReceived;

    /// <summary>Processes every complete frame at the start of <paramref name="input"/>; returns the bytes consumed.</summary>
    internal int ProcessInput(ReadOnlySpan<byte> input)
    {
        int consumed = 0;
        if (!_prefaceReceived && Role == Ht2SessionRole.Server)
        {
            consumed = AcceptPreface(input);
            if (consumed <= 0)
            {
                return consumed < 0 ? input.Length : 0;
            }
        }

        _prefaceReceived = true;
        while (_phase < SessionPhase.Closing)
        {
            FrameReadStatus status = FrameReader.TryReadFrame(input.Slice(consumed), _reader, out FrameHeader header, out ReadOnlySpan<byte> payload, out int used, out FrameError error);
            if (status == FrameReadStatus.NeedMoreData || !AcceptFrame(status, header, payload, error))
            {
                break;
            }

            consumed += used;
        }

        return consumed;
    }

    /// <summary>
    /// Server only, before the preface was seen: the preface's length once it is all there, 0 while the bytes so far
    /// agree with it, -1 after a mismatch (answered with a connection PROTOCOL_ERROR).
    /// </summary>
    private int AcceptPreface(ReadOnlySpan<byte> input)
    {
        int matched = ConnectionPreface.Match(input);
        if (matched < 0)
        {
            ConnectionError(Http2ErrorCode.ProtocolError, ConnectionPreface.MismatchReason);
        }

        return matched;
    }

    /// <summary>
    /// One frame the reader returned (read, broken or ignored): a connection error stops the input (false, the frame
    /// is not consumed); otherwise the header-block order and the first-frame rule see it, then it is dispatched.
    /// Returns whether the frame was consumed and reading may go on.
    /// </summary>
    private bool AcceptFrame(FrameReadStatus status, in FrameHeader header, ReadOnlySpan<byte> payload, in FrameError error)
    {
        if (status == FrameReadStatus.Error && error.Scope == ErrorScope.Connection)
        {
            ConnectionError(error.Code, error.Reason);
            // Stryker disable once Boolean : the reader reports 0 bytes used for a frame it refuses, and the connection error has ended the loop (Closing), so counting the frame consumed adds nothing.
            return false;
        }

        FrameError order = _sequencer.TryAccept(header);
        if (order.IsError)
        {
            ConnectionError(order.Code, order.Reason);
            return true;
        }

        FrameError first = _firstSettingsReceived ? default : ConnectionPreface.CheckFirstFrame(header);
        if (first.IsError)
        {
            ConnectionError(first.Code, first.Reason);
            return true;
        }

        if (status == FrameReadStatus.Error)
        {
            StreamError(header.StreamId, error.Code);
        }
        else if (status != FrameReadStatus.Ignored)
        {
            // An ignored frame is a registered extension frame whose declared reaction is to discard it; the order checks above saw it.
            OnFrame(header, payload);
        }

        return true;
    }

    private void OnFrame(in FrameHeader header, ReadOnlySpan<byte> payload)
    {
        switch (header.Type)
        {
            case FrameType.Data:
                OnData(header, payload);
                break;
            case FrameType.Headers:
                OnHeadersFrame(header, payload);
                break;
            case FrameType.Continuation:
                OnContinuation(header, payload);
                break;
            case FrameType.Priority:
                OnPriority(header, payload);
                break;
            case FrameType.RstStream:
                OnRstStream(header, payload);
                break;
            case FrameType.Settings:
                OnSettingsFrame(header, payload);
                break;
            case FrameType.PushPromise:
                // Servers never receive pushes; clients advertise SETTINGS_ENABLE_PUSH = 0 (RFC 9113 §6.6, §8.4).
                ConnectionError(Http2ErrorCode.ProtocolError, "PUSH_PROMISE received while push is disabled.");
                break;
            case FrameType.Ping:
                OnPing(header, payload);
                break;
            case FrameType.GoAway:
                OnGoAwayFrame(payload);
                break;
            case FrameType.WindowUpdate:
                OnWindowUpdate(header, payload);
                break;
            default:
                // Unknown frame types are ignored (RFC 9113 §4.1, §5.5).
                break;
        }
    }

    private void OnPriority(in FrameHeader header, ReadOnlySpan<byte> payload)
    {
        if (!Take(ref _priorityBucket, "Too many PRIORITY frames."))
        {
            // Stryker disable once Statement : after the connection error the session is closing and every stream closed: what follows only meets no-ops (StageControl, ConnectionError, a closed stream).
            return;
        }

        PriorityFrame frame = PriorityFrame.Parse(in header, payload, out _);
        if (frame.StreamDependency == header.StreamId)
        {
            StreamError(header.StreamId, Http2ErrorCode.ProtocolError);
        }
    }

    private void OnRstStream(in FrameHeader header, ReadOnlySpan<byte> payload)
    {
        IdStatus status = Classify(header.StreamId, out Ht2Stream? stream, out _);
        if (status == IdStatus.Idle)
        {
            ConnectionError(Http2ErrorCode.ProtocolError, "RST_STREAM on an idle stream (RFC 9113 §5.1).");
            // Stryker disable once Statement : after the connection error the session is closing: Take's own ConnectionError does nothing, and an idle id has no stream.
            return;
        }

        if (!Take(ref _receivedResetBucket, "Too many RST_STREAM frames (rapid reset)."))
        {
            // Stryker disable once Statement : after the connection error every stream is closed, and CloseByReset does nothing on a closed stream.
            return;
        }

        if (stream is not null)
        {
            Http2ErrorCode code = (Http2ErrorCode)BinaryPrimitives.ReadUInt32BigEndian(payload);
            CloseByReset(stream, code, StreamCloseKind.ResetByPeer, notify: true);
        }
    }

    private void OnPing(in FrameHeader header, ReadOnlySpan<byte> payload)
    {
        ulong data = BinaryPrimitives.ReadUInt64BigEndian(payload);
        if (header.HasFlag(FrameFlags.Ack))
        {
            if (data == KeepAlivePingData)
            {
                _keepAlivePingSentAt = NotSet;
            }

            _handler.OnPing(data, ack: true);
            return;
        }

        if (!Take(ref _pingBucket, "Too many PING frames."))
        {
            return;
        }

        StageControl(new PingFrame { Flags = FrameFlags.Ack, OpaqueData = data });
        _handler.OnPing(data, ack: false);
    }

    private void OnGoAwayFrame(ReadOnlySpan<byte> payload)
    {
        uint lastStreamId = BinaryPrimitives.ReadUInt32BigEndian(payload) & FrameHeader.MaxStreamId;
        Http2ErrorCode code = (Http2ErrorCode)BinaryPrimitives.ReadUInt32BigEndian(payload.Slice(4));
        _peerGoAwayReceived = true;
        CloseReason ??= code;
        _handler.OnGoAway(lastStreamId, code, payload.Slice(8));

        // Our streams above the peer's last id were never processed: report them as retryable (RFC 9113 §6.8).
        foreach (Ht2Stream stream in SnapshotStreams())
        {
            if (!stream.PeerInitiated && stream.Id > lastStreamId)
            {
                CloseByReset(stream, Http2ErrorCode.RefusedStream, StreamCloseKind.ResetByPeer, notify: true);
            }
        }
    }
}
