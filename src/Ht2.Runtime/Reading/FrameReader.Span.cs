using System;
using System.Diagnostics.CodeAnalysis;

namespace Ht2;

/// <summary>
/// Reads HTTP/2 frames from received bytes without copying them and checks every single-frame rule of
/// RFC 9113. The payload handed back is a slice of the input. Header-block order (HEADERS followed by
/// CONTINUATION) spans frames and is checked by <see cref="HeaderBlockSequencer"/>.
/// </summary>
/// <remarks>
/// Order of checks: the length against the local SETTINGS_MAX_FRAME_SIZE, then the stream id, then fixed and
/// minimum lengths (all from the 9 header bytes alone, all connection errors, so they fire before the payload is
/// waited for), then the payload's content (padding, WINDOW_UPDATE increment, PUSH_PROMISE promising stream 0,
/// SETTINGS values) and the PRIORITY length, once the whole frame is there. A frame too short for its mandatory fields (a padded frame without
/// room for Pad Length, HEADERS without room for its priority fields, PUSH_PROMISE without room for the promised
/// stream id) is a FRAME_SIZE_ERROR (RFC 9113 §4.2); padding longer than what follows the fixed fields is a
/// PROTOCOL_ERROR (§6.1, §6.2, §6.6). Unknown frame types are returned like any other frame.
/// </remarks>
public static partial class FrameReader
{
    /// <summary>
    /// Reads one frame from the start of <paramref name="buffer"/> without throwing on protocol errors.
    /// </summary>
    /// <param name="buffer">The received bytes not consumed yet.</param>
    /// <param name="localMaxFrameSize">The SETTINGS_MAX_FRAME_SIZE this endpoint advertised.</param>
    /// <param name="header">The frame header, set whenever its 9 bytes are present.</param>
    /// <param name="payload">The payload, a slice of <paramref name="buffer"/>; set for complete frames and stream errors.</param>
    /// <param name="bytesConsumed">
    /// The frame's size (9 + length) for a complete frame and for a stream error (skip it and go on with the
    /// connection); 0 when more data is needed and for a connection error.
    /// </param>
    /// <param name="error">The broken rule when the result is <see cref="FrameReadStatus.Error"/>.</param>
    /// <returns>Whether a frame was read, more bytes are needed, or the frame breaks a rule.</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="localMaxFrameSize"/> is outside 16384..16777215.</exception>
    public static FrameReadStatus TryReadFrame(
        ReadOnlySpan<byte> buffer,
        int localMaxFrameSize,
        out FrameHeader header,
        out ReadOnlySpan<byte> payload,
        out int bytesConsumed,
        out FrameError error)
    {
        FrameReaderOptions.CheckMaxFrameSize(localMaxFrameSize, nameof(localMaxFrameSize));
        payload = default;
        bytesConsumed = 0;
        error = default;

        if (!FrameHeader.TryRead(buffer, out header))
        {
            return FrameReadStatus.NeedMoreData;
        }

        // Refuse before waiting for (and so before buffering) the payload.
        error = FrameRules.CheckHeader(header, localMaxFrameSize);
        if (error.IsError)
        {
            return FrameReadStatus.Error;
        }

        int frameLength = FrameHeader.Size + header.Length;
        if (buffer.Length < frameLength)
        {
            return FrameReadStatus.NeedMoreData;
        }

        ReadOnlySpan<byte> body = buffer.Slice(FrameHeader.Size, header.Length);
        error = ValidateContent(header, body);
        if (error.IsError && error.Scope == ErrorScope.Connection)
        {
            return FrameReadStatus.Error;
        }

        payload = body;
        bytesConsumed = frameLength;
        return error.IsError ? FrameReadStatus.Error : FrameReadStatus.Complete;
    }

    /// <summary>
    /// Reads one frame from the start of <paramref name="buffer"/>, throwing <see cref="Ht2ProtocolException"/>
    /// when it breaks a rule. After a stream error the frame is still in the buffer: skip
    /// 9 + <see cref="FrameHeader.Length"/> bytes (from <see cref="FrameHeader.Read"/>) to go on, or use the
    /// non-throwing overload, which reports the size to skip.
    /// </summary>
    /// <param name="buffer">The received bytes not consumed yet.</param>
    /// <param name="localMaxFrameSize">The SETTINGS_MAX_FRAME_SIZE this endpoint advertised.</param>
    /// <param name="header">The frame header when a frame was read.</param>
    /// <param name="payload">The payload, a slice of <paramref name="buffer"/>.</param>
    /// <param name="bytesConsumed">9 + the payload length when a frame was read, else 0.</param>
    /// <returns>True when a frame was read; false when more bytes are needed.</returns>
    /// <exception cref="Ht2ProtocolException">The frame breaks an RFC 9113 rule.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="localMaxFrameSize"/> is outside 16384..16777215.</exception>
    public static bool TryReadFrame(
        ReadOnlySpan<byte> buffer,
        int localMaxFrameSize,
        out FrameHeader header,
        out ReadOnlySpan<byte> payload,
        out int bytesConsumed)
    {
        FrameReadStatus status = TryReadFrame(buffer, localMaxFrameSize, out header, out payload, out bytesConsumed, out FrameError error);
        if (status == FrameReadStatus.Error)
        {
            Throw(error);
        }

        return status == FrameReadStatus.Complete;
    }

    // Out of line: building the exception must not weigh on the inlined success path.
    [DoesNotReturn]
    private static void Throw(in FrameError error) => throw error.ToException();
}
