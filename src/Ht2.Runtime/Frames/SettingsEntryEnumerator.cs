using System;
using System.Buffers.Binary;

namespace Ht2;

/// <summary>Walks the 6-byte entries of a SETTINGS payload in order; a trailing partial entry is ignored.</summary>
public ref struct SettingsEntryEnumerator
{
    private ReadOnlySpan<byte> _remaining;

    /// <summary>Starts before the first entry of <paramref name="entries"/>.</summary>
    public SettingsEntryEnumerator(ReadOnlySpan<byte> entries)
    {
        _remaining = entries;
        Current = default;
    }

    /// <summary>The entry at the current position.</summary>
    public SettingsEntry Current { get; private set; }

    /// <summary>Returns this enumerator, so that it works in <c>foreach</c>.</summary>
    public readonly SettingsEntryEnumerator GetEnumerator() => this;

    /// <summary>Advances to the next entry; false after the last.</summary>
    public bool MoveNext()
    {
        if (_remaining.Length < SettingsEntry.Size)
        {
            return false;
        }

        Current = new SettingsEntry(
            (SettingsParameter)BinaryPrimitives.ReadUInt16BigEndian(_remaining),
            BinaryPrimitives.ReadUInt32BigEndian(_remaining.Slice(2)));
        _remaining = _remaining.Slice(SettingsEntry.Size);
        return true;
    }
}
