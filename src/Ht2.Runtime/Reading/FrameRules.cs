using System;
using System.Buffers.Binary;

namespace Ht2;

/// <summary>
/// The RFC 9113 rules a single frame must obey, split by what they need to see: the 9-byte header alone
/// (checked before the payload is buffered), the first few payload bytes, and each SETTINGS entry.
/// The span and the sequence paths both call these functions, so the rules exist exactly once.
/// Every reason is a string literal: reporting an error allocates nothing.
/// </summary>
internal static class FrameRules
{
    /// <summary>
    /// How many leading payload bytes <see cref="CheckContent"/> reads: Pad Length plus the PUSH_PROMISE
    /// Promised Stream ID (5), or the 4-byte WINDOW_UPDATE increment. A multi-segment payload copies at most
    /// this many bytes to the stack.
    /// </summary>
    internal const int ContentPrefixLength = 5;

    private const int PriorityFieldsLength = 5; // E bit + stream dependency (4) + weight (1)
    private const int PromisedStreamIdLength = 4;

    /// <summary>
    /// Rules decided by the header alone; all of them are connection errors, so the caller can refuse the
    /// frame before its payload arrives. <paramref name="localMaxFrameSize"/> is what this endpoint advertised.
    /// </summary>
    internal static FrameError CheckHeader(in FrameHeader header, int localMaxFrameSize)
    {
        int length = header.Length;

        // RFC 9113 §4.2: our own limit, never the peer's; checked first so a huge length is refused unbuffered.
        if (length > localMaxFrameSize)
        {
            return FrameError.Connection(Http2ErrorCode.FrameSizeError, "The frame length exceeds the local SETTINGS_MAX_FRAME_SIZE.");
        }

        bool onConnection = header.StreamId == 0;
        switch (header.Type)
        {
            case FrameType.Data:
                if (onConnection)
                {
                    return Protocol("DATA frames must not be sent on stream 0.");
                }

                // §4.2: a frame too small for its mandatory fields is a FRAME_SIZE_ERROR; DATA changes
                // connection flow control, so it is a connection error.
                return header.HasFlag(FrameFlags.Padded) && length < 1
                    ? FrameSize("A padded DATA frame has no room for its Pad Length field.")
                    : default;

            case FrameType.Headers:
                if (onConnection)
                {
                    return Protocol("HEADERS frames must not be sent on stream 0.");
                }

                return length < HeadersFixedLength(header.Flags)
                    ? FrameSize("The HEADERS frame is too short for its Pad Length and priority fields.")
                    : default;

            case FrameType.Priority:
                // The length rule of PRIORITY is a stream error (§6.3), so it waits for the whole frame.
                return onConnection ? Protocol("PRIORITY frames must not be sent on stream 0.") : default;

            case FrameType.RstStream:
                if (onConnection)
                {
                    return Protocol("RST_STREAM frames must not be sent on stream 0.");
                }

                return length != 4 ? FrameSize("An RST_STREAM frame must have a 4-byte payload.") : default;

            case FrameType.Settings:
                if (!onConnection)
                {
                    return Protocol("SETTINGS frames must be sent on stream 0.");
                }

                if (header.HasFlag(FrameFlags.Ack) && length != 0)
                {
                    return FrameSize("A SETTINGS frame with ACK must have an empty payload.");
                }

                return length % 6 != 0 ? FrameSize("A SETTINGS payload must be a multiple of 6 bytes.") : default;

            case FrameType.PushPromise:
                if (onConnection)
                {
                    return Protocol("PUSH_PROMISE frames must not be sent on stream 0.");
                }

                return length < PushPromiseFixedLength(header.Flags)
                    ? FrameSize("The PUSH_PROMISE frame is too short for its Pad Length and Promised Stream ID fields.")
                    : default;

            case FrameType.Ping:
                if (!onConnection)
                {
                    return Protocol("PING frames must be sent on stream 0.");
                }

                return length != 8 ? FrameSize("A PING frame must have an 8-byte payload.") : default;

            case FrameType.GoAway:
                if (!onConnection)
                {
                    return Protocol("GOAWAY frames must be sent on stream 0.");
                }

                return length < 8 ? FrameSize("A GOAWAY frame needs at least 8 bytes of payload.") : default;

            case FrameType.WindowUpdate:
                // §6.9: any length other than 4 is a connection error, on a stream as well as on stream 0.
                return length != 4 ? FrameSize("A WINDOW_UPDATE frame must have a 4-byte payload.") : default;

            case FrameType.Continuation:
                return onConnection ? Protocol("CONTINUATION frames must not be sent on stream 0.") : default;

            default:
                // §5.5: unknown (extension) frame types are not errors; the header-block sequencer
                // refuses them only inside an open header block.
                return default;
        }
    }

