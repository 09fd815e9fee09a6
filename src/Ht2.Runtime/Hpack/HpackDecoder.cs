using System;

namespace Ht2;

/// <summary>
/// HPACK decoder (RFC 7541) for one direction of one connection: it owns that direction's dynamic table, so header
/// blocks must be decoded in the order they arrive, each complete (HEADERS or PUSH_PROMISE plus CONTINUATIONs).
/// </summary>
/// <remarks>
/// <para>
/// Every decoding error throws <see cref="Ht2ProtocolException"/> with COMPRESSION_ERROR as a connection error
/// (RFC 9113 §4.3): the dynamic table may be half-updated, so the decoder must not be used again.
/// </para>
/// <para>
/// Allocation: none for blocks whose fields come from the tables or from raw literals. Inserting into the dynamic
/// table copies into a byte buffer that is reused, and grows only when the table's contents outgrow it; Huffman
/// strings decode into a scratch buffer that grows only when a longer string than any before arrives.
/// </para>
/// </remarks>
public sealed class HpackDecoder
{
    /// <summary>The initial SETTINGS_HEADER_TABLE_SIZE of RFC 9113 §6.5.2.</summary>
    public const int DefaultHeaderTableSize = 4096;

    private readonly HpackDynamicTable _table;
    private byte[] _scratch = [];
    private int _maxHeaderListSize;

    // When our advertised table size drops below the size in force, the next block must start with a size update
    // no larger than the smallest size advertised meanwhile (RFC 7541 §4.2). -1: no update required.
    private int _requiredUpdateCeiling = -1;

