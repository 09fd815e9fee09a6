using System;

namespace Ht2.Tests.Frames;

/// <summary>
/// The one-pass SETTINGS entry writer the MultiFrameWriter uses: it checks each entry with the frame's rules as it
/// writes it and stops at the first refused one. Expected bytes by hand from RFC 9113 §6.5.1 (identifier 16 bits,
/// value 32 bits, big-endian) and the ranges of §6.5.2.
/// </summary>
public class SettingsValidEntriesTests
{
    private const byte Untouched = 0xEE;

    [Fact]
    public void Valid_entries_are_written_big_endian_in_order_and_nothing_after_them()
    {
        SettingsEntry[] entries =
        {
            new(SettingsParameter.HeaderTableSize, 0x01020304),
            new(SettingsParameter.MaxFrameSize, 16_777_215),
        };
        byte[] destination = Filled(14);

        Assert.Equal(-1, SettingsFrame.WriteValidEntries(destination, entries));

        Assert.Equal(new byte[]
        {
            0x00, 0x01, 0x01, 0x02, 0x03, 0x04, // HEADER_TABLE_SIZE 0x01020304
            0x00, 0x05, 0x00, 0xFF, 0xFF, 0xFF, // MAX_FRAME_SIZE 2^24-1, the largest allowed
            Untouched, Untouched,
        }, destination);
    }

    [Fact]
    public void No_entries_write_nothing_and_pass()
    {
        byte[] destination = Filled(3);
        Assert.Equal(-1, SettingsFrame.WriteValidEntries(destination, ReadOnlySpan<SettingsEntry>.Empty));
        Assert.Equal(Filled(3), destination);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(2)]
    public void The_first_refused_entry_is_reported_by_index_and_its_slot_and_later_ones_stay_unwritten(int refused)
    {
        SettingsEntry[] entries =
        {
            new(SettingsParameter.EnablePush, 1),
            new(SettingsParameter.InitialWindowSize, 0x7FFF_FFFF),
            new(SettingsParameter.MaxConcurrentStreams, 7),
        };
        // ENABLE_PUSH 2, INITIAL_WINDOW_SIZE 2^31, MAX_FRAME_SIZE 16383: each one past its range (§6.5.2).
        entries[refused] = refused switch
        {
            0 => new(SettingsParameter.EnablePush, 2),
            1 => new(SettingsParameter.InitialWindowSize, 0x8000_0000),
            _ => new(SettingsParameter.MaxFrameSize, 16_383),
        };
        byte[] destination = Filled(18);

        Assert.Equal(refused, SettingsFrame.WriteValidEntries(destination, entries));

        byte[] expected = Filled(18);
        byte[] written =
        {
            0x00, 0x02, 0x00, 0x00, 0x00, 0x01, // ENABLE_PUSH 1
            0x00, 0x04, 0x7F, 0xFF, 0xFF, 0xFF, // INITIAL_WINDOW_SIZE 2^31-1, the largest allowed
        };
        Array.Copy(written, expected, refused * SettingsEntry.Size);
        Assert.Equal(expected, destination);
    }

    [Theory]
    [InlineData(0, 1)]
    [InlineData(5, 1)]
    [InlineData(11, 2)]
    public void A_destination_short_of_six_bytes_per_entry_is_refused_before_anything_is_written(int length, int entryCount)
    {
        SettingsEntry[] entries = new SettingsEntry[entryCount];
        Array.Fill(entries, new SettingsEntry(SettingsParameter.EnablePush, 0));
        byte[] destination = Filled(length);

        ArgumentException e = Assert.Throws<ArgumentException>(() => SettingsFrame.WriteValidEntries(destination, entries));

        Assert.Equal("destination", e.ParamName);
        Assert.Equal(Filled(length), destination);
    }

    [Fact]
    public void The_refusal_message_names_the_value_the_parameter_and_the_rule()
    {
        ArgumentException e = Assert.Throws<ArgumentException>(
            () => SettingsFrame.ThrowEntryOutOfRange(new SettingsEntry(SettingsParameter.EnablePush, 2), "entries"));

        Assert.Equal("entries", e.ParamName);
        Assert.StartsWith("SETTINGS value 2 for EnablePush is out of range: ", e.Message);
    }

    private static byte[] Filled(int length)
    {
        byte[] bytes = new byte[length];
        Array.Fill(bytes, Untouched);
        return bytes;
    }
}
