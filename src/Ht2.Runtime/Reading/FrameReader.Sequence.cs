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
        error = FrameRules.CheckHeader(header, localMaxFrameSize);
        if (error.IsError)
        {
            return FrameReadStatus.Error;
        }

        if (available < FrameHeader.Size + (long)header.Length)
        {
            return FrameReadStatus.NeedMoreData;
        }

        ReadOnlySequence<byte> body = buffer.Slice(FrameHeader.Size, header.Length);
        error = ValidateContent(header, body);
        if (error.IsError && error.Scope == ErrorScope.Connection)
        {
            return FrameReadStatus.Error;
        }

        payload = body;
        consumed = body.End;
        return error.IsError ? FrameReadStatus.Error : FrameReadStatus.Complete;
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

        return status == FrameReadStatus.Complete;
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
