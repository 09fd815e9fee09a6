using System;

namespace Ht2;

/// <summary>
/// The prefixed integer representation of RFC 7541 §5.1: the value fills the low N bits of the first octet when it
/// fits, otherwise those bits are all ones and the rest follows in 7-bit groups, least significant first.
/// </summary>
internal static class HpackInteger
{
    /// <summary>Largest value the decoder accepts; anything larger cannot be a length or index of a real block.</summary>
    public const int MaxValue = int.MaxValue;

    /// <summary>Octets needed to encode <paramref name="value"/> (≥ 0) with an N-bit prefix.</summary>
    public static int GetEncodedLength(int value, int prefixBits)
    {
        int max = (1 << prefixBits) - 1;
        if (value < max)
        {
            return 1;
        }

        int length = 2;
        // Stryker disable once Assignment : rest is unsigned, so >>>= is the same shift.
        for (uint rest = (uint)(value - max); rest >= 0x80; rest >>= 7)
        {
            length++;
        }

        return length;
    }

    /// <summary>
    /// Writes <paramref name="value"/> with an N-bit prefix; <paramref name="firstByteFlags"/> supplies the
    /// representation bits above the prefix. The caller guarantees room for <see cref="GetEncodedLength"/> octets.
    /// </summary>
    public static int Encode(Span<byte> destination, int value, int prefixBits, byte firstByteFlags)
    {
        int max = (1 << prefixBits) - 1;
        if (value < max)
        {
            destination[0] = (byte)(firstByteFlags | value);
            return 1;
        }

        destination[0] = (byte)(firstByteFlags | max);
        int written = 1;
        uint rest = (uint)(value - max);
        while (rest >= 0x80)
        {
            destination[written++] = (byte)(rest | 0x80);

            // Stryker disable once Assignment : rest is unsigned, so >>>= is the same shift.
            rest >>= 7;
        }

        destination[written++] = (byte)rest;
        return written;
    }

    /// <summary>
    /// Reads an N-bit-prefix integer starting at <paramref name="position"/> and advances it. A block is decoded
    /// whole, so running out of input is an error, as is any value above <see cref="MaxValue"/>.
    /// </summary>
    public static int Decode(ReadOnlySpan<byte> source, ref int position, int prefixBits)
    {
        if ((uint)position >= (uint)source.Length)
        {
            HpackError.Throw("HPACK integer truncated");
        }

        int max = (1 << prefixBits) - 1;
        int value = source[position++] & max;
        if (value < max)
        {
            return value;
        }

        long total = value;
        for (int shift = 0; ; shift += 7)
        {
            // Five continuation octets carry 35 bits, more than any int; a sixth can only be padding or overflow.
            if (shift > 28)
            {
                HpackError.Throw("HPACK integer has too many continuation octets");
            }

            if (position >= source.Length)
            {
                HpackError.Throw("HPACK integer truncated");
            }

            byte b = source[position++];
            total += (long)(b & 0x7F) << shift;
            if (total > MaxValue)
            {
                HpackError.Throw("HPACK integer overflows");
            }

            if ((b & 0x80) == 0)
            {
                return (int)total;
            }
        }
    }
}