    /// <summary>Creates a decoder.</summary>
    /// <param name="maxHeaderTableSize">The SETTINGS_HEADER_TABLE_SIZE this endpoint advertises (4096 unless sent).</param>
    /// <param name="maxHeaderListSize">The SETTINGS_MAX_HEADER_LIST_SIZE this endpoint enforces.</param>
    public HpackDecoder(int maxHeaderTableSize = DefaultHeaderTableSize, int maxHeaderListSize = int.MaxValue)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(maxHeaderTableSize);
        ArgumentOutOfRangeException.ThrowIfNegative(maxHeaderListSize);
        MaxHeaderTableSize = maxHeaderTableSize;
        _maxHeaderListSize = maxHeaderListSize;
        _table = new HpackDynamicTable(maxHeaderTableSize);
    }

    /// <summary>The SETTINGS_HEADER_TABLE_SIZE in force: the largest size a dynamic table size update may ask for.</summary>
    public int MaxHeaderTableSize { get; private set; }

    /// <summary>
    /// The SETTINGS_MAX_HEADER_LIST_SIZE enforced: the largest sum over a block's fields of name length + value
    /// length + 32 (RFC 9113 §6.5.2).
    /// </summary>
    public int MaxHeaderListSize
    {
        get => _maxHeaderListSize;
        set
        {
            ArgumentOutOfRangeException.ThrowIfNegative(value);
            _maxHeaderListSize = value;
        }
    }

    /// <summary>The dynamic table's current size (sum of name + value + 32 over its entries).</summary>
    public int DynamicTableSize => _table.Size;

    /// <summary>The dynamic table's size limit, as last set by the peer's encoder (initially <see cref="MaxHeaderTableSize"/>).</summary>
    public int DynamicTableMaxSize => _table.MaxSize;

    /// <summary>The number of entries in the dynamic table.</summary>
    public int DynamicTableCount => _table.Count;

    /// <summary>
    /// Applies a new SETTINGS_HEADER_TABLE_SIZE; call it when the peer acknowledges the SETTINGS frame that carried
    /// it. Lowering it below the size in force shrinks the table now and obliges the peer to start its next header
    /// block with a dynamic table size update (RFC 7541 §4.2); raising it only allows the peer to ask for more.
    /// </summary>
    public void SetMaxHeaderTableSize(int maxHeaderTableSize)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(maxHeaderTableSize);
        MaxHeaderTableSize = maxHeaderTableSize;
        if (maxHeaderTableSize < _table.MaxSize)
        {
            // While an update is owed, the ceiling is the table's limit (both were set here, and no block has run
            // since), so a new value below the limit is the lowest so far.
            _table.SetMaxSize(maxHeaderTableSize);
            _requiredUpdateCeiling = maxHeaderTableSize;
        }
    }

    /// <summary>
    /// Decodes one complete header block, calling <paramref name="handler"/> for each field in order.
    /// </summary>
    /// <remarks>
    /// When the fields exceed <see cref="MaxHeaderListSize"/>, the handler is not called for the field that crosses
    /// the limit or any after it, but the rest of the block is still decoded so the dynamic table stays in step with
    /// the peer; then the error is thrown.
    /// </remarks>
    /// <exception cref="Ht2ProtocolException">COMPRESSION_ERROR (connection): the block is malformed or too large.</exception>
    public void Decode<THandler>(ReadOnlySpan<byte> headerBlock, ref THandler handler)
        where THandler : struct, IHeaderHandler, allows ref struct
    {
        if (!TryDecode(headerBlock, ref handler))
        {
            HpackError.Throw("header list exceeds SETTINGS_MAX_HEADER_LIST_SIZE");
        }
    }

    /// <summary>
    /// Decodes one complete header block like <see cref="Decode{THandler}"/>, but a list over
    /// <see cref="MaxHeaderListSize"/> is not an exception: the fields up to the limit reach the handler, the rest of
    /// the block is decoded without delivering anything (so the dynamic table stays in step and an HPACK bomb costs
    /// no memory past the limit), and the result is false. The caller decides the reaction (a stream error, a 431).
    /// </summary>
    /// <returns>True when the whole list fit the limit.</returns>
    /// <exception cref="Ht2ProtocolException">COMPRESSION_ERROR (connection): the block is malformed.</exception>
    public bool TryDecode<THandler>(ReadOnlySpan<byte> headerBlock, ref THandler handler)
        where THandler : struct, IHeaderHandler, allows ref struct
    {
        CheckRequiredSizeUpdate(headerBlock);

        int position = 0;
        bool fieldSeen = false;
        long listSize = 0;
        bool tooLarge = false;
        while (position < headerBlock.Length)
        {
            byte first = headerBlock[position];

            // Assigned by every branch below; initialised so that mutation testing can compile each branch removed.
            ReadOnlySpan<byte> name = default;
            ReadOnlySpan<byte> value = default;
            bool addToTable = false;
            if ((first & 0x80) != 0)
            {
                // 1xxxxxxx: indexed field (§6.1).
                GetEntry(HpackInteger.Decode(headerBlock, ref position, 7), out name, out value);
            }
            else if ((first & 0x40) != 0)
            {
                // 01xxxxxx: literal with incremental indexing (§6.2.1).
                ReadLiteral(headerBlock, ref position, 6, out name, out value);
                addToTable = true;
            }
            else if ((first & 0x20) != 0)
            {
                // 001xxxxx: dynamic table size update (§6.3), only before the first field (§4.2).
                if (fieldSeen)
                {
                    HpackError.Throw("HPACK dynamic table size update after the first field of a block");
                }

                ApplySizeUpdate(HpackInteger.Decode(headerBlock, ref position, 5));
                continue;
            }
            else
            {
                // 0000xxxx without indexing (§6.2.2) and 0001xxxx never indexed (§6.2.3) decode alike.
                ReadLiteral(headerBlock, ref position, 4, out name, out value);
            }

            fieldSeen = true;
            listSize += (long)name.Length + value.Length + HpackDynamicTable.EntryOverhead;
            tooLarge |= listSize > _maxHeaderListSize;
            if (!tooLarge)
            {
                handler.OnHeader(name, value);
            }

            if (addToTable)
            {
                _table.Add(name, value);
            }
        }

        return !tooLarge;
    }

    /// <summary>Test access to dynamic entry <paramref name="index"/> (1 = newest).</summary>
    internal void GetDynamicEntry(int index, out ReadOnlySpan<byte> name, out ReadOnlySpan<byte> value) =>
        _table.Get(index, out name, out value);

    private void CheckRequiredSizeUpdate(ReadOnlySpan<byte> headerBlock)
    {
        if (_requiredUpdateCeiling < 0)
        {
            return;
        }

        if (headerBlock.IsEmpty || (headerBlock[0] & 0xE0) != 0x20)
        {
            HpackError.Throw("HPACK header block must start with a dynamic table size update after SETTINGS_HEADER_TABLE_SIZE was lowered");
        }

        int position = 0;
        if (HpackInteger.Decode(headerBlock, ref position, 5) > _requiredUpdateCeiling)
        {
            HpackError.Throw("HPACK dynamic table size update exceeds the lowest SETTINGS_HEADER_TABLE_SIZE since the last block");
        }

        _requiredUpdateCeiling = -1;
    }

    private void ApplySizeUpdate(int size)
    {
        if (size > MaxHeaderTableSize)
        {
            HpackError.Throw("HPACK dynamic table size update exceeds SETTINGS_HEADER_TABLE_SIZE");
        }

        _table.SetMaxSize(size);
    }

    private void GetEntry(int index, out ReadOnlySpan<byte> name, out ReadOnlySpan<byte> value)
    {
        if (index == 0)
        {
            HpackError.Throw("HPACK index 0");
        }

        if (index <= HpackStaticTable.Count)
        {
            name = HpackStaticTable.GetName(index);
            value = HpackStaticTable.GetValue(index);
            return;
        }

        if (index - HpackStaticTable.Count > _table.Count)
        {
            HpackError.Throw("HPACK index beyond the static and dynamic tables");
        }

        _table.Get(index - HpackStaticTable.Count, out name, out value);
    }

    // Literal field: an N-bit name index (0 = literal name follows), then the value string (§6.2).
    private void ReadLiteral(ReadOnlySpan<byte> block, scoped ref int position, int prefixBits, out ReadOnlySpan<byte> name, out ReadOnlySpan<byte> value)
    {
        int nameIndex = HpackInteger.Decode(block, ref position, prefixBits);
        int scratchUsed = 0;
        if (nameIndex != 0)
        {
            GetEntry(nameIndex, out name, out _);
        }
        else
        {
            name = ReadString(block, ref position, 0);
            scratchUsed = name.Overlaps(_scratch) ? name.Length : 0;
        }

        value = ReadString(block, ref position, scratchUsed);
    }

    // String literal (§5.2): H bit and 7-bit length, then raw or Huffman octets. Huffman output goes to the scratch
    // buffer at scratchOffset, after the Huffman name of the same field. When the buffer has to grow for the value,
    // that name stays where it is: its span keeps the old buffer alive, and nothing writes to an old buffer.
    private ReadOnlySpan<byte> ReadString(ReadOnlySpan<byte> block, scoped ref int position, int scratchOffset)
    {
        if (position >= block.Length)
        {
            HpackError.Throw("HPACK string literal truncated");
        }

        bool huffman = (block[position] & 0x80) != 0;
        int length = HpackInteger.Decode(block, ref position, 7);
        if (length > block.Length - position)
        {
            HpackError.Throw("HPACK string literal longer than the rest of the block");
        }

        ReadOnlySpan<byte> octets = block.Slice(position, length);
        position += length;
        if (!huffman)
        {
            return octets;
        }

        int needed = scratchOffset + HpackHuffman.GetMaxDecodedLength(length);
        if (_scratch.Length < needed)
        {
            _scratch = new byte[Math.Max(needed, Math.Max(256, _scratch.Length * 2))];
        }

        int decoded = HpackHuffman.Decode(octets, _scratch.AsSpan(scratchOffset));
        return _scratch.AsSpan(scratchOffset, decoded);
    }
}
