using System;
using System.Diagnostics.CodeAnalysis;

namespace Ht2;

/// <summary>
/// Enforces the order of header blocks across frames (RFC 9113 §4.3, §6.10) and caps their size, one instance
/// per connection. Give it the header of every frame received, in order, after the frame passed
/// <see cref="FrameReader"/>. Only the header is needed, so it may be called as soon as a frame is read.
/// </summary>
/// <remarks>
/// <para>Rules: HEADERS or PUSH_PROMISE without END_HEADERS opens a block on its stream. While a block is open
/// only CONTINUATION on that stream may follow; any other frame, unknown types included, is a PROTOCOL_ERROR
/// connection error. CONTINUATION without an open block is a PROTOCOL_ERROR connection error.</para>
/// <para>Caps: a block with more than <see cref="MaxContinuationFrames"/> CONTINUATION frames (empty ones count:
/// CVE-2024-28182, CVE-2023-45288) or more than <see cref="MaxHeaderBlockBytes"/> payload bytes is an
/// ENHANCE_YOUR_CALM connection error. ENHANCE_YOUR_CALM rather than PROTOCOL_ERROR because the peer broke no
/// rule, it only exceeded our resources, and it tells an operator reading the GOAWAY that a limit, not a bug,
/// closed the connection. A connection error, not a stream error, because skipping a block would desynchronise
/// the HPACK decoder.</para>
/// <para>A mutable struct: keep it in a non-readonly field and pass it by reference, never by value. After an
/// error the state is left as it was before the offending frame; the connection must close anyway.
/// The default value behaves as if built with <see cref="FrameReaderOptions.Default"/>.</para>
/// </remarks>
public struct HeaderBlockSequencer
{
    private readonly bool _configured;
    private readonly int _maxContinuationFrames;
    private readonly int _maxHeaderBlockBytes;
    private bool _isBlockOpen;
    private FrameType _openBlockType;
    private uint _openStreamId;
    private int _continuationFrames;
    private long _blockBytes;
    private long _totalContinuationFrames;
    private long _emptyContinuationFrames;
    private long _completedBlocks;

    /// <summary>Creates a sequencer with the caps of <paramref name="options"/>.</summary>
    /// <exception cref="ArgumentNullException"><paramref name="options"/> is null.</exception>
    public HeaderBlockSequencer(FrameReaderOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        _configured = true;
        _maxContinuationFrames = options.MaxContinuationFrames;
        _maxHeaderBlockBytes = options.MaxHeaderBlockBytes;
    }

    /// <summary>The most CONTINUATION frames one block may use.</summary>
    public readonly int MaxContinuationFrames => _configured ? _maxContinuationFrames : FrameReaderOptions.DefaultMaxContinuationFrames;

    /// <summary>The most payload bytes one block may take, over all its frames.</summary>
    public readonly int MaxHeaderBlockBytes => _configured ? _maxHeaderBlockBytes : FrameReaderOptions.DefaultMaxHeaderBlockBytes;

    /// <summary>True while a header block awaits CONTINUATION frames.</summary>
    public readonly bool IsBlockOpen => _isBlockOpen;

    /// <summary>The stream of the open block (the stream the HEADERS or PUSH_PROMISE came on), or 0.</summary>
    public readonly uint OpenStreamId => _isBlockOpen ? _openStreamId : 0;

    /// <summary>The type of the frame that opened the block (HEADERS or PUSH_PROMISE); meaningful while a block is open.</summary>
    public readonly FrameType OpenBlockType => _openBlockType;

    /// <summary>The CONTINUATION frames received in the open block so far (0 when none is open).</summary>
    public readonly int ContinuationFrames => _isBlockOpen ? _continuationFrames : 0;

    /// <summary>The payload bytes of the open block so far, its first frame included (0 when none is open).</summary>
    public readonly long BlockBytes => _isBlockOpen ? _blockBytes : 0;

