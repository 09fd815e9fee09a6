using System;
using System.Buffers;

namespace Ht2;

public static partial class FrameReader
{
    /// <summary>
    /// Reads one frame from the start of a possibly multi-segment <paramref name="buffer"/> (a pipe's read
    /// result) without throwing on protocol errors. The payload is a slice of the sequence; nothing is copied
    /// except a header that straddles segments (9 bytes, on the stack).
    /// </summary>
    /// <param name="buffer">The received bytes not consumed yet.</param>
    /// <param name="localMaxFrameSize">The SETTINGS_MAX_FRAME_SIZE this endpoint advertised.</param>
    /// <param name="header">The frame header, set whenever its 9 bytes are present.</param>
    /// <param name="payload">The payload slice; set for complete frames and stream errors.</param>
    /// <param name="consumed">
    /// The end of the frame for a complete frame and for a stream error (skip it and go on with the
    /// connection); <c>buffer.Start</c> when more data is needed and for a connection error.
    /// </param>
    /// <param name="error">The broken rule when the result is <see cref="FrameReadStatus.Error"/>.</param>
    /// <returns>Whether a frame was read, more bytes are needed, or the frame breaks a rule.</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="localMaxFrameSize"/> is outside 16384..16777215.</exception>
    public static FrameReadStatus TryReadFrame(
        in ReadOnlySequence<byte> buffer,
        int localMaxFrameSize,
        out FrameHeader header,
        out ReadOnlySequence<byte> payload,
        out SequencePosition consumed,
        out FrameError error)
    {
        FrameReaderOptions.CheckMaxFrameSize(localMaxFrameSize, nameof(localMaxFrameSize));
        return Read(buffer, localMaxFrameSize, FrameRuleTable.Standard, out header, out payload, out consumed, out error);
    }

    /// <summary>
    /// Reads one frame from the start of a possibly multi-segment <paramref name="buffer"/> without throwing on
    /// protocol errors, with the local maximum frame size of <paramref name="options"/> and the rules of every
    /// frame type registered on it. Only a header or a rule's few bytes that straddle segments are copied, on the stack.
    /// </summary>
    /// <param name="buffer">The received bytes not consumed yet.</param>
    /// <param name="options">The local maximum frame size and the registered extension frames.</param>
    /// <param name="header">The frame header, set whenever its 9 bytes are present.</param>
    /// <param name="payload">The payload slice; set for complete frames, stream errors and ignored frames.</param>
    /// <param name="consumed">
    /// The end of the frame for a complete frame, a stream error and an ignored frame; <c>buffer.Start</c> when
    /// more data is needed and for a connection error.
    /// </param>
    /// <param name="error">The broken rule when the result is <see cref="FrameReadStatus.Error"/> or <see cref="FrameReadStatus.Ignored"/>.</param>
    /// <returns>Whether a frame was read, more bytes are needed, the frame breaks a rule, or it must be ignored.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="options"/> is null.</exception>
    public static FrameReadStatus TryReadFrame(
        in ReadOnlySequence<byte> buffer,
        FrameReaderOptions options,
        out FrameHeader header,
        out ReadOnlySequence<byte> payload,
        out SequencePosition consumed,
        out FrameError error)
    {
        ArgumentNullException.ThrowIfNull(options);
        return Read(buffer, options.LocalMaxFrameSize, options.Rules, out header, out payload, out consumed, out error);
    }

    private static FrameReadStatus Read(
        in ReadOnlySequence<byte> buffer,
        int localMaxFrameSize,
        FrameRuleTable table,
        out FrameHeader header,
        out ReadOnlySequence<byte> payload,
        out SequencePosition consumed,
        out FrameError error)
    {
        header = default;
        payload = default;
        consumed = buffer.Start;
        error = default;

        long available = buffer.Length;
        if (available < FrameHeader.Size)
        {
            return FrameReadStatus.NeedMoreData;
        }

        header = ReadHeader(buffer);

        // Refuse before waiting for (and so before buffering) the payload.
        FrameRuleSet? rules = table[header.Type];
        FrameError verdict = CheckHeader(header, localMaxFrameSize, rules);
        if (RefusesNow(verdict))
        {
            error = verdict;
            return FrameReadStatus.Error;
        }

        if (available < FrameHeader.Size + (long)header.Length)
        {
            return FrameReadStatus.NeedMoreData;
        }

        ReadOnlySequence<byte> body = buffer.Slice(FrameHeader.Size, header.Length);
        error = verdict.IsError ? verdict : CheckContent(header, body, rules);
        if (RefusesNow(error))
        {
            return FrameReadStatus.Error;
        }

        payload = body;
        consumed = body.End;
        return StatusOf(error);
    }

    /// <summary>
    /// Reads one frame from the start of a possibly multi-segment <paramref name="buffer"/>, throwing
    /// <see cref="Ht2ProtocolException"/> when it breaks a rule. After a stream error the frame is still in the
    /// buffer; use the non-throwing overload to learn where it ends.
    /// </summary>
    /// <param name="buffer">The received bytes not consumed yet.</param>
    /// <param name="localMaxFrameSize">The SETTINGS_MAX_FRAME_SIZE this endpoint advertised.</param>
    /// <param name="header">The frame header when a frame was read.</param>
    /// <param name="payload">The payload slice.</param>
    /// <param name="consumed">The end of the frame when one was read, else <c>buffer.Start</c>.</param>
    /// <returns>True when a frame was read; false when more bytes are needed.</returns>
    /// <exception cref="Ht2ProtocolException">The frame breaks an RFC 9113 rule.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="localMaxFrameSize"/> is outside 16384..16777215.</exception>
    public static bool TryReadFrame(
        in ReadOnlySequence<byte> buffer,
        int localMaxFrameSize,
        out FrameHeader header,
        out ReadOnlySequence<byte> payload,
        out SequencePosition consumed)
    {
        FrameReadStatus status = TryReadFrame(buffer, localMaxFrameSize, out header, out payload, out consumed, out FrameError error);
        if (status == FrameReadStatus.Error)
        {
            Throw(error);
        }

        // The ten RFC 9113 frames never prescribe "ignore", so a read frame here is always Complete.
        return status != FrameReadStatus.NeedMoreData;
    }

    private static FrameHeader ReadHeader(in ReadOnlySequence<byte> buffer)
    {
        ReadOnlySpan<byte> first = buffer.FirstSpan;
        if (first.Length >= FrameHeader.Size)
        {
            return FrameHeader.Read(first);
        }

        // The header straddles segments: gather its 9 bytes on the stack.
        Span<byte> copy = stackalloc byte[FrameHeader.Size];
        buffer.Slice(0, FrameHeader.Size).CopyTo(copy);
        return FrameHeader.Read(copy);
    }
}
