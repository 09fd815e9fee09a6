using System;

namespace Ht2;

/// <summary>
/// An HPACK dynamic table (RFC 7541 §2.3.2, §4), the decoder's and the indexing encoder's. Entry bytes live back to back in one byte buffer, oldest first;
/// a ring of (offset, lengths) records indexes them newest first. Eviction only moves the oldest mark. When the
/// buffer's tail has no room, the live bytes slide to the front (or into a buffer twice their size), so the buffer
/// is reallocated only when the table's contents outgrow it, never in steady state, and each byte is moved O(1)
/// times on average.
/// </summary>
internal sealed class HpackDynamicTable
{
    /// <summary>The per-entry overhead RFC 7541 §4.1 adds to name and value lengths.</summary>
    public const int EntryOverhead = 32;

    private byte[] _bytes = [];
    private Entry[] _entries = [];
    private int _newest;        // ring slot of the newest entry (set by GrowEntries before the first entry)
    private int _count;
    private int _writeEnd;      // first free byte after the newest entry

    /// <summary>Creates an empty table whose size limit is <paramref name="maxSize"/>.</summary>
    public HpackDynamicTable(int maxSize) => MaxSize = maxSize;

    /// <summary>Number of entries.</summary>
    public int Count => _count;

    /// <summary>Sum of the entry sizes (name + value + 32 each).</summary>
    public int Size { get; private set; }

    /// <summary>The size limit in force, as last set by a dynamic table size update.</summary>
    public int MaxSize { get; private set; }

    /// <summary>Bytes the entry buffer currently holds room for (for tests of the growth policy).</summary>
    internal int ByteCapacity => _bytes.Length;

    /// <summary>The entry at <paramref name="index"/>, where 1 is the newest and <see cref="Count"/> the oldest.</summary>
    public void Get(int index, out ReadOnlySpan<byte> name, out ReadOnlySpan<byte> value)
    {
        ref Entry entry = ref _entries[Slot(index - 1)];
        name = _bytes.AsSpan(entry.Offset, entry.NameLength);
        value = _bytes.AsSpan(entry.Offset + entry.NameLength, entry.ValueLength);
    }

    /// <summary>
    /// The newest entry equal to (<paramref name="name"/>, <paramref name="value"/>) as an index (1 = newest), or 0;
    /// <paramref name="nameIndex"/> is the newest entry with that name, or 0. Linear: an encoder's table of a few KiB
    /// holds at most a hundred or so entries, and most are rejected on their lengths.
    /// </summary>
    public int Find(ReadOnlySpan<byte> name, ReadOnlySpan<byte> value, out int nameIndex)
    {
        nameIndex = 0;
        for (int age = 0; age < _count; age++)
        {
            ref Entry entry = ref _entries[Slot(age)];
            if (entry.NameLength != name.Length || !name.SequenceEqual(_bytes.AsSpan(entry.Offset, entry.NameLength)))
            {
                continue;
            }

            if (nameIndex == 0)
            {
                nameIndex = age + 1;
            }

            if (entry.ValueLength == value.Length && value.SequenceEqual(_bytes.AsSpan(entry.Offset + entry.NameLength, entry.ValueLength)))
            {
                return age + 1;
            }
        }

        return 0;
    }

    /// <summary>Sets the size limit, evicting the oldest entries until the table fits (RFC 7541 §4.3).</summary>
    public void SetMaxSize(int maxSize)
    {
        MaxSize = maxSize;
        EvictUntil(maxSize);
    }

    /// <summary>
    /// Adds an entry as the newest (RFC 7541 §4.4). An entry larger than the limit empties the table and is not
    /// added. <paramref name="name"/> may point into this table, even at an entry this addition evicts.
    /// </summary>
    public void Add(ReadOnlySpan<byte> name, ReadOnlySpan<byte> value)
    {
        long entrySize = (long)name.Length + value.Length + EntryOverhead;
        if (entrySize > MaxSize)
        {
            EvictUntil(0);
            return;
        }

        EvictUntil(MaxSize - (int)entrySize);

        // Evicted bytes stay where they were until the buffer is compacted, so a name referring to them is still
        // readable; compaction is told where it is so that it survives the move.
        int nameOffset = ((ReadOnlySpan<byte>)_bytes).Overlaps(name, out int offset) ? offset : -1;
        if (nameOffset < 0 && _count == 0)
        {
            // Nothing live and no name to preserve: the entry may as well start at the front. (An emptied table needs
            // this reset nowhere else: every later Add passes here first.)
            _writeEnd = 0;
        }

        int needed = name.Length + value.Length;
        if (_writeEnd + needed > _bytes.Length)
        {
            // A name outside the buffer (negative offset) stays negative.
            nameOffset -= Compact(needed, nameOffset);
        }

        int start = _writeEnd;
        if (nameOffset >= 0)
        {
            _bytes.AsSpan(nameOffset, name.Length).CopyTo(_bytes.AsSpan(start));
        }
        else
        {
            name.CopyTo(_bytes.AsSpan(start));
        }

        value.CopyTo(_bytes.AsSpan(start + name.Length));
        _writeEnd = start + needed;

        if (_count == _entries.Length)
        {
            GrowEntries();
        }

        _newest = (_newest + 1) % _entries.Length;
        _entries[_newest] = new Entry(start, name.Length, value.Length);
        _count++;
        Size += (int)entrySize;
    }

    private int Slot(int age) => (_newest - age + _entries.Length) % _entries.Length;

    private void EvictUntil(int targetSize)
    {
        while (Size > targetSize)
        {
            ref Entry oldest = ref _entries[Slot(_count - 1)];
            Size -= oldest.NameLength + oldest.ValueLength + EntryOverhead;
            _count--;
        }
    }

    // Moves the live bytes (and a name being re-added, wherever it lies) to the front of a buffer with room for
    // 'needed' more; returns how far they moved towards the front.
    private int Compact(int needed, int nameOffset)
    {
        int from = _count > 0 ? _entries[Slot(_count - 1)].Offset : _writeEnd;
        if (nameOffset >= 0)
        {
            from = Math.Min(from, nameOffset);
        }

        int kept = _writeEnd - from;
        byte[] target = _bytes;

        // The buffer grows by doubling towards twice the size limit. At that size a compaction always leaves at
        // least MaxSize free (live bytes stay below MaxSize), so each compaction frees as much as it moves; below it,
        // the buffer grows whenever the content would fill more than half of it. Since the kept bytes and the new
        // entry are each under MaxSize, the limit always has room.
        long limit = Math.Max(256, 2L * MaxSize);
        long used = (long)kept + needed;
        if (target.Length < used || (target.Length < limit && target.Length < 2 * used))
        {
            long grown = Math.Max(used, Math.Min(limit, Math.Max(Math.Max(256, 2 * used), 2L * target.Length)));
            target = new byte[(int)Math.Min(Array.MaxLength, grown)];
        }

        _bytes.AsSpan(from, kept).CopyTo(target);
        _bytes = target;
        for (int age = 0; age < _count; age++)
        {
            _entries[Slot(age)].Offset -= from;
        }

        _writeEnd = kept;
        return from;
    }

    private void GrowEntries()
    {
        Entry[] grown = new Entry[Math.Max(8, _entries.Length * 2)];
        for (int age = _count - 1, slot = 0; age >= 0; age--, slot++)
        {
            grown[slot] = _entries[Slot(age)];
        }

        _entries = grown;
        _newest = _count - 1;
    }

    private struct Entry(int offset, int nameLength, int valueLength)
    {
        public int Offset = offset;
        public readonly int NameLength = nameLength;
        public readonly int ValueLength = valueLength;
    }
}
