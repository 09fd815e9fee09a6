using System;

namespace Ht2;

/// <summary>Huffman encoding and decoding of HPACK string literals (RFC 7541 §5.2).</summary>
internal static class HpackHuffman
{
    /// <summary>Octets the Huffman encoding of <paramref name="source"/> takes, padding included.</summary>
    public static long GetEncodedLength(ReadOnlySpan<byte> source)
    {
        ReadOnlySpan<byte> lengths = HpackHuffmanTable.CodeLengths;
        long bits = 0;
        foreach (byte b in source)
        {
            bits += lengths[b];
        }

        // Stryker disable once Bitwise : bits is a sum of code lengths, never negative, so >>> shifts the same.
        return (bits + 7) >> 3;
    }

    /// <summary>
    /// Encodes <paramref name="source"/>; the caller guarantees <see cref="GetEncodedLength"/> octets of room.
    /// The last octet is padded with the most significant bits of EOS, which are all ones.
    /// </summary>
    public static int Encode(ReadOnlySpan<byte> source, Span<byte> destination)
    {
        ReadOnlySpan<byte> lengths = HpackHuffmanTable.CodeLengths;
        uint[] codes = HpackHuffmanTable.Codes;
        ulong pending = 0;
        int bits = 0;
        int written = 0;
        foreach (byte b in source)
        {
            // At most 7 + 30 bits are pending, so the 64-bit accumulator never loses a bit still to be written.
            pending = (pending << lengths[b]) | codes[b];
            bits += lengths[b];
            // Stryker disable once Equality : leaving exactly 8 bits pending is harmless: at most 38 bits wait in the 64-bit accumulator, and the final octet below writes those 8 as they are.
            while (bits >= 8)
            {
                bits -= 8;

                // Stryker disable once Bitwise : pending is unsigned, so >>> is the same shift.
                destination[written++] = (byte)(pending >> bits);
            }
        }

        if (bits > 0)
        {
            // The most significant bits of EOS, all ones, fill the rest of the octet.
            // Stryker disable once Bitwise : 0xFFu is unsigned, so >>> is the same shift.
            uint padding = 0xFFu >> bits;
            destination[written++] = (byte)((pending << (8 - bits)) | padding);
        }

        return written;
    }

    /// <summary>The most octets decoding <paramref name="encodedLength"/> octets can produce (shortest code: 5 bits).</summary>
    public static int GetMaxDecodedLength(int encodedLength) => (int)(((long)encodedLength * 8) / 5);

    /// <summary>
    /// Decodes <paramref name="source"/> into <paramref name="destination"/>, which holds at least
    /// <see cref="GetMaxDecodedLength"/> octets, and returns the decoded length. Throws a COMPRESSION_ERROR for the
    /// EOS symbol, for padding longer than 7 bits and for padding that is not all ones (RFC 7541 §5.2).
    /// </summary>
    public static int Decode(ReadOnlySpan<byte> source, Span<byte> destination)
    {
        byte[] lengths = HpackHuffmanTable.Lengths;
        ulong[] limits = HpackHuffmanTable.LeftAlignedLimit;
        uint[] firstCode = HpackHuffmanTable.FirstCode;
        int[] firstSymbol = HpackHuffmanTable.FirstSymbol;
        ushort[] symbols = HpackHuffmanTable.SortedSymbols;

        // Unconsumed bits sit left-aligned in 'pending'; the bits below them are zero.
        ulong pending = 0;
        int bits = 0;
        int position = 0;
        int written = 0;
        while (true)
        {
            while (bits <= 56 && position < source.Length)
            {
                // Stryker disable once Assignment : the bits below the pending ones are zero, so ^= sets the same bits as |=.
                pending |= (ulong)source[position++] << (56 - bits);
                bits += 8;
            }

            if (bits == 0)
            {
                return written;
            }

            // The longest code is 30 bits, so the top 32 bits always decide the next code. The last limit is 2^32,
            // above any window, so the scan stops.
            // Stryker disable once Bitwise : pending is unsigned, so >>> is the same shift.
            ulong window = pending >> 32;
            int slot = 0;
            while (window >= limits[slot])
            {
                slot++;
            }

            int length = lengths[slot];
            if (length > bits)
            {
                // No whole code is left: what remains is padding. No code of 7 bits or fewer is all ones, so a
                // valid padding always lands here.
                if (bits > 7)
                {
                    HpackError.Throw("HPACK Huffman padding longer than 7 bits");
                }

                ulong mask = ~0UL << (64 - bits);
                if ((pending & mask) != mask)
                {
                    HpackError.Throw("HPACK Huffman padding is not the EOS prefix (all ones)");
                }

                return written;
            }

            // Stryker disable once Bitwise : window is unsigned, so >>> is the same shift.
            int symbol = symbols[firstSymbol[slot] + (int)((uint)(window >> (32 - length)) - firstCode[slot])];
            if (symbol == HpackHuffmanTable.Eos)
            {
                HpackError.Throw("HPACK Huffman string contains EOS");
            }

            destination[written++] = (byte)symbol;
            pending <<= length;
            bits -= length;
        }
    }
}
