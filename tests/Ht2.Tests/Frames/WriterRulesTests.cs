using System;
using Ht2.Tests.Reading;

namespace Ht2.Tests.Frames;

// The generated prefix writers refuse, before writing a byte, every frame the reader would refuse for its own
// fields and lengths; MultiFrameWriter.Add goes through them, so it refuses them too and stages nothing.
public class WriterRulesTests
{
    public static TheoryData<string> RefusedFrames() =>
    [
        "DATA on stream 0",
        "HEADERS on stream 0",
        "PING on stream 1",
        "PING with 3 bytes",
        "RST_STREAM with 5 bytes",
        "SETTINGS ACK with an entry",
        "SETTINGS with 5 bytes",
        "WINDOW_UPDATE increment 0",
        "PUSH_PROMISE of stream 0",
        "PRIORITY_UPDATE on stream 1",
    ];

    [Theory]
    [MemberData(nameof(RefusedFrames))]
    public void Prefix_writers_refuse_what_the_reader_refuses(string name)
    {
        var destination = new byte[64];
        Assert.ThrowsAny<ArgumentException>(() => WritePrefix(name, destination, tryForm: false));
        Assert.ThrowsAny<ArgumentException>(() => WritePrefix(name, destination, tryForm: true));
        Assert.All(destination, b => Assert.Equal(0, b));
    }

    [Theory]
    [MemberData(nameof(RefusedFrames))]
    public void MultiFrameWriter_Add_refuses_them_and_stages_nothing(string name)
    {
        using var writer = new MultiFrameWriter();
        writer.Add(new PingFrame { OpaqueData = 1 });
        long staged = writer.TotalLength;

        Assert.ThrowsAny<ArgumentException>(() => Add(writer, name));

        Assert.Equal(1, writer.FrameCount);
        Assert.Equal(staged, writer.TotalLength);
    }

    [Fact]
    public void A_stream_id_above_31_bits_is_still_refused_for_every_rule()
    {
        var destination = new byte[64];
        Assert.Throws<ArgumentOutOfRangeException>(() => new DataFrame { StreamId = 0x8000_0001 }.WritePrefix(destination, 0));
        Assert.Throws<ArgumentOutOfRangeException>(() => new WindowUpdateFrame { StreamId = 0x8000_0000, WindowSizeIncrement = 1 }.WritePrefix(destination, 0));
        Assert.Throws<ArgumentOutOfRangeException>(() => new PingFrame { StreamId = 0x8000_0000 }.WritePrefix(destination, 0));
    }

    [Fact]
    public void Legal_neighbours_of_the_refused_frames_are_written()
    {
        // DATA on stream 1, PING with 8 bytes, SETTINGS ACK empty: the bytes are RFC 9113 §6.1, §6.7, §6.5 by hand.
        var destination = new byte[64];
        Assert.Equal(9, new DataFrame { StreamId = 1 }.WritePrefix(destination, 0));
        Assert.Equal(new byte[] { 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x01 }, destination[..9]);
        Assert.Equal(17, new PingFrame { OpaqueData = 0x0102030405060708 }.WritePrefix(destination, 0));
        Assert.Equal(new byte[] { 0x00, 0x00, 0x08, 0x06, 0x00, 0x00, 0x00, 0x00, 0x00, 1, 2, 3, 4, 5, 6, 7, 8 }, destination[..17]);
        Assert.Equal(9, new SettingsFrame { Flags = FrameFlags.Ack }.WritePrefix(destination, 0));
        Assert.Equal(new byte[] { 0x00, 0x00, 0x00, 0x04, 0x01, 0x00, 0x00, 0x00, 0x00 }, destination[..9]);
        Assert.Equal(13, new PriorityUpdateFrame { PrioritizedStreamId = 3 }.WritePrefix(destination, 3));
        Assert.Equal(new byte[] { 0x00, 0x00, 0x07, 0x10, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x03 }, destination[..13]);
    }

