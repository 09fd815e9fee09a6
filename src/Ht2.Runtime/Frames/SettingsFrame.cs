using System;
using System.Buffers.Binary;
using System.Diagnostics.CodeAnalysis;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace Ht2;

//  +-------------------------------+
//  |       Identifier (16)         |
//  +-------------------------------+-------------------------------+
//  |                        Value (32)                             |
//  +---------------------------------------------------------------+
//  RFC 9113 §6.5. Flags: ACK (0x1). Stream 0 only. The payload is zero or more of these 6-byte entries;
//  an ACK carries none. The entries are the variable part: see WriteEntries and Entries.

/// <summary>A SETTINGS frame (RFC 9113 §6.5): the variable part is the list of 6-byte entries.</summary>
[Ht2Frame(FrameType.Settings, Flags = FrameFlags.Ack, StreamId = StreamIdRule.Zero, PayloadLengthMultipleOf = SettingsEntry.Size, EmptyWithFlags = FrameFlags.Ack)]
public partial struct SettingsFrame
{
    /// <summary>The largest flow-control window (2^31-1).</summary>
    public const uint MaxWindowSize = 0x7FFF_FFFF;

    /// <summary>Every flow-control window's size before SETTINGS or WINDOW_UPDATE change it (2^16-1, RFC 9113 §6.9.2).</summary>
    public const int DefaultInitialWindowSize = 65_535;

    /// <summary>The smallest SETTINGS_MAX_FRAME_SIZE (2^14).</summary>
    public const int MinMaxFrameSize = 16_384;

    /// <summary>The largest SETTINGS_MAX_FRAME_SIZE (2^24-1).</summary>
    public const int MaxMaxFrameSize = 16_777_215;

    /// <summary>Writes <paramref name="entries"/> as the frame's variable part; returns the bytes written (6 per entry).</summary>
    /// <exception cref="ArgumentException">The destination is too small.</exception>
    public static int WriteEntries(Span<byte> destination, ReadOnlySpan<SettingsEntry> entries)
    {
        int length = entries.Length * SettingsEntry.Size;
        CheckRoom(destination, length);

        // The one length test above covers every slot, so the slots are written through a ref without bounds checks.
        ref byte slot = ref MemoryMarshal.GetReference(destination);
        foreach (SettingsEntry entry in entries)
        {
            WriteEntry(ref slot, entry);
            slot = ref Unsafe.Add(ref slot, SettingsEntry.Size);
        }

        return length;
    }

    /// <summary>
    /// Writes <paramref name="entries"/> into <paramref name="destination"/>, which holds 6 bytes per entry, checking
    /// each with <see cref="ValidateEntry"/> as it goes (one pass over the entries, not two). Returns the index of the
    /// first refused entry, whose slot and the later ones are left unwritten, or -1 when every entry passed.
    /// </summary>
    /// <remarks>Returns rather than throws: a call inside the loop would keep the loop's values alive across it (spills in every caller it is inlined into).</remarks>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static int WriteValidEntries(Span<byte> destination, ReadOnlySpan<SettingsEntry> entries)
    {
        CheckRoom(destination, entries.Length * SettingsEntry.Size);

        // The entries are read through a ref as well: i stays below entries.Length, and the Native AOT build kept a
        // bounds check per entry on the indexer inside this early-return loop.
        ref byte slot = ref MemoryMarshal.GetReference(destination);
        ref readonly SettingsEntry first = ref MemoryMarshal.GetReference(entries);
        for (int i = 0; i < entries.Length; i++)
        {
            SettingsEntry entry = Unsafe.Add(ref Unsafe.AsRef(in first), i);
            if (ValidateEntry(entry).IsError)
            {
                return i;
            }

            WriteEntry(ref slot, entry);
            slot = ref Unsafe.Add(ref slot, SettingsEntry.Size);
        }

        return -1;
    }

    /// <summary>Throws the <see cref="ArgumentException"/> for an entry <see cref="ValidateEntry"/> refuses, with its reason.</summary>
    [DoesNotReturn]
    internal static void ThrowEntryOutOfRange(SettingsEntry entry, string paramName) =>
        throw new ArgumentException($"SETTINGS value {entry.Value} for {entry.Parameter} is out of range: {ValidateEntry(entry).Reason}", paramName);

    // The one length test of both entry writers: it covers every slot, which they then write without bounds checks.
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void CheckRoom(Span<byte> destination, int length)
    {
        if (destination.Length < length)
        {
            throw new ArgumentException("The destination is too small for the SETTINGS entries.", nameof(destination));
        }
    }

    // Identifier (16) and value (32), big-endian, into the 6 bytes at slot.
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void WriteEntry(ref byte slot, SettingsEntry entry)
    {
        Unsafe.WriteUnaligned(ref slot, BitConverter.IsLittleEndian ? BinaryPrimitives.ReverseEndianness((ushort)entry.Parameter) : (ushort)entry.Parameter);
        Unsafe.WriteUnaligned(ref Unsafe.Add(ref slot, 2), BitConverter.IsLittleEndian ? BinaryPrimitives.ReverseEndianness(entry.Value) : entry.Value);
    }

    /// <summary>Enumerates the entries of a parsed SETTINGS variable part without allocating.</summary>
    public static SettingsEntryEnumerator Entries(ReadOnlySpan<byte> variablePart) => new(variablePart);

    /// <summary>
    /// Checks one value against RFC 9113 §6.5.2, RFC 8441 §3 and RFC 9218 §2.1; the default value means it is
    /// acceptable. Unknown parameters always pass. The frame's rules (reader, parser) use this same function.
    /// </summary>
    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveInlining)]
    public static FrameError ValidateEntry(SettingsEntry entry) => entry.Parameter switch
    {
        SettingsParameter.EnablePush when entry.Value > 1 =>
            FrameError.Connection(Http2ErrorCode.ProtocolError, "SETTINGS_ENABLE_PUSH must be 0 or 1."),
        SettingsParameter.InitialWindowSize when entry.Value > MaxWindowSize =>
            FrameError.Connection(Http2ErrorCode.FlowControlError, "SETTINGS_INITIAL_WINDOW_SIZE exceeds 2^31-1."),
        SettingsParameter.MaxFrameSize when entry.Value < MinMaxFrameSize || entry.Value > MaxMaxFrameSize =>
            FrameError.Connection(Http2ErrorCode.ProtocolError, "SETTINGS_MAX_FRAME_SIZE must be between 16384 and 16777215."),
        SettingsParameter.EnableConnectProtocol when entry.Value > 1 =>
            FrameError.Connection(Http2ErrorCode.ProtocolError, "SETTINGS_ENABLE_CONNECT_PROTOCOL must be 0 or 1."),
        SettingsParameter.NoRfc7540Priorities when entry.Value > 1 =>
            FrameError.Connection(Http2ErrorCode.ProtocolError, "SETTINGS_NO_RFC7540_PRIORITIES must be 0 or 1."),
        _ => default,
    };

    // Every entry must hold a legal value. The reader may hand over any run of whole entries (a payload that
    // spans buffer segments), which is sound because each entry is checked on its own. An ACK's emptiness is
    // declared (EmptyWithFlags), so it is checked from the header.
    private static FrameError Validate(in FrameHeader header, in SettingsFrame frame, ReadOnlySpan<byte> variablePart)
    {
        foreach (SettingsEntry entry in Entries(variablePart))
        {
            FrameError error = ValidateEntry(entry);
            if (error.IsError)
            {
                return error;
            }
        }

        return default;
    }
}
