using System;

namespace Ht2;

/// <summary>
/// The Huffman code of RFC 7541 Appendix B. The code is canonical (codes of one length are consecutive and ordered
/// by symbol, shorter codes sort first), so the code lengths alone define it; the codes and the decoding tables are
/// derived from <see cref="CodeLengths"/> once, at type initialisation.
/// </summary>
internal static class HpackHuffmanTable
{
    /// <summary>The end-of-string symbol; a decoder must never see it (RFC 7541 §5.2).</summary>
    public const int Eos = 256;

    /// <summary>Bit length of the code for each symbol 0..256, transcribed from RFC 7541 Appendix B.</summary>
    public static ReadOnlySpan<byte> CodeLengths =>
    [
        13, 23, 28, 28, 28, 28, 28, 28, 28, 24, 30, 28, 28, 30, 28, 28,  // 0-15
        28, 28, 28, 28, 28, 28, 30, 28, 28, 28, 28, 28, 28, 28, 28, 28,  // 16-31
        6, 10, 10, 12, 13, 6, 8, 11, 10, 10, 8, 11, 8, 6, 6, 6,          // 32-47   ' ' .. '/'
        5, 5, 5, 6, 6, 6, 6, 6, 6, 6, 7, 8, 15, 6, 12, 10,               // 48-63   '0' .. '?'
        13, 6, 7, 7, 7, 7, 7, 7, 7, 7, 7, 7, 7, 7, 7, 7,                 // 64-79   '@' .. 'O'
        7, 7, 7, 7, 7, 7, 7, 7, 8, 7, 8, 13, 19, 13, 14, 6,              // 80-95   'P' .. '_'
        15, 5, 6, 5, 6, 5, 6, 6, 6, 5, 7, 7, 6, 6, 6, 5,                 // 96-111  '`' .. 'o'
        6, 7, 6, 5, 5, 6, 7, 7, 7, 7, 7, 15, 11, 14, 13, 28,             // 112-127 'p' .. DEL
        20, 22, 20, 20, 22, 22, 22, 23, 22, 23, 23, 23, 23, 23, 24, 23,  // 128-143
        24, 24, 22, 23, 24, 23, 23, 23, 23, 21, 22, 23, 22, 23, 23, 24,  // 144-159
        22, 21, 20, 22, 22, 23, 23, 21, 23, 22, 22, 24, 21, 22, 23, 23,  // 160-175
        21, 21, 22, 21, 23, 22, 23, 23, 20, 22, 22, 22, 23, 22, 22, 23,  // 176-191
        26, 26, 20, 19, 22, 23, 22, 25, 26, 26, 26, 27, 27, 26, 24, 25,  // 192-207
        19, 21, 26, 27, 27, 26, 27, 24, 21, 21, 26, 26, 28, 27, 27, 27,  // 208-223
        20, 24, 20, 21, 22, 21, 21, 23, 22, 22, 25, 25, 24, 24, 26, 23,  // 224-239
        26, 27, 26, 26, 27, 27, 27, 27, 27, 28, 27, 27, 27, 27, 27, 26,  // 240-255
        30,                                                              // 256 EOS
    ];

    /// <summary>Right-aligned code of each symbol 0..256.</summary>
    public static readonly uint[] Codes = new uint[257];

    /// <summary>Symbols ordered by (code length, symbol): the order canonical codes are assigned in.</summary>
    internal static readonly ushort[] SortedSymbols = new ushort[257];

    /// <summary>The distinct code lengths, ascending.</summary>
    internal static readonly byte[] Lengths;

    /// <summary>Per distinct length: the first (smallest) right-aligned code of that length.</summary>
    internal static readonly uint[] FirstCode;

    /// <summary>Per distinct length: index in <see cref="SortedSymbols"/> of the symbol with the first code.</summary>
    internal static readonly int[] FirstSymbol;

    /// <summary>
    /// Per distinct length: one past the last code of that length, left-aligned in 32 bits. A left-aligned window of
    /// input bits starts with a code of the first length whose limit exceeds the window.
    /// </summary>
    internal static readonly ulong[] LeftAlignedLimit;

    static HpackHuffmanTable()
    {
        ReadOnlySpan<byte> lengths = CodeLengths;
        int distinct = 0;
        int sorted = 0;
        for (int length = 1; length <= 30; length++)
        {
            // Stryker disable once Boolean : counting a length no code has only adds unused slots after the last one, whose limit (2^32) stops every scan before them.
            bool any = false;
            for (int symbol = 0; symbol <= Eos; symbol++)
            {
                if (lengths[symbol] == length)
                {
                    SortedSymbols[sorted++] = (ushort)symbol;
                    any = true;
                }
            }

            // Stryker disable once Conditional : counting a length no code has only adds unused slots after the last one, whose limit (2^32) stops every scan before them.
            distinct += any ? 1 : 0;
        }

        Lengths = new byte[distinct];
        FirstCode = new uint[distinct];
        FirstSymbol = new int[distinct];
        LeftAlignedLimit = new ulong[distinct];

        // Canonical assignment: each code is the previous one plus one, shifted left when the length grows.
        uint code = 0;
        int previousLength = lengths[SortedSymbols[0]];
        int slot = -1;
        for (int i = 0; i < SortedSymbols.Length; i++)
        {
            int symbol = SortedSymbols[i];
            int length = lengths[symbol];
            code <<= length - previousLength;
            previousLength = length;
            if (slot < 0 || Lengths[slot] != length)
            {
                slot++;
                Lengths[slot] = (byte)length;
                FirstCode[slot] = code;
                FirstSymbol[slot] = i;
            }

            Codes[symbol] = code;
            code++;
            LeftAlignedLimit[slot] = (ulong)code << (32 - length);
        }
    }
}
