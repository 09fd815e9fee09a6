using System;
using System.Text;

namespace Ht2.Tests.Hpack;

// The entry buffer's layout and growth rule (HpackDynamicTable's type comment): entries sit back to back; a buffer of
// less than max(256, 2 × MaxSize) octets grows when the bytes to keep plus the new entry fill more than half of it,
// to the larger of twice its size and twice that content (at least 256, at most the limit); otherwise the live bytes
// slide to the front. Every entry below is n name octets + v value octets (RFC 7541 §4.1 size n + v + 32), and each
// figure is worked out by hand in the comments.
public class DynamicTableGrowthTests
{
    private static byte[] Bytes(char c, int count) => Encoding.ASCII.GetBytes(new string(c, count));

    private static void AssertEntry(HpackDynamicTable table, int index, string name, string value)
    {
        table.Get(index, out ReadOnlySpan<byte> n, out ReadOnlySpan<byte> v);
        Assert.Equal((name, value), (Encoding.ASCII.GetString(n), Encoding.ASCII.GetString(v)));
    }

    [Fact]
    public void AnEntryThatEmptiesTheTable_StartsAtTheFrontWithoutGrowing()
    {
        // Limit 200 (growth limit 400). a: 1 + 99 octets (size 132) → first buffer max(256, 2 × 100) = 256, a at [0, 100).
        HpackDynamicTable table = new(200);
        table.Add("a"u8, Bytes('x', 99));
        Assert.Equal(256, table.ByteCapacity);

        // b: 1 + 159 (size 192) evicts a (132 + 192 > 200). With nothing live b starts at 0 and fits in 256; written
        // after a's dead bytes it would end at 260 and make the buffer grow.
        table.Add("b"u8, Bytes('y', 159));
        Assert.Equal(1, table.Count);
        Assert.Equal(192, table.Size);
        Assert.Equal(256, table.ByteCapacity);
        AssertEntry(table, 1, "b", new string('y', 159));
    }

    [Fact]
    public void AnEntryEndingExactlyAtTheEndOfTheBuffer_NeedsNoCompaction()
    {
        // Limit 4096. a: 1 + 99 at [0, 100) in a 256-octet buffer; b: 1 + 155 ends at exactly 256.
        HpackDynamicTable table = new(4096);
        table.Add("a"u8, Bytes('x', 99));
        table.Add("b"u8, Bytes('y', 155));

        Assert.Equal(256, table.ByteCapacity);
        Assert.Equal(2, table.Count);
        Assert.Equal(132 + 188, table.Size);
        AssertEntry(table, 1, "b", new string('y', 155));
        AssertEntry(table, 2, "a", new string('x', 99));
    }

    [Fact]
    public void ContentLargerThanTheBuffer_GrowsItToTwiceTheContent()
    {
        // Limit 4096 (growth limit 8192). Three entries of 100 octets: the third needs 300 > 256, so the buffer
        // becomes max(2 × 300, 2 × 256) = 600.
        HpackDynamicTable table = new(4096);
        table.Add("a"u8, Bytes('x', 99));
        table.Add("b"u8, Bytes('y', 99));
        Assert.Equal(256, table.ByteCapacity);
        table.Add("c"u8, Bytes('z', 99));

        Assert.Equal(600, table.ByteCapacity);
        Assert.Equal(3 * 132, table.Size);
        AssertEntry(table, 1, "c", new string('z', 99));
        AssertEntry(table, 2, "b", new string('y', 99));
        AssertEntry(table, 3, "a", new string('x', 99));
    }

    [Fact]
    public void ContentFillingMoreThanHalfTheBuffer_GrowsIt()
    {
        // Limit 300 (growth limit 600). a, b: 100 octets each (size 132) at [0, 200) of 256. c evicts a
        // (264 + 132 > 300); b (100) and c (100) make 200 > 256 / 2, so the buffer grows to max(400, 512) = 512.
        HpackDynamicTable table = new(300);
        table.Add("a"u8, Bytes('x', 99));
        table.Add("b"u8, Bytes('y', 99));
        table.Add("c"u8, Bytes('z', 99));

        Assert.Equal(512, table.ByteCapacity);
        Assert.Equal(2, table.Count);
        Assert.Equal(264, table.Size);
        AssertEntry(table, 1, "c", new string('z', 99));
        AssertEntry(table, 2, "b", new string('y', 99));
    }

    [Theory]
    [InlineData(48, 6)] // entries of 50 octets: the sixth keeps 50 + 50 = 100 < 128
    [InlineData(62, 5)] // entries of 64 octets: the fifth keeps 64 + 64 = 128, exactly half of 256
    public void ContentFillingAtMostHalfTheBuffer_SlidesToTheFront(int valueLength, int entries)
    {
        // Limit 200 (growth limit 400), entries "e1", "e2", … of 2 + valueLength octets; two fit at a time, so
        // each new one evicts the oldest and the write position walks along the 256-octet buffer:
        // 50-octet entries end at 50, 100, 150, 200, 250, and the sixth (300 > 256) slides the fifth to the front;
        // 64-octet entries end at 64, 128, 192, 256 (an exact fit), and the fifth slides the fourth to the front.
        HpackDynamicTable table = new(200);
        for (int i = 1; i <= entries; i++)
        {
            table.Add(Encoding.ASCII.GetBytes("e" + i), Bytes((char)('a' + i), valueLength));
            Assert.Equal(256, table.ByteCapacity);
        }

        Assert.Equal(2, table.Count);
        Assert.Equal(2 * (2 + valueLength + 32), table.Size);
        AssertEntry(table, 1, "e" + entries, new string((char)('a' + entries), valueLength));
        AssertEntry(table, 2, "e" + (entries - 1), new string((char)('a' + entries - 1), valueLength));
    }

