using System;
using System.Collections.Generic;

namespace Ht2.Tests.Frames;

/// <summary>
/// The hand-written SETTINGS code: the value rules of RFC 9113 §6.5.2, RFC 8441 §3 and RFC 9218 §2.1 on both sides of
/// each bound, the reason each rule gives, the entry writer's destination check, and the entry walk.
/// </summary>
public sealed class SettingsEntryRulesTests
{
    [Theory]
    [InlineData(SettingsParameter.EnablePush, 1u)]
    [InlineData(SettingsParameter.EnablePush, 0u)]
    [InlineData(SettingsParameter.EnableConnectProtocol, 0u)]
    [InlineData(SettingsParameter.EnableConnectProtocol, 1u)]
    [InlineData(SettingsParameter.NoRfc7540Priorities, 0u)]
    [InlineData(SettingsParameter.NoRfc7540Priorities, 1u)]
    [InlineData(SettingsParameter.InitialWindowSize, 0x7FFF_FFFFu)]
    [InlineData(SettingsParameter.MaxFrameSize, 16_384u)]
    [InlineData(SettingsParameter.MaxFrameSize, 16_777_215u)]
    [InlineData(SettingsParameter.HeaderTableSize, uint.MaxValue)]
    [InlineData(SettingsParameter.MaxConcurrentStreams, uint.MaxValue)]
    [InlineData(SettingsParameter.MaxHeaderListSize, uint.MaxValue)]
    [InlineData((SettingsParameter)0x7, uint.MaxValue)]
    [InlineData((SettingsParameter)0xFFFF, uint.MaxValue)]
    public void Legal_values_pass(SettingsParameter parameter, uint value)
    {
        FrameError error = SettingsFrame.ValidateEntry(new SettingsEntry(parameter, value));
        Assert.False(error.IsError);
        Assert.Null(error.Reason);
    }