    [Fact]
    public void SETTINGS_length_rules_hold_at_their_edges_and_report_the_first_rule_broken()
    {
        // The largest multiple of 6 that fits 24 bits (16777212 = 0xFFFFFC) is written: RFC 9113 §4.1, §6.5 by hand.
        var destination = new byte[16];
        Assert.Equal(9, new SettingsFrame().WritePrefix(destination, 16_777_212));
        Assert.Equal(new byte[] { 0xFF, 0xFF, 0xFC, 0x04, 0x00, 0x00, 0x00, 0x00, 0x00 }, destination[..9]);
        Array.Clear(destination);

        // Range first, then the multiple of 6, then the empty ACK; nothing is written on a refusal.
        Assert.Contains("24-bit", Assert.Throws<ArgumentOutOfRangeException>(() => new SettingsFrame().WritePrefix(destination, 16_777_218)).Message);
        Assert.Contains("negative", Assert.Throws<ArgumentOutOfRangeException>(() => new SettingsFrame().WritePrefix(destination, -6)).Message);
        Assert.Contains("multiple of 6", Assert.Throws<ArgumentOutOfRangeException>(() => new SettingsFrame().WritePrefix(destination, 7)).Message);
        Assert.Contains("multiple of 6", Assert.Throws<ArgumentOutOfRangeException>(() => new SettingsFrame { Flags = FrameFlags.Ack }.WritePrefix(destination, 7)).Message);
        Assert.Contains("empty payload", Assert.Throws<ArgumentException>(() => new SettingsFrame { Flags = FrameFlags.Ack }.TryWritePrefix(destination, 6, out _)).Message);
        Assert.All(destination, b => Assert.Equal(0, b));
        Assert.True(new SettingsFrame().TryWritePrefix(destination, 6, out int written));
        Assert.Equal(9, written);
    }

    private static void WritePrefix(string name, byte[] destination, bool tryForm)
    {
        switch (name)
        {
            case "DATA on stream 0": Write(new DataFrame { StreamId = 0 }, 4); break;
            case "HEADERS on stream 0": Write(new HeadersFrame { Flags = FrameFlags.EndHeaders }, 3); break;
            case "PING on stream 1": Write(new PingFrame { StreamId = 1 }, 0); break;
            case "PING with 3 bytes": Write(new PingFrame(), 3); break;
            case "RST_STREAM with 5 bytes": Write(new RstStreamFrame { StreamId = 1 }, 1); break;
            case "SETTINGS ACK with an entry": Write(new SettingsFrame { Flags = FrameFlags.Ack }, 6); break;
            case "SETTINGS with 5 bytes": Write(new SettingsFrame(), 5); break;
            case "WINDOW_UPDATE increment 0": Write(new WindowUpdateFrame { StreamId = 1 }, 0); break;
            case "PUSH_PROMISE of stream 0": Write(new PushPromiseFrame { StreamId = 1, Flags = FrameFlags.EndHeaders }, 2); break;
            default: Write(new PriorityUpdateFrame { StreamId = 1, PrioritizedStreamId = 3 }, 3); break;
        }

        void Write<TFrame>(TFrame frame, int variableLength) where TFrame : struct, IHt2Frame<TFrame>
        {
            if (tryForm)
            {
                frame.TryWritePrefix(destination, variableLength, out _);
            }
            else
            {
                frame.WritePrefix(destination, variableLength);
            }
        }
    }

    private static void Add(MultiFrameWriter writer, string name)
    {
        switch (name)
        {
            case "DATA on stream 0": writer.Add(new DataFrame { StreamId = 0 }, new byte[4]); break;
            case "HEADERS on stream 0": writer.Add(new HeadersFrame { Flags = FrameFlags.EndHeaders }, new byte[3]); break;
            case "PING on stream 1": writer.Add(new PingFrame { StreamId = 1 }); break;
            case "PING with 3 bytes": writer.Add(new PingFrame(), new byte[3]); break;
            case "RST_STREAM with 5 bytes": writer.Add(new RstStreamFrame { StreamId = 1 }, new byte[1]); break;
            case "SETTINGS ACK with an entry": writer.Add(new SettingsFrame { Flags = FrameFlags.Ack }, new byte[6]); break;
            case "SETTINGS with 5 bytes": writer.Add(new SettingsFrame(), new byte[5]); break;
            case "WINDOW_UPDATE increment 0": writer.Add(new WindowUpdateFrame { StreamId = 1 }); break;
            case "PUSH_PROMISE of stream 0": writer.Add(new PushPromiseFrame { StreamId = 1, Flags = FrameFlags.EndHeaders }, new byte[2]); break;
            default: writer.Add(new PriorityUpdateFrame { StreamId = 1, PrioritizedStreamId = 3 }, new byte[3]); break;
        }
    }
}
