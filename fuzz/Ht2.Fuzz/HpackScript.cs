using System;

namespace Ht2.Fuzz;

/// <summary>
/// The input language of the HPACK targets: a sequence of operations, each a header block or a new
/// SETTINGS_HEADER_TABLE_SIZE acknowledged by the peer. Operation byte <c>b</c>: below 0xEF, a block of <c>b</c>
/// bytes follows; 0xEF, a block whose length is the next two bytes (big-endian); 0xF0..0xFF, a table size of
/// ((b &amp; 0x0F) &lt;&lt; 8 | next byte) * 4, so 0..16380. A length past the end takes what is left.
/// </summary>
public ref struct HpackScript
{
    private ReadOnlySpan<byte> _rest;

    /// <summary>Starts reading operations from <paramref name="input"/>.</summary>
    public HpackScript(ReadOnlySpan<byte> input) => _rest = input;

    /// <summary>The block of the current operation (empty for a table size).</summary>
    public ReadOnlySpan<byte> Block { get; private set; }

    /// <summary>The table size of the current operation, or -1 when it is a block.</summary>
    public int TableSize { get; private set; }

    /// <summary>Moves to the next operation; false at the end of the input.</summary>
    public bool MoveNext()
    {
        if (_rest.IsEmpty)
        {
            return false;
        }

        byte op = _rest[0];
        _rest = _rest.Slice(1);
        if (op >= 0xF0)
        {
            int low = _rest.IsEmpty ? 0 : _rest[0];
            _rest = _rest.IsEmpty ? _rest : _rest.Slice(1);
            TableSize = (((op & 0x0F) << 8) | low) * 4;
            Block = default;
            return true;
        }

        int length = op;
        if (op == 0xEF)
        {
            length = _rest.Length >= 2 ? (_rest[0] << 8) | _rest[1] : 0;
            _rest = _rest.Slice(Math.Min(2, _rest.Length));
        }

        length = Math.Min(length, _rest.Length);
        TableSize = -1;
        Block = _rest.Slice(0, length);
        _rest = _rest.Slice(length);
        return true;
    }
}