    [Theory]
    [InlineData(SettingsParameter.EnablePush, 2u, Http2ErrorCode.ProtocolError, "SETTINGS_ENABLE_PUSH")]
    [InlineData(SettingsParameter.EnableConnectProtocol, 2u, Http2ErrorCode.ProtocolError, "SETTINGS_ENABLE_CONNECT_PROTOCOL")]
    [InlineData(SettingsParameter.EnableConnectProtocol, uint.MaxValue, Http2ErrorCode.ProtocolError, "SETTINGS_ENABLE_CONNECT_PROTOCOL")]
    [InlineData(SettingsParameter.NoRfc7540Priorities, 2u, Http2ErrorCode.ProtocolError, "SETTINGS_NO_RFC7540_PRIORITIES")]
    [InlineData(SettingsParameter.InitialWindowSize, 0x8000_0000u, Http2ErrorCode.FlowControlError, "SETTINGS_INITIAL_WINDOW_SIZE")]
    [InlineData(SettingsParameter.MaxFrameSize, 16_383u, Http2ErrorCode.ProtocolError, "SETTINGS_MAX_FRAME_SIZE")]
    [InlineData(SettingsParameter.MaxFrameSize, 16_777_216u, Http2ErrorCode.ProtocolError, "SETTINGS_MAX_FRAME_SIZE")]
    public void Illegal_values_are_connection_errors_naming_the_parameter(SettingsParameter parameter, uint value, Http2ErrorCode code, string name)
    {
        FrameError error = SettingsFrame.ValidateEntry(new SettingsEntry(parameter, value));
        Assert.True(error.IsError);
        Assert.Equal(code, error.Code);
        Assert.Equal(ErrorScope.Connection, error.Scope);
        Assert.Equal(0u, error.StreamId);
        Assert.Contains(name, error.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void Parsing_reports_the_first_illegal_entry_after_legal_ones()
    {
        // SETTINGS, 18 bytes: HEADER_TABLE_SIZE 0, ENABLE_CONNECT_PROTOCOL 2 (illegal), INITIAL_WINDOW_SIZE 2^31 (illegal).
        byte[] wire =
        {
            0x00, 0x00, 0x12, 0x04, 0x00, 0x00, 0x00, 0x00, 0x00,
            0x00, 0x01, 0x00, 0x00, 0x00, 0x00,
            0x00, 0x08, 0x00, 0x00, 0x00, 0x02,
            0x00, 0x04, 0x80, 0x00, 0x00, 0x00,
        };

        FrameError error = FrameBytes.ParseError<SettingsFrame>(wire);
        Assert.Equal(Http2ErrorCode.ProtocolError, error.Code);
        Assert.Contains("SETTINGS_ENABLE_CONNECT_PROTOCOL", error.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void WriteEntries_fills_a_destination_of_exactly_the_entries_size()
    {
        SettingsEntry[] entries =
        {
            new(SettingsParameter.MaxConcurrentStreams, 0x0102_0304),
            new(SettingsParameter.NoRfc7540Priorities, 1),
        };
        byte[] destination = new byte[12];
        Assert.Equal(12, SettingsFrame.WriteEntries(destination, entries));
        Assert.Equal(new byte[] { 0x00, 0x03, 0x01, 0x02, 0x03, 0x04, 0x00, 0x09, 0x00, 0x00, 0x00, 0x01 }, destination);
    }

    [Fact]
    public void WriteEntries_into_a_destination_one_byte_short_throws_and_writes_nothing()
    {
        SettingsEntry[] entries = { new(SettingsParameter.EnablePush, 0), new(SettingsParameter.MaxFrameSize, 16_384) };
        byte[] destination = new byte[11];
        Array.Fill(destination, (byte)0xEE);

        ArgumentException thrown = Assert.Throws<ArgumentException>(() => SettingsFrame.WriteEntries(destination, entries));
        Assert.Equal("destination", thrown.ParamName);
        Assert.Contains("too small for the SETTINGS entries", thrown.Message, StringComparison.Ordinal);
        Assert.All(destination, b => Assert.Equal(0xEE, b));
    }

    [Fact]
    public void WriteEntries_of_no_entries_writes_nothing() =>
        Assert.Equal(0, SettingsFrame.WriteEntries(Span<byte>.Empty, ReadOnlySpan<SettingsEntry>.Empty));

    [Theory]
    [InlineData(0, 0)]
    [InlineData(5, 0)]
    [InlineData(6, 1)]
    [InlineData(7, 1)]
    [InlineData(11, 1)]
    [InlineData(12, 2)]
    public void Entries_walks_whole_entries_and_ignores_a_trailing_partial_one(int length, int count)
    {
        // Entry i is parameter i+1 with value 0x0A0B0C00 + i; the bytes after the last whole entry are 0xFF.
        byte[] payload = new byte[length];
        Array.Fill(payload, (byte)0xFF);
        for (int i = 0; i < length / 6; i++)
        {
            byte[] entry = { 0x00, (byte)(i + 1), 0x0A, 0x0B, 0x0C, (byte)i };
            entry.CopyTo(payload, i * 6);
        }

        List<SettingsEntry> read = new();
        foreach (SettingsEntry entry in SettingsFrame.Entries(payload))
        {
            // An enumerator that stops advancing would loop here for ever: no payload of this test has 3 entries.
            Assert.True(read.Count < 3, "The enumerator yields entries without end.");
            read.Add(entry);
        }

        Assert.Equal(count, read.Count);
        for (int i = 0; i < count; i++)
        {
            Assert.Equal(new SettingsEntry((SettingsParameter)(i + 1), 0x0A0B_0C00u + (uint)i), read[i]);
        }
    }

    [Fact]
    public void A_new_enumerator_has_no_current_entry_and_stops_at_once_on_nothing()
    {
        SettingsEntryEnumerator enumerator = SettingsFrame.Entries(ReadOnlySpan<byte>.Empty);
        Assert.Equal(default, enumerator.Current);
        Assert.False(enumerator.MoveNext());
        Assert.False(enumerator.MoveNext());
    }
}
