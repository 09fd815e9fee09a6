using System;
using System.Buffers;

namespace Ht2;

public static partial class FrameReader
{
    /// <summary>
    /// Checks a whole frame against every single-frame rule of RFC 9113 except the local maximum frame size
    /// (that one belongs to the reader, which knows the setting). Header-block sequencing is the job of
    /// <see cref="HeaderBlockSequencer"/>. Returns the default <see cref="FrameError"/> when the frame is valid.
    /// </summary>
    /// <param name="header">The frame header.</param>
    /// <param name="payload">Exactly the payload: <c>header.Length</c> bytes.</param>
    /// <exception cref="ArgumentException">The payload length differs from <c>header.Length</c>.</exception>
    public static FrameError ValidateFrame(in FrameHeader header, ReadOnlySpan<byte> payload)
    {
        CheckPayloadLength(header, payload.Length);
        FrameError error = FrameRules.CheckHeader(header, FrameHeader.MaxLength);
        return error.IsError ? error : ValidateContent(header, payload);
    }

    /// <summary>
    /// Checks a whole frame whose payload may span several segments; the same rules as the span overload.
    /// </summary>
    /// <param name="header">The frame header.</param>
    /// <param name="payload">Exactly the payload: <c>header.Length</c> bytes.</param>
    /// <exception cref="ArgumentException">The payload length differs from <c>header.Length</c>.</exception>
    public static FrameError ValidateFrame(in FrameHeader header, in ReadOnlySequence<byte> payload)
    {
        CheckPayloadLength(header, payload.Length);
        FrameError error = FrameRules.CheckHeader(header, FrameHeader.MaxLength);
        return error.IsError ? error : ValidateContent(header, payload);
    }

    /// <summary>
    /// Checks the header-only rules: the length against <paramref name="localMaxFrameSize"/>, the stream id and
    /// the fixed or minimum lengths. Every failure here is a connection error, so a connection may call this as
    /// soon as 9 bytes arrived and refuse the frame without buffering its payload.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="localMaxFrameSize"/> is outside 16384..16777215.</exception>
    public static FrameError ValidateHeader(in FrameHeader header, int localMaxFrameSize)
    {
        FrameReaderOptions.CheckMaxFrameSize(localMaxFrameSize, nameof(localMaxFrameSize));
        return FrameRules.CheckHeader(header, localMaxFrameSize);
    }

    // The rules after the header-only ones; the payload is complete and its length matches the header.
    private static FrameError ValidateContent(in FrameHeader header, ReadOnlySpan<byte> payload)
    {
        FrameError error = FrameRules.CheckContent(header, payload.Slice(0, Math.Min(payload.Length, FrameRules.ContentPrefixLength)));
        if (error.IsError || header.Type != FrameType.Settings)
        {
            return error;
        }

        return FrameRules.CheckSettings(payload);
    }

    private static FrameError ValidateContent(in FrameHeader header, in ReadOnlySequence<byte> payload)
    {
        if (payload.IsSingleSegment)
        {
            return ValidateContent(header, payload.FirstSpan);
        }

        // At most 4 bytes are copied, so a field that straddles segments costs nothing on the heap.
        Span<byte> prefix = stackalloc byte[FrameRules.ContentPrefixLength];
        int prefixLength = (int)Math.Min(payload.Length, FrameRules.ContentPrefixLength);
        payload.Slice(0, prefixLength).CopyTo(prefix);
        FrameError error = FrameRules.CheckContent(header, prefix.Slice(0, prefixLength));
        if (error.IsError || header.Type != FrameType.Settings)
        {
            return error;
        }

        // SequenceReader assembles entries that straddle segments on the stack.
        var reader = new SequenceReader<byte>(payload);
        while (reader.TryReadBigEndian(out short id) && reader.TryReadBigEndian(out int value))
        {
            error = FrameRules.CheckSetting((ushort)id, (uint)value);
            if (error.IsError)
            {
                return error;
            }
        }

        return default;
    }

    private static void CheckPayloadLength(in FrameHeader header, long payloadLength)
    {
        if (payloadLength != header.Length)
        {
            throw new ArgumentException("The payload length must equal the header's Length.", nameof(payloadLength));
        }
    }
}
