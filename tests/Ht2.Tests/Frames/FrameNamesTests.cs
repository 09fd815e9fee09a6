using System;
using Ht2.Tests.Reading;

namespace Ht2.Tests.Frames;

/// <summary><see cref="FrameHeader.ToString"/> and <see cref="FrameNames"/>: types and flags named per frame type, as nghttp logs them.</summary>
public class FrameNamesTests
{
    /// <summary>Names on a bounded worker: a walk over the flag bits that never ends fails the test in seconds instead of hanging the run.</summary>
    private static string Bounded(Func<string> name)
    {
        string text = "";
        Worker.Run("frame names", () => text = name());
        return text;
    }

    [Theory]
    // DATA, END_STREAM | PADDED: bit 0x1 is END_STREAM on DATA.
    [InlineData(16, 0x0, 0x09, 1u, "DATA frame <length=16, flags=0x09, stream_id=1> ; END_STREAM | PADDED")]
    // HEADERS with every flag it defines.
    [InlineData(40, 0x1, 0x2D, 3u, "HEADERS frame <length=40, flags=0x2D, stream_id=3> ; END_STREAM | END_HEADERS | PADDED | PRIORITY")]
    // The same bit 0x1 is ACK on SETTINGS and PING.
    [InlineData(0, 0x4, 0x01, 0u, "SETTINGS frame <length=0, flags=0x01, stream_id=0> ; ACK")]
    [InlineData(8, 0x6, 0x01, 0u, "PING frame <length=8, flags=0x01, stream_id=0> ; ACK")]
    // No flag set: nothing after the brackets.
    [InlineData(4, 0x8, 0x00, 5u, "WINDOW_UPDATE frame <length=4, flags=0x00, stream_id=5>")]
    [InlineData(4, 0x3, 0x00, 7u, "RST_STREAM frame <length=4, flags=0x00, stream_id=7>")]
    [InlineData(5, 0x2, 0x00, 9u, "PRIORITY frame <length=5, flags=0x00, stream_id=9>")]
    [InlineData(8, 0x7, 0x00, 0u, "GOAWAY frame <length=8, flags=0x00, stream_id=0>")]
    [InlineData(4, 0x5, 0x04, 1u, "PUSH_PROMISE frame <length=4, flags=0x04, stream_id=1> ; END_HEADERS")]
    [InlineData(1, 0x9, 0x04, 1u, "CONTINUATION frame <length=1, flags=0x04, stream_id=1> ; END_HEADERS")]
    // A bit the type does not define (END_HEADERS on DATA, anything on GOAWAY) is shown in hex.
    [InlineData(2, 0x0, 0x05, 1u, "DATA frame <length=2, flags=0x05, stream_id=1> ; END_STREAM | 0x04")]
    [InlineData(8, 0x7, 0x80, 0u, "GOAWAY frame <length=8, flags=0x80, stream_id=0> ; 0x80")]
    // An extension or unknown type is shown by its code; none of its bits has an RFC 9113 name.
    [InlineData(3, 0x10, 0x01, 0u, "0x10 frame <length=3, flags=0x01, stream_id=0> ; 0x01")]
    [InlineData(0, 0xFF, 0x00, 2147483647u, "0xFF frame <length=0, flags=0x00, stream_id=2147483647>")]
    public void Header_prints_like_nghttp(int length, byte type, byte flags, uint streamId, string expected) =>
        Assert.Equal(expected, Bounded(() => new FrameHeader(length, (FrameType)type, (FrameFlags)flags, streamId).ToString()));

    [Fact]
    public void A_bit_is_named_by_the_type_it_is_on()
    {
        Assert.Equal("END_STREAM", FrameNames.FlagName(FrameType.Data, FrameFlags.EndStream));
        Assert.Equal("ACK", FrameNames.FlagName(FrameType.Settings, FrameFlags.Ack));
        Assert.Null(FrameNames.FlagName(FrameType.Settings, FrameFlags.Padded));
        Assert.Null(FrameNames.FlagName(FrameType.RstStream, FrameFlags.EndStream));
        Assert.Equal("", Bounded(() => FrameNames.FlagNames(FrameType.Data, FrameFlags.None)));
        Assert.Equal("PING", FrameNames.TypeName(FrameType.Ping));
        Assert.Equal("0x0A", FrameNames.TypeName((FrameType)0x0A));
    }

    [Fact]
    public void Every_flag_bit_is_named_once_and_in_bit_order()
    {
        Assert.Equal("END_STREAM | 0x02 | END_HEADERS | PADDED | 0x10 | PRIORITY | 0x40 | 0x80",
            Bounded(() => FrameNames.FlagNames(FrameType.Headers, (FrameFlags)0xFF)));
    }

    [Fact]
    public void Limit_and_writer_errors_name_the_frame()
    {
        using var writer = new MultiFrameWriter();
        ArgumentException tooLarge = Assert.ThrowsAny<ArgumentException>(() => writer.Add(new PriorityUpdateFrame(), new byte[20_000]));
        Assert.Contains("The 0x10 frame payload of 20004 bytes exceeds the peer's SETTINGS_MAX_FRAME_SIZE of 16384.", tooLarge.Message);
        ArgumentException data = Assert.ThrowsAny<ArgumentException>(() => writer.Add(new DataFrame { StreamId = 1 }, new byte[20_000]));
        Assert.Contains("The DATA frame payload of 20000 bytes", data.Message);

        Assert.Contains("The SETTINGS frame payload would exceed the 24-bit length field", Assert.Throws<ArgumentOutOfRangeException>(() => new SettingsFrame().WritePrefix(new byte[9], 16_777_218)).Message);
        Assert.Contains("smaller than the PING frame prefix", Assert.Throws<ArgumentException>(() => new PingFrame().WritePrefix(new byte[16], 0)).Message);
    }
}
