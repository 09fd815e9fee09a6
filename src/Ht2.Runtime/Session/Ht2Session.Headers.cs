using System;

namespace Ht2;

// Header blocks: assembly across CONTINUATION, HPACK decoding (always, to keep the table in step), the message
// rules, and what a block means for the stream it arrives on (RFC 9113 §5.1, §8.1).
public sealed partial class Ht2Session
{
    private readonly HpackDecoder _decoder;
    private HeaderBlockSequencer _sequencer;
    private readonly HeaderFieldArena _arena = new();
    private byte[] _block = new byte[4096];
    private int _blockLength;
    private uint _blockStreamId;
    private bool _blockEndStream;
    private bool _blockSelfDependent;

    private void OnHeadersFrame(in FrameHeader header, ReadOnlySpan<byte> payload)
    {
        HeadersFrame frame = HeadersFrame.Parse(in header, payload, out _);
        ReadOnlySpan<byte> fragment = payload.Slice(frame.FixedLength, payload.Length - frame.FixedLength - frame.PaddingLength);
        bool endStream = header.HasFlag(FrameFlags.EndStream);
        bool selfDependent = header.HasFlag(FrameFlags.Priority) && frame.StreamDependency == header.StreamId;
        if (header.HasFlag(FrameFlags.EndHeaders))
        {
            OnHeaderBlock(header.StreamId, fragment, endStream, selfDependent);
            return;
        }

        _blockLength = 0;
        AppendFragment(fragment);
        _blockStreamId = header.StreamId;
        _blockEndStream = endStream;
        _blockSelfDependent = selfDependent;
    }

    private void OnContinuation(in FrameHeader header, ReadOnlySpan<byte> payload)
    {
        // Stryker disable once Unary : Take runs either way (and raises the connection error when the bucket is empty), and an empty fragment without END_HEADERS appends nothing and ends no block.
        if (payload.IsEmpty && !header.HasFlag(FrameFlags.EndHeaders) && !Take(ref _emptyFrameBucket, "Too many empty CONTINUATION frames."))
        {
            // Stryker disable once Statement : an empty fragment without END_HEADERS appends nothing and ends no block, so falling through changes nothing.
            return;
        }

        AppendFragment(payload);
        if (header.HasFlag(FrameFlags.EndHeaders))
        {
            OnHeaderBlock(_blockStreamId, _block.AsSpan(0, _blockLength), _blockEndStream, _blockSelfDependent);
        }
    }

    private void AppendFragment(ReadOnlySpan<byte> fragment)
    {
        // Bounded by the sequencer's MaxHeaderBlockBytes, checked before the frame got here.
        if (_block.Length - _blockLength < fragment.Length)
        {
            Array.Resize(ref _block, Math.Max(_block.Length * 2, _blockLength + fragment.Length));
        }

        fragment.CopyTo(_block.AsSpan(_blockLength));
        _blockLength += fragment.Length;
    }

    private void OnHeaderBlock(uint id, ReadOnlySpan<byte> block, bool endStream, bool selfDependent)
    {
        IdStatus status = Classify(id, out Ht2Stream? stream, out StreamCloseKind closeKind);
        bool opensStream = status == IdStatus.Idle && Role == Ht2SessionRole.Server && IsPeerStreamId(id);
        HttpBlockKind kind = opensStream ? HttpBlockKind.Request
            : stream is not null && !stream.HeadersReceived && Role == Ht2SessionRole.Client ? HttpBlockKind.Response
            : HttpBlockKind.Trailers;
        if (!Decode(block, kind, out FieldCollector fields, out bool tooLarge))
        {
            // Stryker disable once Statement : after the COMPRESSION_ERROR the session is closing and every stream closed: what follows only meets no-ops (the final GOAWAY already holds the last stream id).
            return;
        }

        switch (status)
        {
            case IdStatus.Idle when opensStream:
                OnRequestHeaders(id, ref fields, endStream, selfDependent, tooLarge);
                return;
            case IdStatus.Idle:
                ConnectionError(Http2ErrorCode.ProtocolError, "HEADERS on a stream that was never opened.");
                return;
            case IdStatus.RecentlyClosed:
                OnFrameForClosedStream(id, null, status, closeKind);
                return;
            case IdStatus.Forgotten:
                ConnectionError(Http2ErrorCode.ProtocolError, "HEADERS on a closed stream or below the highest stream id used (RFC 9113 §5.1.1).");
                return;
        }

        Ht2Stream active = stream!;
        if (active.State is Ht2StreamState.HalfClosedRemote or Ht2StreamState.Closed)
        {
            OnFrameForClosedStream(id, active, status, closeKind);
            return;
        }

        if (selfDependent || tooLarge || fields.Validator.Complete(endStream) is not null)
        {
            StreamError(id, tooLarge ? Http2ErrorCode.Cancel : Http2ErrorCode.ProtocolError);
            return;
        }

        if (kind == HttpBlockKind.Response)
        {
            OnResponseHeaders(active, ref fields, endStream);
            return;
        }

        // A trailer section: the validator refused one without END_STREAM (RFC 9113 §8.1).
        _handler.OnTrailers(active, new Ht2Headers(_arena, fields.Validator));
        OnRemoteEnd(active);
    }

