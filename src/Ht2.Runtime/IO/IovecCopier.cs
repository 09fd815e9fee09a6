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
        // Each turn either finishes an entry or fills the destination and returns, so the loop ends after at most
        // one turn per entry whatever the lengths are.
        int copied = 0;
        for (; _index < iovecs.Length; _index++)
        {
            Iovec entry = iovecs[_index];
            nuint left = entry.Length - _offset;
            Span<byte> room = destination.Slice(copied);

            // entry.Base is pinned by whoever built the entry (see Iovec).
            byte* next = (byte*)entry.Base + _offset;
            // Stryker disable once Equality : an entry that exactly fills the room is finished either way; with >=
            // the next call moves past its 0 bytes left and copies the same bytes.
            if (left > (nuint)room.Length)
            {
                new ReadOnlySpan<byte>(next, room.Length).CopyTo(room);
                _offset += (nuint)room.Length;
                return destination.Length;
            }

            new ReadOnlySpan<byte>(next, (int)left).CopyTo(room);
            copied += (int)left;
            _offset = 0;
        }

        return copied;
    }

    /// <summary>
    /// Copies the next bytes into <paramref name="destination"/>, which is not empty and no longer than the bytes
    /// left; returns the count.
    /// </summary>
    /// <exception cref="InvalidOperationException">No byte is left: the caller's count of the bytes left is wrong,
    /// and a copy loop fails instead of asking again for ever.</exception>
    public int CopyNext(ReadOnlySpan<Iovec> iovecs, Span<byte> destination)
    {
        int copied = CopyTo(iovecs, destination);
        if (copied == 0)
        {
            throw new InvalidOperationException("A coalesced copy asked for bytes after the last one.");
        }

        return copied;
    }
}
