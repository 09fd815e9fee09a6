using System;
using System.Collections.Generic;
using System.Text;

namespace Ht2.Tests.Hpack;

// Drives HpackDynamicTable directly with names taken from its own entries, so that eviction, in-place compaction and
// buffer growth all happen while the name being re-added lives in the buffer that is being rearranged.
public class DynamicTableBufferTests
{
    [Fact]
    public void NameOfTheEntryBeingEvictedSurvivesAnInPlaceCompaction()
    {
        // Worked layout, limit 300: X at [0,1), A = "aaaaaaaaaa" + 140 at [1,151), B = "b" + 9 at [151,161); buffer
        // 256. Re-adding A's name with 100 octets evicts X and A and needs compaction. Sliding only the live bytes (B)
        // to the front would overwrite A's name at [1,11) before it is copied.
        HpackDynamicTable table = new(300);
        table.Add("x"u8, ""u8);
        table.Add("aaaaaaaaaa"u8, Encoding.ASCII.GetBytes(new string('1', 140)));
        table.Add("b"u8, "999999999"u8);
        Assert.Equal(256, table.ByteCapacity);

        table.Get(2, out ReadOnlySpan<byte> name, out _);
        table.Add(name, Encoding.ASCII.GetBytes(new string('2', 100)));

        Assert.Equal(2, table.Count);
        table.Get(1, out ReadOnlySpan<byte> newName, out ReadOnlySpan<byte> newValue);
        Assert.Equal("aaaaaaaaaa", Encoding.ASCII.GetString(newName));
        Assert.Equal(new string('2', 100), Encoding.ASCII.GetString(newValue));
        table.Get(2, out ReadOnlySpan<byte> oldName, out ReadOnlySpan<byte> oldValue);
        Assert.Equal(("b", "999999999"), (Encoding.ASCII.GetString(oldName), Encoding.ASCII.GetString(oldValue)));
        Assert.Equal(10 + 100 + 32 + 1 + 9 + 32, table.Size);
    }

    [Theory]
    [InlineData(21, 300)]
    [InlineData(22, 1000)]
    [InlineData(23, 4096)]
    public void NamesReferencingEvictedEntriesSurviveCompaction(int seed, int maxSize)
    {
        Random random = new(seed);
        HpackDynamicTable table = new(maxSize);
        List<(string Name, string Value)> model = new();
        int modelSize = 0;
        for (int i = 0; i < 5000; i++)
        {
            string value = new('v', random.Next(0, random.Next(3) == 0 ? maxSize / 2 : 16));
            string name;
            if (model.Count > 0 && random.Next(4) != 0)
            {
                int age = random.Next(2) == 0 ? model.Count - 1 : random.Next(model.Count);
                table.Get(age + 1, out ReadOnlySpan<byte> tableName, out _);
                name = model[age].Name;
                Assert.Equal(name, Encoding.ASCII.GetString(tableName));
                table.Add(tableName, Encoding.ASCII.GetBytes(value));
            }
            else
            {
                name = "n" + i.ToString(System.Globalization.CultureInfo.InvariantCulture) + new string('k', random.Next(0, maxSize / 3));
                table.Add(Encoding.ASCII.GetBytes(name), Encoding.ASCII.GetBytes(value));
            }

            int size = name.Length + value.Length + 32;
            if (size > maxSize)
            {
                model.Clear();
                modelSize = 0;
            }
            else
            {
                while (modelSize + size > maxSize)
                {
                    (string n, string v) = model[^1];
                    modelSize -= n.Length + v.Length + 32;
                    model.RemoveAt(model.Count - 1);
                }

                model.Insert(0, (name, value));
                modelSize += size;
            }

            Assert.Equal(model.Count, table.Count);
            Assert.Equal(modelSize, table.Size);
            for (int age = 0; age < model.Count; age++)
            {
                table.Get(age + 1, out ReadOnlySpan<byte> n, out ReadOnlySpan<byte> v);
                Assert.Equal(model[age], (Encoding.ASCII.GetString(n), Encoding.ASCII.GetString(v)));
            }
        }

        // The buffer stays within twice the limit: growth follows content, not the number of insertions.
        Assert.True(table.ByteCapacity <= Math.Max(256, 2 * maxSize), $"capacity {table.ByteCapacity}");
    }
}
