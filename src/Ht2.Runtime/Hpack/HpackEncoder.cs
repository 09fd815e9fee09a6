using System;

namespace Ht2;

/// <summary>
/// Stateless, allocation-free HPACK encoder (RFC 7541). A field that matches a static-table entry exactly becomes one
/// indexed octet; every other field is a literal that is never added to the peer's dynamic table, naming the field
/// by static index when the name is in the static table.
/// </summary>
/// <remarks>
/// <para>
/// Because nothing is ever indexed, the encoder keeps no state and ignores the size of the peer's dynamic table,
/// with one interoperability caveat: a decoder whose SETTINGS_HEADER_TABLE_SIZE drops below the size in force may
/// insist that the next header block start with a dynamic table size update (nghttp2 does; RFC 7541 §4.2). Starting
/// the first header block of a connection with <see cref="TryEncodeDynamicTableSizeUpdate"/>(0) settles this for
/// the connection's lifetime: the table size in force is then 0, which no later setting can undercut.
/// </para>
/// <para>
/// Field names must be lowercase (RFC 9113 §8.2.1) and non-empty; the encoder throws <see cref="ArgumentException"/>
/// for any other name rather than put a malformed field on the wire. Values are written as given.
/// </para>
/// </remarks>
public static class HpackEncoder
{
    /// <summary>The most octets <see cref="TryEncodeStatus"/> writes.</summary>
    public const int MaxStatusLength = 5;

    // First-octet patterns of RFC 7541 §6.
    internal const byte IndexedFlag = 0x80;          // 1xxxxxxx, 7-bit index
    internal const byte IncrementalFlag = 0x40;      // 01xxxxxx, 6-bit name index
    internal const byte WithoutIndexingFlag = 0x00;  // 0000xxxx, 4-bit name index
    internal const byte NeverIndexedFlag = 0x10;     // 0001xxxx, 4-bit name index
    private const byte SizeUpdateFlag = 0x20;        // 001xxxxx, 5-bit size
    private const byte HuffmanFlag = 0x80;           // H bit of a string length, 7-bit length

    /// <summary>
    /// Encodes one header field into <paramref name="destination"/>. Returns false, writing nothing meaningful, when
    /// the field does not fit; <see cref="GetEncodedLength"/> gives the exact size needed.
    /// </summary>
    /// <exception cref="ArgumentException"><paramref name="name"/> is empty or contains an uppercase ASCII letter.</exception>
    public static bool TryEncodeHeader(
        ReadOnlySpan<byte> name,
        ReadOnlySpan<byte> value,
        Span<byte> destination,
        out int bytesWritten,
        HpackFieldOptions options = HpackFieldOptions.None)
    {
        FieldPlan plan = Plan(name, value, options);
        if (plan.Length > destination.Length)
        {
            bytesWritten = 0;
            return false;
        }

        bytesWritten = Write(name, value, plan, destination);
        return true;
    }

    /// <summary>The exact number of octets <see cref="TryEncodeHeader"/> writes for this field.</summary>
    /// <exception cref="ArgumentException"><paramref name="name"/> is empty or contains an uppercase ASCII letter.</exception>
    /// <exception cref="OverflowException">The encoding would exceed <see cref="int.MaxValue"/> octets.</exception>
    public static int GetEncodedLength(
        ReadOnlySpan<byte> name,
        ReadOnlySpan<byte> value,
        HpackFieldOptions options = HpackFieldOptions.None) => checked((int)Plan(name, value, options).Length);

    /// <summary>
    /// An upper bound on the octets any field with these name and value lengths takes, whatever its bytes and options;
    /// cheap enough to size a buffer before looking at the field.
    /// </summary>
    public static int GetMaxEncodedLength(int nameLength, int valueLength)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(nameLength);
        ArgumentOutOfRangeException.ThrowIfNegative(valueLength);

