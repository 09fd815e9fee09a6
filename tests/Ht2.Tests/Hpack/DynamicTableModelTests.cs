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

    private static void WriteInteger(List<byte> block, int value, int prefixBits, byte flags)
    {
        byte[] buffer = new byte[8];
        int written = HpackInteger.Encode(buffer, value, prefixBits, flags);
        block.AddRange(buffer.AsSpan(0, written).ToArray());
    }

    private static void WriteString(List<byte> block, string text, Random random)
    {
        byte[] raw = Encoding.ASCII.GetBytes(text);
        if (random.Next(2) == 0)
        {
            byte[] huffman = new byte[HpackHuffman.GetEncodedLength(raw)];
            HpackHuffman.Encode(raw, huffman);
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
