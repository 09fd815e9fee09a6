using System;

namespace Ht2;

/// <summary>
/// An HPACK encoder with a dynamic table (RFC 7541 §2.3.2): fields repeated across the header blocks of one connection
/// (content-type, server, date, a fixed content-length) are sent once as literals with incremental indexing and then
/// as one or two octets. One instance per connection and direction; blocks must reach the peer in the order they
/// were encoded. Allocation-free once its table has reached its size.
/// </summary>
/// <remarks>
/// <para>Indexing policy, per field, after an exact static or dynamic match (sent indexed):</para>
/// <list type="bullet">
/// <item><c>authorization</c>, <c>proxy-authorization</c>, <c>cookie</c>, <c>set-cookie</c> and any field given
/// <see cref="HpackFieldOptions.NeverIndexed"/> are literals "never indexed" (RFC 7541 §7.1.3): secrets stay out of
/// every table on the path, so a compression oracle cannot probe them.</item>
/// <item>Names whose values are usually unique per message (<c>:path</c>, <c>age</c>, <c>etag</c>,
/// <c>content-range</c>, <c>if-modified-since</c>, <c>if-none-match</c>) are literals without
/// indexing: inserting them would evict entries that repeat.</item>
/// <item>A field whose entry (name + value + 32) exceeds three quarters of the table is not indexed either: it would
/// flush the table for one field.</item>
/// <item>Everything else is a literal with incremental indexing; such a literal is never longer than one without
/// indexing (its name index has a 6-bit prefix instead of 4).</item>
/// </list>
/// <para>Table size: the encoder uses the smaller of its own cap and the peer's SETTINGS_HEADER_TABLE_SIZE
/// (<see cref="SetPeerTableSizeLimit"/>), and signals every change with dynamic table size updates at the start of
/// the next block (<see cref="BeginBlock"/>): when the limit dropped in between, the smallest size first, then the
/// final one (RFC 7541 §4.2).</para>
/// </remarks>
public sealed class HpackIndexingEncoder
{
    /// <summary>The table size a peer's decoder starts with (RFC 7541 §4.2, RFC 9113 §6.5.2).</summary>
    public const int DefaultTableSize = 4096;

    /// <summary>The most octets <see cref="BeginBlock"/> writes (two size updates of up to five octets).</summary>
    public const int MaxBlockPrefixLength = 10;

    /// <summary>The largest table this encoder keeps, whatever the peer allows.</summary>
    public const int MaxTableSizeCap = 64 * 1024;

    private readonly HpackDynamicTable _table;
    private readonly int _cap;
    private int _target;
    private int _lowestSinceBlock;
    private bool _updatePending;

