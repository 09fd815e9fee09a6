using System;

namespace Ht2;

/// <summary>Copies the bytes an iovec list describes into ordinary spans, resuming where the last copy stopped.</summary>
internal unsafe struct IovecCopier
{
    private int _index;
    private nuint _offset;

    /// <summary>The sum of the entries' lengths.</summary>
    /// <exception cref="OverflowException">The sum exceeds <see cref="long.MaxValue"/>.</exception>
    public static long TotalLength(ReadOnlySpan<Iovec> iovecs)
    {
        long total = 0;
        foreach (Iovec entry in iovecs)
        {
            total = checked(total + (long)entry.Length);
        }

        return total;
    }

    /// <summary>Copies as many of the remaining bytes as fit into <paramref name="destination"/>; returns the count.</summary>
    public int CopyTo(ReadOnlySpan<Iovec> iovecs, Span<byte> destination)
    {
        int copied = 0;
        while (_index < iovecs.Length && copied < destination.Length)
        {
            Iovec entry = iovecs[_index];
            nuint left = entry.Length - _offset;
            int chunk = (int)Math.Min(left, (nuint)(destination.Length - copied));

            // entry.Base is pinned by whoever built the entry (see Iovec).
            new ReadOnlySpan<byte>((byte*)entry.Base + _offset, chunk).CopyTo(destination.Slice(copied));
            copied += chunk;
            _offset += (nuint)chunk;
            if (_offset == entry.Length)
            {
                _index++;
                _offset = 0;
            }
        }

        return copied;
    }
}
