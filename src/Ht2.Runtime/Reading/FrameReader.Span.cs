using System;
using System.Diagnostics.CodeAnalysis;

namespace Ht2;

/// <summary>
/// Reads HTTP/2 frames from received bytes without copying them and checks every single-frame rule of
/// RFC 9113. The payload handed back is a slice of the input. Header-block order (HEADERS followed by
/// CONTINUATION) spans frames and is checked by <see cref="HeaderBlockSequencer"/>.
/// </summary>
/// <remarks>
/// Order of checks: the length against the local SETTINGS_MAX_FRAME_SIZE, then the frame type's generated rules
/// (<see cref="IHt2Frame{TSelf}.CheckHeader"/>: stream id, exact, multiple-of and minimum lengths, all from the 9
/// header bytes), then, once the whole frame is there, the rules that read the payload (padding, the frame's
/// <c>Validate</c> hooks: WINDOW_UPDATE increment, PUSH_PROMISE promising stream 0, SETTINGS values). A header
/// verdict that is a connection error is returned before the payload is waited for; a stream error (PRIORITY's
/// length) or an ignore verdict is returned with the whole frame, so it can be skipped. The ten RFC 9113 frames
/// are always known; extension frames are checked when registered (<see cref="FrameReaderOptions.Register{TFrame}"/>).
/// Other types are returned like any frame (§5.5).
/// </remarks>
public static partial class FrameReader
{
    /// <summary>
    /// Reads one frame from the start of <paramref name="buffer"/> without throwing on protocol errors, with the
    /// rules of the ten RFC 9113 frames.
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
        return Read(buffer, localMaxFrameSize, FrameRuleTable.Standard, out header, out payload, out bytesConsumed, out error);
    }

    /// <summary>
    /// Reads one frame from the start of <paramref name="buffer"/> without throwing on protocol errors, with the
    /// local maximum frame size of <paramref name="options"/> and the rules of every frame type registered on it.
    /// </summary>
    /// <param name="buffer">The received bytes not consumed yet.</param>
    /// <param name="options">The local maximum frame size and the registered extension frames.</param>
    /// <param name="header">The frame header, set whenever its 9 bytes are present.</param>
    /// <param name="payload">The payload, a slice of <paramref name="buffer"/>; set for complete frames, stream errors and ignored frames.</param>
    /// <param name="bytesConsumed">
    /// The frame's size (9 + length) for a complete frame, a stream error and an ignored frame; 0 when more data
    /// is needed and for a connection error.
    /// </param>
    /// <param name="error">The broken rule when the result is <see cref="FrameReadStatus.Error"/> or <see cref="FrameReadStatus.Ignored"/>.</param>
    /// <returns>Whether a frame was read, more bytes are needed, the frame breaks a rule, or it must be ignored.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="options"/> is null.</exception>
    public static FrameReadStatus TryReadFrame(
        ReadOnlySpan<byte> buffer,
        FrameReaderOptions options,
        out FrameHeader header,
        out ReadOnlySpan<byte> payload,
        out int bytesConsumed,
        out FrameError error)
    {
        ArgumentNullException.ThrowIfNull(options);
        return Read(buffer, options.LocalMaxFrameSize, options.Rules, out header, out payload, out bytesConsumed, out error);
    }

    private static FrameReadStatus Read(
        ReadOnlySpan<byte> buffer,
        int localMaxFrameSize,
        FrameRuleTable table,
        out FrameHeader header,
        out ReadOnlySpan<byte> payload,
        out int bytesConsumed,
        out FrameError error)
    {
        payload = default;
        bytesConsumed = 0;
        error = default;
        if (!FrameHeader.TryRead(buffer, out header))
        {
            return FrameReadStatus.NeedMoreData;
        }

        // Refuse before waiting for (and so before buffering) the payload.
        FrameRuleSet? rules = table[header.Type];
        FrameError verdict = CheckHeader(header, localMaxFrameSize, rules);
        if (RefusesNow(verdict))
        {
            error = verdict;
            return FrameReadStatus.Error;
        }

        int frameLength = FrameHeader.Size + header.Length;
        if (buffer.Length < frameLength)
        {
            return FrameReadStatus.NeedMoreData;
        }

        ReadOnlySpan<byte> body = buffer.Slice(FrameHeader.Size, header.Length);
        error = verdict.IsError ? verdict : CheckContent(header, body, rules);
        if (RefusesNow(error))
        {
            return FrameReadStatus.Error;
        }

        payload = body;
        bytesConsumed = frameLength;
        return StatusOf(error);
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

        // The ten RFC 9113 frames never prescribe "ignore", so a read frame here is always Complete.
        return status != FrameReadStatus.NeedMoreData;
    }

    // Out of line: building the exception must not weigh on the inlined success path.
    [DoesNotReturn]
    private static void Throw(in FrameError error) => throw error.ToException();
}