    private void OnRequestHeaders(uint id, ref FieldCollector fields, bool endStream, bool selfDependent, bool tooLarge)
    {
        _lastPeerStreamId = id;
        if (_phase != SessionPhase.Open)
        {
            // After our GOAWAY, new streams are ignored (RFC 9113 §6.8); the block was decoded.
            _closed.Add(id, StreamCloseKind.ResetByUs);
            return;
        }

        if (selfDependent)
        {
            StreamError(id, Http2ErrorCode.ProtocolError);
            return;
        }

        if (_peerStreamCount >= _options.MaxConcurrentStreams)
        {
            RefuseStream(id);
            return;
        }

        if (tooLarge)
        {
            RespondHeaderListTooLarge(id, endStream);
            return;
        }

        HttpBodyLength body = HttpBodyLength.ForRequest(fields.Validator);
        if (fields.Validator.Complete(endStream) is not null || (endStream && !body.TryEnd()))
        {
            StreamError(id, Http2ErrorCode.ProtocolError);
            return;
        }

        Ht2Stream stream = OpenStreamCore(id, peerInitiated: true, endStream ? Ht2StreamState.HalfClosedRemote : Ht2StreamState.Open);
        stream.HeadersReceived = true;
        stream.Body = body;
        stream.HandlerKnows = true;
        try
        {
            _handler.OnRequest(stream, new Ht2Headers(_arena, fields.Validator), endStream);
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            // An application fault fails its stream alone, as a server answers one: the connection goes on.
            ResetByApplication(stream, Http2ErrorCode.InternalError);
        }
    }

    private void OnResponseHeaders(Ht2Stream stream, ref FieldCollector fields, bool endStream)
    {
        int status = fields.Validator.Status;
        if (status is >= 100 and < 200)
        {
            // Informational: more header sections follow (the validator refused one with END_STREAM, RFC 9113 §8.1).
            _handler.OnResponse(stream, new Ht2Headers(_arena, fields.Validator), endStream: false);
            return;
        }

        stream.HeadersReceived = true;
        stream.Body = HttpBodyLength.ForResponse(fields.Validator, stream.Request);
        _handler.OnResponse(stream, new Ht2Headers(_arena, fields.Validator), endStream);
        if (endStream)
        {
            OnRemoteEnd(stream);
        }
    }

    /// <summary>
    /// Decodes a whole block into the arena. False after a COMPRESSION_ERROR (connection error raised).
    /// <paramref name="tooLarge"/>: the list exceeded SETTINGS_MAX_HEADER_LIST_SIZE; fields past it were dropped.
    /// </summary>
    private bool Decode(ReadOnlySpan<byte> block, HttpBlockKind kind, out FieldCollector fields, out bool tooLarge)
    {
        _arena.Clear();
        fields = new FieldCollector { Arena = _arena, Validator = new HttpFieldValidator(kind, _options.EnableConnectProtocol && Role == Ht2SessionRole.Server) };
        try
        {
            tooLarge = !_decoder.TryDecode(block, ref fields);
            return true;
        }
        catch (Exception e) when (e is Ht2ProtocolException or ArgumentException or IndexOutOfRangeException or OverflowException)
        {
            // A malformed block: the decoder's table can no longer follow the peer's (RFC 9113 §4.3).
            // Stryker disable once Boolean : the caller returns on false without reading tooLarge.
            tooLarge = false;
            // Stryker disable once String : unreachable: every HPACK decoding error is an Ht2ProtocolException (HpackError.Throw); the other types are a defence against decoder bugs.
            ConnectionError(Http2ErrorCode.CompressionError, e is Ht2ProtocolException p ? p.Reason : "Malformed HPACK block.");
            // Stryker disable once Boolean : after the COMPRESSION_ERROR the session is closing and every stream closed: the caller's next steps only meet no-ops.
            return false;
        }
    }
}