    /// <summary>Creates an encoder whose table never exceeds <paramref name="maxTableSize"/> (0 turns indexing off).</summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="maxTableSize"/> is negative or above <see cref="MaxTableSizeCap"/>.</exception>
    public HpackIndexingEncoder(int maxTableSize = DefaultTableSize)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(maxTableSize);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(maxTableSize, MaxTableSizeCap);
        _cap = maxTableSize;
        _table = new HpackDynamicTable(DefaultTableSize);
        _target = Math.Min(maxTableSize, DefaultTableSize);
        _lowestSinceBlock = _target;
        _updatePending = _target != DefaultTableSize;
    }

    /// <summary>The table's size limit in force (as last signalled to the peer).</summary>
    public int TableSize => _table.MaxSize;

    /// <summary>Entries in the table now.</summary>
    public int EntryCount => _table.Count;

    /// <summary>
    /// The peer's SETTINGS_HEADER_TABLE_SIZE changed: the table will use the smaller of it and this encoder's cap
    /// from the next block on, which starts with the size update(s) the peer's decoder expects.
    /// </summary>
    public void SetPeerTableSizeLimit(uint settingsValue)
    {
        int size = (int)Math.Min(settingsValue, (uint)_cap);
        if (size == _target)
        {
            return;
        }

        _target = size;
        _lowestSinceBlock = Math.Min(_updatePending ? _lowestSinceBlock : _table.MaxSize, size);
        _updatePending = true;
    }

    /// <summary>
    /// Starts a header block: writes the pending dynamic table size update(s), at most
    /// <see cref="MaxBlockPrefixLength"/> octets, and returns their length (0 when none is due).
    /// </summary>
    /// <exception cref="ArgumentException"><paramref name="destination"/> is too small for the updates.</exception>
    public int BeginBlock(Span<byte> destination)
    {
        if (!_updatePending)
        {
            return 0;
        }

        int written = 0;
        if (_lowestSinceBlock < _target)
        {
            written += WriteSizeUpdate(_lowestSinceBlock, destination);
        }

        written += WriteSizeUpdate(_target, destination.Slice(written));
        _updatePending = false;
        return written;
    }

    /// <summary>
    /// Encodes one field after <see cref="BeginBlock"/>, indexing it as the type remarks say. Returns false, with
    /// nothing written and the table unchanged, when it does not fit; <see cref="HpackEncoder.GetMaxEncodedLength"/>
    /// bounds the size.
    /// </summary>
    /// <exception cref="ArgumentException"><paramref name="name"/> is empty or contains an uppercase ASCII letter.</exception>
    public bool TryEncodeHeader(ReadOnlySpan<byte> name, ReadOnlySpan<byte> value, Span<byte> destination, out int bytesWritten, HpackFieldOptions options = HpackFieldOptions.None)
    {
        HpackEncoder.ValidateName(name);
        HpackEncoder.FieldPlan plan = Plan(name, value, options, out bool insert);
        if (plan.Length > destination.Length)
        {
            bytesWritten = 0;
            return false;
        }

        bytesWritten = HpackEncoder.Write(name, value, plan, destination);
        if (insert)
        {
            _table.Add(name, value);
        }

        return true;
    }

    private HpackEncoder.FieldPlan Plan(ReadOnlySpan<byte> name, ReadOnlySpan<byte> value, HpackFieldOptions options, out bool insert)
    {
        insert = false;
        int index = HpackStaticTable.Find(name, value, out int nameIndex);
        if (index != 0)
        {
            return HpackEncoder.PlanIndexed(index);
        }

        bool huffman = (options & HpackFieldOptions.Huffman) != 0;
        bool sensitive = (options & HpackFieldOptions.NeverIndexed) != 0 || IsSensitive(name);
        int dynamicNameIndex = 0;
        if (!sensitive)
        {
            // A sensitive field is never looked up either: a hit would tell nothing new, and the lookup would be a timing signal.
            index = _table.Find(name, value, out dynamicNameIndex);
            if (index != 0)
            {
                return HpackEncoder.PlanIndexed(HpackStaticTable.Count + index);
            }
        }

        if (nameIndex == 0 && dynamicNameIndex != 0)
        {
            nameIndex = HpackStaticTable.Count + dynamicNameIndex;
        }

        if (sensitive)
        {
            return HpackEncoder.PlanLiteral(name, value, nameIndex, HpackEncoder.NeverIndexedFlag, 4, huffman);
        }

        long entrySize = (long)name.Length + value.Length + HpackDynamicTable.EntryOverhead;
        insert = entrySize <= _table.MaxSize * 3L / 4 && !IsVolatile(name);
        return insert
            ? HpackEncoder.PlanLiteral(name, value, nameIndex, HpackEncoder.IncrementalFlag, 6, huffman)
            : HpackEncoder.PlanLiteral(name, value, nameIndex, HpackEncoder.WithoutIndexingFlag, 4, huffman);
    }

    private int WriteSizeUpdate(int size, Span<byte> destination)
    {
        if (!HpackEncoder.TryEncodeDynamicTableSizeUpdate(size, destination, out int written))
        {
            throw new ArgumentException($"Give BeginBlock at least {MaxBlockPrefixLength} octets.", nameof(destination));
        }

        _table.SetMaxSize(size);
        return written;
    }

    private static bool IsSensitive(ReadOnlySpan<byte> name) =>
        name.SequenceEqual("authorization"u8) || name.SequenceEqual("proxy-authorization"u8)
        || name.SequenceEqual("cookie"u8) || name.SequenceEqual("set-cookie"u8);

    private static bool IsVolatile(ReadOnlySpan<byte> name) =>
        name.SequenceEqual(":path"u8) || name.SequenceEqual("age"u8) || name.SequenceEqual("etag"u8)
        || name.SequenceEqual("content-range"u8)
        || name.SequenceEqual("if-modified-since"u8) || name.SequenceEqual("if-none-match"u8);
}
