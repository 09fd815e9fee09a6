using System;
using System.Buffers.Binary;

namespace Ht2;

// The protocol core's entry: bytes in, frames checked and dispatched by type (RFC 9113 §6). Runs under _sync.
public sealed partial class Ht2Session
{
    private static ReadOnlySpan<byte> ClientPreface => "PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n"u8;

    private bool _prefaceReceived;
    private bool _firstSettingsReceived;

    /// <summary>Processes every complete frame at the start of <paramref name="input"/>; returns the bytes consumed.</summary>
    internal int ProcessInput(ReadOnlySpan<byte> input)
    {
        int consumed = 0;
        if (!_prefaceReceived && Role == Ht2SessionRole.Server)
        {
            int compare = Math.Min(input.Length, ClientPreface.Length);
            if (!input.Slice(0, compare).SequenceEqual(ClientPreface.Slice(0, compare)))
            {
                ConnectionError(Http2ErrorCode.ProtocolError, "The connection preface is not HTTP/2's (RFC 9113 §3.4).");
                return input.Length;
            }

            if (compare < ClientPreface.Length)
            {
                return 0;
            }

            consumed = ClientPreface.Length;
        }

        _prefaceReceived = true;
        while (_phase < SessionPhase.Closing)
        {
            ReadOnlySpan<byte> rest = input.Slice(consumed);
            FrameReadStatus status = FrameReader.TryReadFrame(rest, _options.MaxFrameSize, out FrameHeader header, out ReadOnlySpan<byte> payload, out int used, out FrameError error);
            if (status == FrameReadStatus.NeedMoreData)
            {
                break;
            }

            if (status == FrameReadStatus.Error && error.Scope == ErrorScope.Connection)
            {
                ConnectionError(error.Code, error.Reason);
                break;
            }

            consumed += used;
            FrameError order = _sequencer.TryAccept(header);
            if (order.IsError)
            {
                ConnectionError(order.Code, order.Reason);
                break;
            }

            if (!_firstSettingsReceived && (header.Type != FrameType.Settings || header.HasFlag(FrameFlags.Ack)))
            {
                ConnectionError(Http2ErrorCode.ProtocolError, "The first frame of the peer must be SETTINGS (RFC 9113 §3.4).");
                break;
            }

            if (status == FrameReadStatus.Error)
            {
                StreamError(header.StreamId, error.Code);
                continue;
            }

            OnFrame(header, payload);
        }

        return consumed;
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
            return;
        }

        if (!Take(ref _receivedResetBucket, "Too many RST_STREAM frames (rapid reset)."))
        {
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
        foreach (Ht2Stream stream in _streams.Values)
        {
            if (!stream.PeerInitiated && stream.Id > lastStreamId)
            {
                _refusedByGoAway.Add(stream);
            }
        }

        foreach (Ht2Stream stream in _refusedByGoAway)
        {
            CloseByReset(stream, Http2ErrorCode.RefusedStream, StreamCloseKind.ResetByPeer, notify: true);
        }

        _refusedByGoAway.Clear();
        CloseWhenDrained();
    }
}