    [Fact]
    public void NameAtOffsetZeroOfTheOnlyEntry_SurvivesGrowthWhenItsEntryIsEvicted()
    {
        // Limit 4096. "aaaa": "1" at [0, 5) of 256. Re-adding its name with 4030 octets (size 4066) evicts it
        // (37 + 4066 > 4096) and needs 4034 octets: the buffer grows, and the name at offset 0 must move with it.
        HpackDynamicTable table = new(4096);
        table.Add("aaaa"u8, "1"u8);
        table.Get(1, out ReadOnlySpan<byte> name, out _);
        table.Add(name, Bytes('v', 4030));

        Assert.Equal(1, table.Count);
        Assert.Equal(4 + 4030 + 32, table.Size);
        AssertEntry(table, 1, "aaaa", new string('v', 4030));
    }

    [Fact]
    public void NameAtOffsetZero_SurvivesAnInPlaceSlideOfTheEntriesAfterIt()
    {
        // Limit 1000 (growth limit 2000). x (1 + 899) grows the buffer to 2 × 900 = 1800; limit 0 and back to 1000
        // empties the table, so a ("aaaaaaaaaa" + 910 octets, size 952) starts at 0, then b ("b" + 9, size 42) at
        // [920, 930). Re-adding a's name with 870 octets (880, size 912) evicts a but not b. Keeping b alone would
        // slide its 10 octets over a's name at [0, 10); keeping from the name's offset 0 needs 930 + 880 = 1810 > 1800,
        // so the buffer grows to the limit 2000 instead.
        HpackDynamicTable table = new(1000);
        table.Add("x"u8, Bytes('x', 899));
        Assert.Equal(1800, table.ByteCapacity);
        table.SetMaxSize(0);
        table.SetMaxSize(1000);
        table.Add("aaaaaaaaaa"u8, Bytes('1', 910));
        table.Add("b"u8, "999999999"u8);

        table.Get(2, out ReadOnlySpan<byte> name, out _);
        table.Add(name, Bytes('2', 870));

        Assert.Equal(2000, table.ByteCapacity);
        Assert.Equal(2, table.Count);
        Assert.Equal(42 + 912, table.Size);
        AssertEntry(table, 1, "aaaaaaaaaa", new string('2', 870));
        AssertEntry(table, 2, "b", "999999999");
    }

    [Fact]
    public void ABufferAtItsLimit_SlidesInPlaceWithoutAllocating()
    {
        // Each table is brought to the same state; then one Add per round is measured (the first rounds may
        // include JIT work, so a round of 0 B is what the assertion asks for).
        HpackDynamicTable[] tables = new HpackDynamicTable[5];
        for (int i = 0; i < tables.Length; i++)
        {
            tables[i] = AtLimitWithNameNearTheEnd();
        }

        byte[] value = Bytes('v', 86);
        int round = 0;
        AllocationRounds.AssertSteadyStateAllocatesNothing(() =>
        {
            HpackDynamicTable table = tables[round++];
            table.Get(1, out ReadOnlySpan<byte> name, out _);
            table.Add(name, value);
        });

        for (int i = 0; i < round; i++)
        {
            Assert.Equal(256, tables[i].ByteCapacity);
            Assert.Equal(1, tables[i].Count);
            Assert.Equal(128, tables[i].Size);
            AssertEntry(tables[i], 1, "aaaaaaaaaa", new string('v', 86));
        }
    }

    // Limit 128, so the growth limit is 256 and the first buffer is already at it. e1..e4 (2 + 30, size 64) walk the
    // write position to 128; y ("y", size 33) evicts e3 and sits at [128, 129); a ("aaaaaaaaaa" + 53, size 95)
    // evicts e4 and sits at [129, 192). Re-adding a's name with 86 octets (size 128) then evicts y and a, keeps the
    // 63 octets from the name on and needs 96 more: 288 > 256, and 63 + 96 = 159 fits a buffer already at its limit,
    // so the bytes slide in place.
    private static HpackDynamicTable AtLimitWithNameNearTheEnd()
    {
        HpackDynamicTable table = new(128);
        for (int i = 1; i <= 4; i++)
        {
            table.Add(Encoding.ASCII.GetBytes("e" + i), Bytes('e', 30));
        }

        table.Add("y"u8, ""u8);
        table.Add("aaaaaaaaaa"u8, Bytes('a', 53));
        Assert.Equal(256, table.ByteCapacity);
        Assert.Equal(33 + 95, table.Size);
        AssertEntry(table, 1, "aaaaaaaaaa", new string('a', 53));
        AssertEntry(table, 2, "y", "");
        return table;
    }
}
