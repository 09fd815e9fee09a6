using System;
using System.Collections.Generic;
using System.Text;

namespace Ht2.Tests.Hpack;

// The encoder never indexes, so this test writes blocks by hand that do: incremental-indexing literals with new
// names and with names taken from dynamic entries (including ones the insertion evicts), indexed references and
// size updates, and holds the decoder to a plain list model of RFC 7541 §4.
public class DynamicTableModelTests
{
    private sealed class Model
    {
        public readonly List<(string Name, string Value)> Entries = new(); // newest first
        public int MaxSize;

        public int Size
        {
            get
            {
                int size = 0;
                foreach ((string name, string value) in Entries)
                {
                    size += name.Length + value.Length + 32;
                }

                return size;
            }
        }

        public void Evict(int target)
        {
            while (Size > target)
            {
                Entries.RemoveAt(Entries.Count - 1);
            }
        }

        public void Add(string name, string value)
        {
            int size = name.Length + value.Length + 32;
            if (size > MaxSize)
            {
                Entries.Clear();
                return;
            }

            Evict(MaxSize - size);
            Entries.Insert(0, (name, value));
        }
    }

    [Theory]
    [InlineData(11, 256)]
    [InlineData(12, 4096)]
    [InlineData(13, 100)]
    public void DecoderMatchesTheModel(int seed, int settingsSize)
    {
        Random random = new(seed);
        HpackDecoder decoder = new(maxHeaderTableSize: settingsSize);
        Model model = new() { MaxSize = settingsSize };
        for (int round = 0; round < 400; round++)
        {
            List<byte> block = new();
            List<(string, string)> expected = new();
            if (random.Next(10) == 0)
            {
                int size = random.Next(settingsSize + 1);
                WriteInteger(block, size, 5, 0x20);
                model.MaxSize = size;
                model.Evict(size);
            }

            int fields = random.Next(1, 8);
            for (int i = 0; i < fields; i++)
            {
                int kind = random.Next(4);
                if (kind == 0 && model.Entries.Count > 0)
                {
                    int age = random.Next(model.Entries.Count);
                    WriteInteger(block, 62 + age, 7, 0x80);
                    expected.Add(model.Entries[age]);
                }
                else if (kind == 1 && model.Entries.Count > 0)
                {
                    // Name from a dynamic entry, often the oldest: the insertion may evict the very entry named.
                    int age = random.Next(2) == 0 ? model.Entries.Count - 1 : random.Next(model.Entries.Count);
                    string name = model.Entries[age].Name;
                    string value = RandomText(random);
                    WriteInteger(block, 62 + age, 6, 0x40);
                    WriteString(block, value, random);
                    expected.Add((name, value));
                    model.Add(name, value);
                }
                else
                {
                    string name = "n" + RandomText(random);
                    string value = RandomText(random);
                    block.Add(0x40);
                    WriteString(block, name, random);
                    WriteString(block, value, random);
                    expected.Add((name, value));
                    model.Add(name, value);
                }
            }

            Assert.Equal(expected, HpackTestKit.Decode(decoder, block.ToArray()));
            HpackTestKit.AssertTable(decoder, model.Size, model.Entries.ToArray());
        }
    }

    private static string RandomText(Random random)
    {
        char[] text = new char[random.Next(0, random.Next(4) == 0 ? 120 : 20)];
        for (int i = 0; i < text.Length; i++)
        {
            text[i] = (char)random.Next(0x61, 0x7B);
        }

        return new string(text);
    }

    // RFC 7541 §5.1, written out here so that the blocks never come from the encoder under test.
    private static void WriteInteger(List<byte> block, int value, int prefixBits, byte flags)
    {
        int max = (1 << prefixBits) - 1;
        if (value < max)
        {
            block.Add((byte)(flags | value));
            return;
        }

        block.Add((byte)(flags | max));
        value -= max;
        while (value >= 128)
        {
            block.Add((byte)((value % 128) + 128));
            value /= 128;
        }

        block.Add((byte)value);
    }

    // The Huffman codes of 'a'..'z' (RFC 7541 Appendix B), the only octets RandomText produces.
    private static readonly (uint Code, int Bits)[] LowercaseCodes =
    [
        (0x3, 5), (0x23, 6), (0x4, 5), (0x24, 6), (0x5, 5), (0x25, 6), (0x26, 6), (0x27, 6), (0x6, 5), (0x74, 7),
        (0x75, 7), (0x28, 6), (0x29, 6), (0x2a, 6), (0x7, 5), (0x2b, 6), (0x76, 7), (0x2c, 6), (0x8, 5), (0x9, 5),
        (0x2d, 6), (0x77, 7), (0x78, 7), (0x79, 7), (0x7a, 7), (0x7b, 7),
    ];

    private static byte[] HuffmanLowercase(string text)
    {
        List<byte> output = new();
        ulong pending = 0;
        int bits = 0;
        foreach (char c in text)
        {
            (uint code, int length) = LowercaseCodes[c - 'a'];
            pending = (pending << length) | code;
            bits += length;
            while (bits >= 8)
            {
                bits -= 8;
                output.Add((byte)(pending >> bits));
            }
        }

        if (bits > 0)
        {
            // Pad with the most significant bits of EOS: all ones (§5.2).
            output.Add((byte)((pending << (8 - bits)) | (0xFFu >> bits)));
        }

        return output.ToArray();
    }

    private static void WriteString(List<byte> block, string text, Random random)
    {
        byte[] raw = Encoding.ASCII.GetBytes(text);
        if (random.Next(2) == 0)
        {
            byte[] huffman = HuffmanLowercase(text);
            WriteInteger(block, huffman.Length, 7, 0x80);
            block.AddRange(huffman);
        }
        else
        {
            WriteInteger(block, raw.Length, 7, 0);
            block.AddRange(raw);
        }
    }
}
