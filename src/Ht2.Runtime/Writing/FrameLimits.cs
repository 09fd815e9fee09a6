using System;
using System.Diagnostics.CodeAnalysis;
using System.Runtime.CompilerServices;

namespace Ht2;

/// <summary>
/// The checks every frame passes before a single byte of it is staged, so that a rejected frame leaves the
/// batch as it was. Each failure is an <see cref="ArgumentException"/> whose message names the broken limit.
/// </summary>
internal static class FrameLimits
{
    /// <summary>Checks the payload length against the peer's maximum and SETTINGS contents.</summary>
    /// <remarks>
    /// Inlined into every Add; the throws live in non-inlined helpers so this stays a few compares. The stream id
    /// (31 bits and the type's stream rule) is checked by the frame's own WritePrefix before anything is committed.
    /// </remarks>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Check<TFrame>(in TFrame frame, ReadOnlySpan<byte> variablePart, int variableLength, in int maxFrameSize)
        where TFrame : struct, IHt2Frame<TFrame>
    {
        // Every peer maximum is at least 16384, so a payload of at most 16384 bytes never reads it: for the
        // fixed-length control frames the JIT folds the whole test away, and with it the read of the maximum (passed
        // by reference for that reason).
        long payloadLength = frame.GetPayloadLength(variableLength);
        if (payloadLength > SettingsFrame.MinMaxFrameSize && payloadLength > maxFrameSize)
        {
            ThrowFrameTooLarge(TFrame.FrameType, payloadLength, maxFrameSize);
        }

        // JIT-time constant per instantiation: costs nothing for the other frame types. A SETTINGS frame without
        // entries (an ACK, or the empty SETTINGS) has nothing here to check: every rule on its length is a rule of
        // its own WritePrefix, which runs before anything is committed.
        if (typeof(TFrame) == typeof(SettingsFrame) && variableLength != 0)
        {
            CheckSettings(frame.Flags, variablePart, variableLength);
        }
    }

    /// <summary>Stream identifiers are 31 bits (RFC 9113 §5.1.1).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void CheckStreamId(uint streamId)
    {
        if (streamId > FrameHeader.MaxStreamId)
        {
            ThrowStreamId(streamId);
        }
    }

    /// <summary>DATA, HEADERS and CONTINUATION belong to a stream: ids 1..2^31-1 (RFC 9113 §6.1, §6.2, §6.10).</summary>
    public static void CheckDataStream(uint streamId)
    {
        CheckStreamId(streamId);
        if (streamId == 0)
        {
            throw new ArgumentOutOfRangeException(nameof(streamId), streamId, "DATA, HEADERS and CONTINUATION need a stream id above 0.");
        }
    }

    /// <summary>A SETTINGS_MAX_FRAME_SIZE is between 16384 and 16777215 (RFC 9113 §6.5.2).</summary>
    public static int CheckMaxFrameSize(int value, string paramName)
    {
        if (value < SettingsFrame.MinMaxFrameSize || value > SettingsFrame.MaxMaxFrameSize)
        {
            throw new ArgumentOutOfRangeException(paramName, value, "A maximum frame size must be between 16384 and 16777215.");
        }

        return value;
    }

    [DoesNotReturn]
    private static void ThrowStreamId(uint streamId) =>
        throw new ArgumentOutOfRangeException(nameof(streamId), streamId, "The stream id exceeds 2^31-1.");

    [DoesNotReturn]
    internal static void ThrowFrameTooLarge(FrameType type, long payloadLength, int maxFrameSize, string paramName = "frame") =>
        throw new ArgumentException(
            $"The {FrameNames.TypeName(type)} frame payload of {payloadLength} bytes exceeds the peer's SETTINGS_MAX_FRAME_SIZE of {maxFrameSize}.",
            paramName);

    /// <summary>Pad Length is one byte (RFC 9113 §6.1, §6.2).</summary>
    public static void CheckPadding(int? padLength)
    {
        if (padLength is int pad && (pad < 0 || pad > 255))
        {
            throw new ArgumentOutOfRangeException(nameof(padLength), pad, "The padding must be between 0 and 255 bytes.");
        }
    }

    /// <summary>A split size must be a legal SETTINGS_MAX_FRAME_SIZE and within what the peer accepts.</summary>
    public static void CheckSplitSize(int maxFrameSize, int peerMaxFrameSize)
    {
        if (maxFrameSize < SettingsFrame.MinMaxFrameSize || maxFrameSize > peerMaxFrameSize)
        {
            throw new ArgumentOutOfRangeException(
                nameof(maxFrameSize),
                maxFrameSize,
                $"The frame size must be between 16384 and the peer's SETTINGS_MAX_FRAME_SIZE of {peerMaxFrameSize}.");
        }
    }

    private static void CheckSettings(FrameFlags flags, ReadOnlySpan<byte> entries, int length)
    {
        if ((flags & FrameFlags.Ack) != 0 && length != 0)
        {
            throw new ArgumentException("A SETTINGS frame with ACK must have an empty payload.", "payload");
        }

        if (length % SettingsEntry.Size != 0)
        {
            throw new ArgumentException("A SETTINGS payload must be a multiple of 6 bytes.", "payload");
        }

        foreach (SettingsEntry entry in SettingsFrame.Entries(entries))
        {
            if (SettingsFrame.ValidateEntry(entry).IsError)
            {
                SettingsFrame.ThrowEntryOutOfRange(entry, "payload");
            }
        }
    }
}
