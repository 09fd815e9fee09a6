using System;
using System.Collections.Generic;

namespace Ht2.Tests.Frames;

public class SettingsFrameTests
{
    private static readonly byte[] ThreeEntries =
    {
        0x00, 0x00, 0x12, 0x04, 0x00, 0x00, 0x00, 0x00, 0x00,
        0x00, 0x01, 0x00, 0x00, 0x10, 0x00, // HEADER_TABLE_SIZE 4096
        0x00, 0x02, 0x00, 0x00, 0x00, 0x00, // ENABLE_PUSH 0
        0x00, 0x05, 0x00, 0x00, 0x40, 0x00, // MAX_FRAME_SIZE 16384
    };

    [Fact]
    public void Entries_are_written_from_a_span_and_read_back_in_order()
    {
        SettingsEntry[] entries =
        {
            new(SettingsParameter.HeaderTableSize, 4096),
            new(SettingsParameter.EnablePush, 0),
            new(SettingsParameter.MaxFrameSize, 16384),
        };
        Span<byte> variable = stackalloc byte[entries.Length * SettingsEntry.Size];
        Assert.Equal(18, SettingsFrame.WriteEntries(variable, entries));
        FrameAssert.RoundTrips(new SettingsFrame(), variable.ToArray(), ThreeEntries);

        FrameBytes.Parse<SettingsFrame>(ThreeEntries, out byte[] parsed);
        var read = new List<SettingsEntry>();
        foreach (SettingsEntry entry in SettingsFrame.Entries(parsed))
        {
            Assert.True(read.Count < 3, "The enumerator yields entries without end.");
            read.Add(entry);
        }

        Assert.Equal(entries, read);
    }

    [Fact]
    public void Ack_is_empty() =>
        FrameAssert.RoundTrips(new SettingsFrame { Flags = FrameFlags.Ack }, new byte[0],
            new byte[] { 0x00, 0x00, 0x00, 0x04, 0x01, 0x00, 0x00, 0x00, 0x00 });

    [Fact]
    public void Unknown_parameters_are_accepted()
    {
        byte[] wire = { 0x00, 0x00, 0x06, 0x04, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF };
        FrameBytes.Parse<SettingsFrame>(wire, out byte[] variable);
        Assert.Equal(6, variable.Length);
    }

    [Fact]
    public void Ack_with_payload_is_a_connection_frame_size_error() =>
        FrameAssert.Rejects<SettingsFrame>(
            new byte[] { 0x00, 0x00, 0x06, 0x04, 0x01, 0x00, 0x00, 0x00, 0x00, 0x00, 0x01, 0x00, 0x00, 0x10, 0x00 },
            Http2ErrorCode.FrameSizeError, ErrorScope.Connection);

    [Fact]
    public void Length_not_a_multiple_of_6_is_a_connection_frame_size_error() =>
        FrameAssert.Rejects<SettingsFrame>(
            new byte[] { 0x00, 0x00, 0x05, 0x04, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x01, 0x00, 0x00, 0x10 },
            Http2ErrorCode.FrameSizeError, ErrorScope.Connection);

    [Fact]
    public void Non_zero_stream_is_a_connection_protocol_error() =>
        FrameAssert.Rejects<SettingsFrame>(
            new byte[] { 0x00, 0x00, 0x00, 0x04, 0x00, 0x00, 0x00, 0x00, 0x01 },
            Http2ErrorCode.ProtocolError, ErrorScope.Connection);

    [Theory]
    [InlineData(0x02, 0x00000002u, Http2ErrorCode.ProtocolError)]     // ENABLE_PUSH not 0/1
    [InlineData(0x04, 0x80000000u, Http2ErrorCode.FlowControlError)]  // INITIAL_WINDOW_SIZE > 2^31-1
    [InlineData(0x05, 0x00003FFFu, Http2ErrorCode.ProtocolError)]     // MAX_FRAME_SIZE < 16384
    [InlineData(0x05, 0x01000000u, Http2ErrorCode.ProtocolError)]     // MAX_FRAME_SIZE > 16777215
    public void Illegal_values_are_connection_errors(byte id, uint value, Http2ErrorCode code) =>
        FrameAssert.Rejects<SettingsFrame>(
            new byte[]
            {
                0x00, 0x00, 0x06, 0x04, 0x00, 0x00, 0x00, 0x00, 0x00,
                0x00, id, (byte)(value >> 24), (byte)(value >> 16), (byte)(value >> 8), (byte)value,
            },
            code, ErrorScope.Connection);

    [Theory]
    [InlineData(0x02, 0x00000001u)]
    [InlineData(0x04, 0x7FFFFFFFu)]
    [InlineData(0x05, 0x00004000u)]
    [InlineData(0x05, 0x00FFFFFFu)]
    public void Boundary_values_are_legal(byte id, uint value)
    {
        byte[] wire =
        {
            0x00, 0x00, 0x06, 0x04, 0x00, 0x00, 0x00, 0x00, 0x00,
            0x00, id, (byte)(value >> 24), (byte)(value >> 16), (byte)(value >> 8), (byte)value,
        };
        FrameHeader header = FrameHeader.Read(wire);
        Assert.True(SettingsFrame.TryParse(in header, wire.AsSpan(FrameHeader.Size), out _, out ReadOnlySpan<byte> variable, out FrameError error));
        Assert.False(error.IsError);

        List<SettingsEntry> read = new();
        foreach (SettingsEntry entry in SettingsFrame.Entries(variable))
        {
            Assert.True(read.Count < 1, "The enumerator yields entries without end.");
            read.Add(entry);
        }

        Assert.Equal(new[] { new SettingsEntry((SettingsParameter)id, value) }, read);
        Assert.False(SettingsFrame.ValidateEntry(read[0]).IsError);
    }
}