        // The worst case is a literal with a literal name; Huffman is only used when shorter.
        return checked(1 + HpackInteger.GetEncodedLength(nameLength, 7) + nameLength
            + HpackInteger.GetEncodedLength(valueLength, 7) + valueLength);
    }

    /// <summary>
    /// Encodes <c>:status</c>. The seven statuses in the static table (200, 204, 206, 304, 400, 404, 500) take one
    /// octet; others take five. Returns false when <paramref name="destination"/> is too small.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="status"/> is not a three-digit code (100..999).</exception>
    public static bool TryEncodeStatus(int status, Span<byte> destination, out int bytesWritten)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(status, 100);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(status, 999);

        int index = status switch
        {
            200 => 8,
            204 => 9,
            206 => 10,
            304 => 11,
            400 => 12,
            404 => 13,
            500 => 14,
            _ => 0,
        };

        int length = index != 0 ? 1 : MaxStatusLength;
        if (destination.Length < length)
        {
            bytesWritten = 0;
            return false;
        }

        if (index != 0)
        {
            destination[0] = (byte)(IndexedFlag | index);
        }
        else
        {
            // Literal without indexing, name = static index 8 (:status), value = three raw digits.
            destination[0] = WithoutIndexingFlag | 8;
            destination[1] = 3;
            destination[2] = (byte)('0' + (status / 100));
            destination[3] = (byte)('0' + (status / 10 % 10));
            destination[4] = (byte)('0' + (status % 10));
        }

        bytesWritten = length;
        return true;
    }

    /// <summary>Encodes <c>:status</c> like <see cref="TryEncodeStatus"/> and returns the octets written.</summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="status"/> is not a three-digit code (100..999).</exception>
    /// <exception cref="ArgumentException"><paramref name="destination"/> is too small (give it <see cref="MaxStatusLength"/>).</exception>
    public static int EncodeStatus(int status, Span<byte> destination)
    {
        if (!TryEncodeStatus(status, destination, out int written))
        {
            throw new ArgumentException("Destination too small for :status.", nameof(destination));
        }

        return written;
    }

    /// <summary>
    /// Encodes a dynamic table size update (RFC 7541 §6.3). It is only valid at the start of a header block; see the
    /// type remarks for why an encoder that never indexes still sends one.
    /// </summary>
    public static bool TryEncodeDynamicTableSizeUpdate(int maxSize, Span<byte> destination, out int bytesWritten)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(maxSize);
        int length = HpackInteger.GetEncodedLength(maxSize, 5);
        if (destination.Length < length)
        {
            bytesWritten = 0;
            return false;
        }

        bytesWritten = HpackInteger.Encode(destination, maxSize, 5, SizeUpdateFlag);
        return true;
    }

    private static FieldPlan Plan(ReadOnlySpan<byte> name, ReadOnlySpan<byte> value, HpackFieldOptions options)
    {
        ValidateName(name);
        int index = HpackStaticTable.Find(name, value, out int nameIndex);
        if (index != 0)
        {
            return PlanIndexed(index);
        }

        byte firstByte = (options & HpackFieldOptions.NeverIndexed) != 0 ? NeverIndexedFlag : WithoutIndexingFlag;
        return PlanLiteral(name, value, nameIndex, firstByte, 4, (options & HpackFieldOptions.Huffman) != 0);
    }

    /// <summary>The plan of an indexed field (RFC 7541 §6.1): <paramref name="index"/> in the static or dynamic table.</summary>
    internal static FieldPlan PlanIndexed(int index) => new() { Index = index, Length = HpackInteger.GetEncodedLength(index, 7) };

    /// <summary>
    /// The plan of a literal field (RFC 7541 §6.2): its first octet's pattern and prefix (4 bits without indexing or
    /// never indexed, 6 bits with incremental indexing), the name by index (<paramref name="nameIndex"/> ≠ 0) or as
    /// a literal, and for each string whether Huffman is shorter.
    /// </summary>
    internal static FieldPlan PlanLiteral(ReadOnlySpan<byte> name, ReadOnlySpan<byte> value, int nameIndex, byte firstByte, int prefixBits, bool huffman)
    {
        FieldPlan plan = new() { NameIndex = nameIndex, FirstByte = firstByte, PrefixBits = prefixBits };
        plan.Length = nameIndex != 0
            ? HpackInteger.GetEncodedLength(nameIndex, prefixBits)
            : 1 + StringLength(name, huffman, out plan.NameHuffmanLength);
        plan.Length += StringLength(value, huffman, out plan.ValueHuffmanLength);
        return plan;
    }

    // Length of a string literal (length prefix + octets). Sets huffmanLength to the Huffman octet count when Huffman
    // is chosen, or -1 for raw.
    private static long StringLength(ReadOnlySpan<byte> text, bool huffman, out int huffmanLength)
    {
        huffmanLength = -1;
        int length = text.Length;
        if (huffman)
        {
            long encoded = HpackHuffman.GetEncodedLength(text);
            if (encoded < length)
            {
                huffmanLength = (int)encoded;
                length = huffmanLength;
            }
        }

        return HpackInteger.GetEncodedLength(length, 7) + (long)length;
    }

    /// <summary>Writes a planned field; <paramref name="destination"/> has at least <c>plan.Length</c> octets.</summary>
    internal static int Write(ReadOnlySpan<byte> name, ReadOnlySpan<byte> value, in FieldPlan plan, Span<byte> destination)
    {
        if (plan.Index != 0)
        {
            return HpackInteger.Encode(destination, plan.Index, 7, IndexedFlag);
        }

        int written;
        if (plan.NameIndex != 0)
        {
            written = HpackInteger.Encode(destination, plan.NameIndex, plan.PrefixBits, plan.FirstByte);
        }
        else
        {
            destination[0] = plan.FirstByte;
            written = 1 + WriteString(name, plan.NameHuffmanLength, destination.Slice(1));
        }

        return written + WriteString(value, plan.ValueHuffmanLength, destination.Slice(written));
    }

    private static int WriteString(ReadOnlySpan<byte> text, int huffmanLength, Span<byte> destination)
    {
        // Stryker disable once Equality : huffmanLength is -1 or at least 1: Huffman is chosen only when shorter than the raw octets, never for an empty string.
        if (huffmanLength >= 0)
        {
            int prefix = HpackInteger.Encode(destination, huffmanLength, 7, HuffmanFlag);
            return prefix + HpackHuffman.Encode(text, destination.Slice(prefix));
        }

        int header = HpackInteger.Encode(destination, text.Length, 7, 0);
        text.CopyTo(destination.Slice(header));
        return header + text.Length;
    }

    /// <summary>Throws for a name that must not reach the wire: empty, or with an uppercase letter.</summary>
    internal static void ValidateName(ReadOnlySpan<byte> name)
    {
        if (name.IsEmpty)
        {
            throw new ArgumentException("A header field name must not be empty.", nameof(name));
        }

        // Uppercase names make the message malformed (RFC 9113 §8.2.1); fail at the caller, not at the peer.
        if (name.IndexOfAnyInRange((byte)'A', (byte)'Z') >= 0)
        {
            throw new ArgumentException("HTTP/2 header field names must be lowercase (RFC 9113 §8.2.1).", nameof(name));
        }
    }

    // What a plan decided about a field, so that sizing and writing make the same choices.
    internal struct FieldPlan
    {
        public long Length;
        public int Index;
        public int NameIndex;
        public byte FirstByte;
        public int PrefixBits;
        public int NameHuffmanLength;   // set and read only for a literal name (NameIndex 0)
        public int ValueHuffmanLength;
    }
}
