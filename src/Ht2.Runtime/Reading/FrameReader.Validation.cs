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
        FrameRuleSet? rules = FrameRuleTable.Standard[header.Type];
        FrameError error = CheckHeader(header, FrameHeader.MaxLength, rules);
        return error.IsError ? error : CheckContent(header, payload, rules);
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
        FrameRuleSet? rules = FrameRuleTable.Standard[header.Type];
        FrameError error = CheckHeader(header, FrameHeader.MaxLength, rules);
        return error.IsError ? error : CheckContent(header, payload, rules);
    }

    /// <summary>
    /// Checks the rules the header decides alone that are connection errors: the length against
    /// <paramref name="localMaxFrameSize"/>, the stream id and the fixed or minimum lengths. A connection may call
    /// this as soon as 9 bytes arrived and refuse the frame without buffering its payload. Stream-scope header rules
    /// (PRIORITY's length) need the whole frame to be skipped, so they are left to <see cref="ValidateFrame(in FrameHeader, ReadOnlySpan{byte})"/>.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="localMaxFrameSize"/> is outside 16384..16777215.</exception>
    public static FrameError ValidateHeader(in FrameHeader header, int localMaxFrameSize)
    {
        FrameReaderOptions.CheckMaxFrameSize(localMaxFrameSize, nameof(localMaxFrameSize));
        FrameError error = CheckHeader(header, localMaxFrameSize, FrameRuleTable.Standard[header.Type]);
        return RefusesNow(error) ? error : default;
    }

    private static void CheckPayloadLength(in FrameHeader header, long payloadLength)
    {
        if (payloadLength != header.Length)
        {
            throw new ArgumentException("The payload length must equal the header's Length.", nameof(payloadLength));
        }
    }
}