    /// <summary>All CONTINUATION frames accepted on this connection.</summary>
    public readonly long TotalContinuationFrames => _totalContinuationFrames;

    /// <summary>CONTINUATION frames with an empty payload accepted on this connection: a flood signal worth watching.</summary>
    public readonly long EmptyContinuationFrames => _emptyContinuationFrames;

    /// <summary>Header blocks completed (END_HEADERS seen) on this connection.</summary>
    public readonly long CompletedBlocks => _completedBlocks;

    /// <summary>
    /// Accounts for the next received frame. Returns the default <see cref="FrameError"/> when the frame may
    /// come here, or the connection error to send; the state does not change on error. Allocates nothing.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException">The header's length is outside 0..2^24-1 (not a header read from the wire).</exception>
    public FrameError TryAccept(in FrameHeader header)
    {
        if ((uint)header.Length > FrameHeader.MaxLength)
        {
            ThrowBadLength(header.Length);
        }

        if (_isBlockOpen)
        {
            return ContinueBlock(header);
        }

        switch (header.Type)
        {
            case FrameType.Continuation:
                return FrameError.Connection(Http2ErrorCode.ProtocolError, "CONTINUATION received without an open header block.");

            case FrameType.Headers:
            case FrameType.PushPromise:
                if (header.Length > MaxHeaderBlockBytes)
                {
                    return TooLarge();
                }

                if (header.HasFlag(FrameFlags.EndHeaders))
                {
                    _completedBlocks++;
                }
                else
                {
                    _isBlockOpen = true;
                    _openBlockType = header.Type;
                    _openStreamId = header.StreamId;
                    _continuationFrames = 0;
                    _blockBytes = header.Length;
                }

                return default;

            default:
                return default;
        }
    }

    /// <summary>Accounts for the next received frame, throwing when it may not come here.</summary>
    /// <exception cref="Ht2ProtocolException">The frame breaks header-block order or exceeds a cap (always a connection error).</exception>
    /// <exception cref="ArgumentOutOfRangeException">The header's length is outside 0..2^24-1.</exception>
    public void Accept(in FrameHeader header)
    {
        FrameError error = TryAccept(header);
        if (error.IsError)
        {
            Throw(error);
        }
    }

    private FrameError ContinueBlock(in FrameHeader header)
    {
        // §6.10: nothing may interleave a header block, not even a frame type we would otherwise ignore.
        if (header.Type != FrameType.Continuation || header.StreamId != _openStreamId)
        {
            return FrameError.Connection(Http2ErrorCode.ProtocolError, "Only CONTINUATION on the same stream may follow a header block without END_HEADERS.");
        }

        // Count frames, not only bytes: a flood of empty CONTINUATIONs adds no bytes but costs work each.
        if (_continuationFrames >= MaxContinuationFrames)
        {
            return FrameError.Connection(Http2ErrorCode.EnhanceYourCalm, "The header block uses more CONTINUATION frames than allowed.");
        }

        long bytes = _blockBytes + header.Length;
        if (bytes > MaxHeaderBlockBytes)
        {
            return TooLarge();
        }

        _continuationFrames++;
        _blockBytes = bytes;
        _totalContinuationFrames++;
        if (header.Length == 0)
        {
            _emptyContinuationFrames++;
        }

        if (header.HasFlag(FrameFlags.EndHeaders))
        {
            // The block's stream, frame count and bytes read as 0 while no block is open, and restart when the next opens.
            _isBlockOpen = false;
            _completedBlocks++;
        }

        return default;
    }

    private static FrameError TooLarge() =>
        FrameError.Connection(Http2ErrorCode.EnhanceYourCalm, "The header block is larger than allowed.");

    [DoesNotReturn]
    private static void Throw(in FrameError error) => throw error.ToException();

    [DoesNotReturn]
    private static void ThrowBadLength(int length) =>
        throw new ArgumentOutOfRangeException(nameof(length), length, "A frame length must be between 0 and 2^24-1.");
}