    /// <summary>
    /// Rules that read the payload's first bytes or need the whole frame (the stream errors). Assumes
    /// <see cref="CheckHeader"/> passed. <paramref name="prefix"/> holds the first
    /// min(<see cref="ContentPrefixLength"/>, length) payload bytes. SETTINGS entries are checked separately.
    /// </summary>
    internal static FrameError CheckContent(in FrameHeader header, ReadOnlySpan<byte> prefix)
    {
        switch (header.Type)
        {
            case FrameType.Data:
                return CheckPadding(header, prefix, 1, "The DATA padding is as long as the payload or longer.");

            case FrameType.Headers:
                return CheckPadding(header, prefix, HeadersFixedLength(header.Flags), "The HEADERS padding leaves no room for the priority fields or is longer than the payload.");

            case FrameType.PushPromise:
                FrameError padding = CheckPadding(header, prefix, PushPromiseFixedLength(header.Flags), "The PUSH_PROMISE padding leaves no room for the Promised Stream ID or is longer than the payload.");
                if (padding.IsError)
                {
                    return padding;
                }

                // §5.1.1: stream 0 can never be a new stream; the reserved bit is ignored. Whether a non-zero id
                // is a valid next stream depends on connection state, which the connection checks.
                int promisedAt = header.HasFlag(FrameFlags.Padded) ? 1 : 0;
                return (BinaryPrimitives.ReadUInt32BigEndian(prefix.Slice(promisedAt)) & 0x7FFF_FFFF) == 0
                    ? Protocol("PUSH_PROMISE promises stream 0.")
                    : default;

            case FrameType.Priority:
                return header.Length != PriorityFieldsLength
                    ? FrameError.Stream(Http2ErrorCode.FrameSizeError, header.StreamId, "A PRIORITY frame must have a 5-byte payload.")
                    : default;

            case FrameType.WindowUpdate:
                // The reserved high bit is ignored: an increment of 0x80000000 is an increment of 0.
                if ((BinaryPrimitives.ReadUInt32BigEndian(prefix) & 0x7FFF_FFFF) != 0)
                {
                    return default;
                }

                // §6.9: a stream error when it concerns a stream, a connection error on stream 0.
                return header.StreamId == 0
                    ? FrameError.Connection(Http2ErrorCode.ProtocolError, "A WINDOW_UPDATE increment of 0 on the connection is not allowed.")
                    : FrameError.Stream(Http2ErrorCode.ProtocolError, header.StreamId, "A WINDOW_UPDATE increment of 0 is not allowed.");

            default:
                return default;
        }
    }

    /// <summary>Checks one SETTINGS entry's value; the rules live in <see cref="SettingsFrame.ValidateEntry"/>.</summary>
    internal static FrameError CheckSetting(ushort id, uint value) =>
        SettingsFrame.ValidateEntry(new SettingsEntry((SettingsParameter)id, value));

    /// <summary>Checks every 6-byte entry of a contiguous SETTINGS payload.</summary>
    internal static FrameError CheckSettings(ReadOnlySpan<byte> payload)
    {
        for (int offset = 0; offset + 6 <= payload.Length; offset += 6)
        {
            FrameError error = CheckSetting(
                BinaryPrimitives.ReadUInt16BigEndian(payload.Slice(offset)),
                BinaryPrimitives.ReadUInt32BigEndian(payload.Slice(offset + 2)));
            if (error.IsError)
            {
                return error;
            }
        }

        return default;
    }

    private static int HeadersFixedLength(FrameFlags flags) =>
        ((flags & FrameFlags.Padded) != 0 ? 1 : 0) + ((flags & FrameFlags.Priority) != 0 ? PriorityFieldsLength : 0);

    private static int PushPromiseFixedLength(FrameFlags flags) =>
        ((flags & FrameFlags.Padded) != 0 ? 1 : 0) + PromisedStreamIdLength;

    // fixedLength counts the Pad Length byte itself. The padding may use every byte after the fixed fields
    // (an empty data or fragment is legal: pad == length - fixed), but not one more (§6.1, §6.2, §6.6).
    private static FrameError CheckPadding(in FrameHeader header, ReadOnlySpan<byte> prefix, int fixedLength, string reason)
    {
        if (!header.HasFlag(FrameFlags.Padded))
        {
            return default;
        }

        return prefix[0] > header.Length - fixedLength ? Protocol(reason) : default;
    }

    private static FrameError Protocol(string reason) => FrameError.Connection(Http2ErrorCode.ProtocolError, reason);

    private static FrameError FrameSize(string reason) => FrameError.Connection(Http2ErrorCode.FrameSizeError, reason);
}
