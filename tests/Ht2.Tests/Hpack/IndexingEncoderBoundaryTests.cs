using System;
using static Ht2.Tests.Hpack.HpackTestKit;

namespace Ht2.Tests.Hpack;

// HpackIndexingEncoder at its boundaries; expected octets worked out by hand from RFC 7541 §5.1, §6.2 and §6.3.
public class IndexingEncoderBoundaryTests
{
    [Theory]
    [InlineData(-1)]
    [InlineData(HpackIndexingEncoder.MaxTableSizeCap + 1)]
    public void TableSizeOutsideZeroToTheCap_IsRejected(int size)
    {
        Assert.Equal("maxTableSize", Assert.Throws<ArgumentOutOfRangeException>(() => new HpackIndexingEncoder(size)).ParamName);
    }

    [Fact]
    public void TableSizesZeroAndTheCap_AreAccepted()
    {
        // Cap 0: the first block signals size 0 (20). Cap 65536: the peer's default 4096 is in force, nothing to signal.
        byte[] prefix = new byte[HpackIndexingEncoder.MaxBlockPrefixLength];
        Assert.Equal(1, new HpackIndexingEncoder(0).BeginBlock(prefix));
        Assert.Equal(0x20, prefix[0]);
        Assert.Equal(0, new HpackIndexingEncoder(HpackIndexingEncoder.MaxTableSizeCap).BeginBlock(prefix));
    }

    [Fact]
    public void BeginBlock_WithTooLittleRoom_NamesTheDestinationAndTheRoomNeeded()
    {
        // 1000 = 31 + 969 takes three octets (3F C9 07).
        HpackIndexingEncoder encoder = new();
        encoder.SetPeerTableSizeLimit(1000);
        ArgumentException error = Assert.Throws<ArgumentException>(() => encoder.BeginBlock(new byte[2]));
        Assert.Equal("destination", error.ParamName);
        Assert.Contains($"at least {HpackIndexingEncoder.MaxBlockPrefixLength} octets", error.Message);

        byte[] exact = new byte[3];
        Assert.Equal(3, encoder.BeginBlock(exact));
        Assert.Equal(Hex("3FC907"), exact);
    }

    [Theory]
    [InlineData(3037, 0x40, 1)] // 3 + 3037 + 32 = 3072, exactly three quarters of 4096: indexed
    [InlineData(3038, 0x00, 0)] // 3073: a literal without indexing
    public void AnEntryOfThreeQuartersOfTheTable_IsStillIndexed(int valueLength, byte firstOctet, int entries)
    {
        HpackIndexingEncoder encoder = new();
        byte[] buffer = new byte[4096];
        Assert.True(encoder.TryEncodeHeader("x-a"u8, new byte[valueLength].AsSpan(), buffer, out int written));

        // Value length 3037 = 127 + 2910: 7F, 2910 = 0x5E | 0x80, 22 → 7F DE 16; 3038 → 7F DF 16.
        string lengthHex = valueLength == 3037 ? "7FDE16" : "7FDF16";
        Assert.Equal(Hex(firstOctet.ToString("X2", System.Globalization.CultureInfo.InvariantCulture) + "03782D61" + lengthHex), buffer.AsSpan(0, 8).ToArray());
        Assert.Equal(8 + valueLength, written);
        Assert.Equal(entries, encoder.EntryCount);
    }

    [Fact]
    public void Age_IsNeverIndexed()
    {
        // age is static entry 21: 0000 1111 + 6 (21 - 15) names it in a literal without indexing; 02 "60".
        HpackIndexingEncoder encoder = new();
        byte[] buffer = new byte[16];
        Assert.True(encoder.TryEncodeHeader("age"u8, "60"u8, buffer, out int written));
        Assert.Equal(Hex("0F06 02 3630"), buffer.AsSpan(0, written).ToArray());
        Assert.Equal(0, encoder.EntryCount);
    }

    [Fact]
    public void RaisingTheLimitAgain_KeepsTheEntries()
    {
        // 100, then 2000 before a block: the block signals 100 (3F 45) and 2000 (3F B1 0F). An entry of
        // 3 + 100 + 32 = 135 goes in. Raising to 3000 later must not signal anything below the 2000 in force.
        HpackIndexingEncoder encoder = new();
        encoder.SetPeerTableSizeLimit(100);
        encoder.SetPeerTableSizeLimit(2000);
        byte[] prefix = new byte[HpackIndexingEncoder.MaxBlockPrefixLength];
        int length = encoder.BeginBlock(prefix);
        Assert.Equal(Hex("3F45 3FB10F"), prefix.AsSpan(0, length).ToArray());

        byte[] value = new byte[100];
        byte[] buffer = new byte[256];
        Assert.True(encoder.TryEncodeHeader("x-a"u8, value, buffer, out _));
        Assert.Equal(1, encoder.EntryCount);

        encoder.SetPeerTableSizeLimit(3000);
        encoder.BeginBlock(prefix);
        Assert.Equal(3000, encoder.TableSize);
        Assert.Equal(1, encoder.EntryCount);

        // The entry is still index 62: one octet BE.
        Assert.True(encoder.TryEncodeHeader("x-a"u8, value, buffer, out int written));
        Assert.Equal(Hex("BE"), buffer.AsSpan(0, written).ToArray());
    }
}
