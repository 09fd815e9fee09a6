using System;
using System.Threading.Tasks;

namespace Ht2.H2cServer;

// Frame dispatch. Ht2Connection has already enforced the framing rules, the header-block order and the
// connection-level meaning (SETTINGS, WINDOW_UPDATE, auto-ACK of SETTINGS and PING); what is left is stream state.
internal sealed partial class ServerConnection
{
    private uint _lastStreamId;
    private uint _blockStreamId;
    private bool _blockEndStream;

    private ValueTask HandleAsync(ReceivedFrame frame)
    {
        switch (frame.Type)
        {
            case FrameType.Headers:
                return OnHeadersAsync(frame);
            case FrameType.Continuation:
                _block.Append(frame.Payload.Span);
                if (frame.Header.HasFlag(FrameFlags.EndHeaders))
                {
                    OnHeaderBlock();
                }

                break;
            case FrameType.Data:
                return OnDataAsync(frame);
            case FrameType.RstStream:
                OnReset(frame.StreamId);
                break;
            case FrameType.Settings:
            case FrameType.WindowUpdate:
                // The connection applied the credit; wake the body senders waiting for it.
                _credit.Pulse();
                break;
            case FrameType.PushPromise:
                throw new Ht2ProtocolException(Http2ErrorCode.ProtocolError, ErrorScope.Connection, 0, "A client cannot push (RFC 9113 §8.4).");
        }

        return ValueTask.CompletedTask;
    }

    private ValueTask OnHeadersAsync(ReceivedFrame frame)
    {
        HeadersFrame headers = frame.Parse<HeadersFrame>(out ReadOnlySpan<byte> fragment);
        uint id = frame.StreamId;
        if ((id & 1) == 0)
        {
            throw new Ht2ProtocolException(Http2ErrorCode.ProtocolError, ErrorScope.Connection, 0, "Client streams have odd ids (RFC 9113 §5.1.1).");
        }

        _block.Clear();
        _block.Append(fragment);
        _blockStreamId = id;
        _blockEndStream = headers.Flags.HasFlag(FrameFlags.EndStream);
        if (headers.Flags.HasFlag(FrameFlags.EndHeaders))
        {
            OnHeaderBlock();
        }

        return ValueTask.CompletedTask;
    }

    /// <summary>A complete request header block (or trailers): decode it, then open, refuse or end the stream.</summary>
    private void OnHeaderBlock()
    {
        // Every block is decoded, even one for a stream we refuse or forgot: the HPACK dynamic table is shared by
        // the whole connection and must see every block in order.
        RequestHeaders request = default;
        _decoder.Decode(_block.Block, ref request);
        uint id = _blockStreamId;
        RequestStream? stream;
        lock (_streams)
        {
            if (id > _lastStreamId)
            {
                _lastStreamId = id;

                // Slack above what we advertised: a client may open a stream as soon as it has read our END_STREAM,
                // before the response task here has removed the stream it ended.
                if (_streams.Count >= 2 * _options.MaxConcurrentStreams)
                {
                    stream = null;
                }
                else
                {
                    stream = new RequestStream(id);
                    _streams.Add(id, stream);
                }
            }
            else if (!_streams.TryGetValue(id, out stream))
            {
                // A stream we already closed or reset: frames in flight when we did must be ignored (§5.4.2).
                return;
            }
            else if (stream.RequestEnded)
            {
                throw new Ht2ProtocolException(Http2ErrorCode.StreamClosed, ErrorScope.Stream, id, "HEADERS after END_STREAM.");
            }
            else if (stream.Responding && !_blockEndStream)
            {
                throw new Ht2ProtocolException(Http2ErrorCode.ProtocolError, ErrorScope.Stream, id, "Trailers must end the stream (RFC 9113 §8.1).");
            }
        }

        if (stream is null)
        {
            ResetStream(id, Http2ErrorCode.RefusedStream);
            return;
        }

        if (_blockEndStream)
        {
            EndRequest(stream);
        }
        else if (request.IsGet)
        {
            StartResponse(stream);
        }
    }

    private async ValueTask OnDataAsync(ReceivedFrame frame)
    {
        uint id = frame.StreamId;
        int length = frame.Header.Length;
        bool endStream = frame.Header.HasFlag(FrameFlags.EndStream);
        RequestStream? stream;
        lock (_streams)
        {
            if (id > _lastStreamId)
            {
                throw new Ht2ProtocolException(Http2ErrorCode.ProtocolError, ErrorScope.Connection, 0, "DATA on an idle stream (RFC 9113 §5.1).");
            }

            _streams.TryGetValue(id, out stream);
        }

        // Flow control counts the whole payload, padding included (§6.9.1); give it back at once, so the peer's
        // windows stay as large as we advertised. Also for DATA we ignore: the connection window counted it.
        if (length > 0)
        {
            using Ht2Batch batch = await _connection.BeginBatchAsync().ConfigureAwait(false);
            batch.Add(new WindowUpdateFrame { StreamId = 0, WindowSizeIncrement = (uint)length });
            if (stream is not null && !endStream && !stream.RequestEnded)
            {
                batch.Add(new WindowUpdateFrame { StreamId = id, WindowSizeIncrement = (uint)length });
            }

            await batch.SendAsync().ConfigureAwait(false);
        }

        if (stream is null)
        {
            return;
        }

        if (stream.RequestEnded)
        {
            throw new Ht2ProtocolException(Http2ErrorCode.StreamClosed, ErrorScope.Stream, id, "DATA after END_STREAM.");
        }

        if (endStream)
        {
            EndRequest(stream);
        }
    }

    private void OnReset(uint id)
    {
        RequestStream? stream;
        lock (_streams)
        {
            if (_streams.Remove(id, out stream))
            {
                stream.Cancel.Cancel();
            }
        }
    }

    private void EndRequest(RequestStream stream)
    {
        bool closed;
        lock (_streams)
        {
            stream.RequestEnded = true;
            closed = stream.ResponseDone;
            if (closed)
            {
                _streams.Remove(stream.Id);
            }
        }

        if (!closed)
        {
            StartResponse(stream);
        }
    }

    private void ResetStream(uint id, Http2ErrorCode code)
    {
        OnReset(id);
        _connection.SendFrame(new RstStreamFrame { StreamId = id, ErrorCode = code });
    }
}
