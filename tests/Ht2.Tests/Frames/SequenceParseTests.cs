using System;
using System.Buffers;
using System.Collections.Generic;
using System.Runtime.InteropServices;
using Ht2.Tests.Reading;

namespace Ht2.Tests.Frames;

/// <summary>
/// The generated <c>TryParse</c> over a <see cref="ReadOnlySequence{T}"/> agrees with the span form for every way
/// of cutting the payload into segments, slices the variable part out of the sequence, and allocates nothing.
/// </summary>
public class SequenceParseTests
{
    public static TheoryData<string, byte[]> Frames() => new()
    {
        // DATA (RFC 9113 §6.1), END_STREAM | PADDED, stream 1, Pad Length 2, "abc", 2 bytes of padding.
        { "DATA padded", [0x00, 0x00, 0x06, 0x00, 0x09, 0x00, 0x00, 0x00, 0x01, 0x02, (byte)'a', (byte)'b', (byte)'c', 0x00, 0x00] },
        // DATA whose Pad Length (5) is longer than the rest of the payload (2): PROTOCOL_ERROR (§6.1).
        { "DATA padding too long", [0x00, 0x00, 0x03, 0x00, 0x08, 0x00, 0x00, 0x00, 0x01, 0x05, 0x00, 0x00] },
        // HEADERS (§6.2), END_HEADERS | PADDED | PRIORITY, stream 3, Pad Length 1, E=1, dependency 1, weight 15, fragment 82 86, 1 byte of padding.
        { "HEADERS padded with priority", [0x00, 0x00, 0x09, 0x01, 0x2C, 0x00, 0x00, 0x00, 0x03, 0x01, 0x80, 0x00, 0x00, 0x01, 0x0F, 0x82, 0x86, 0x00] },
        // SETTINGS (§6.5): MAX_CONCURRENT_STREAMS = 100, INITIAL_WINDOW_SIZE = 65535.
        { "SETTINGS", [0x00, 0x00, 0x0C, 0x04, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x03, 0x00, 0x00, 0x00, 0x64, 0x00, 0x04, 0x00, 0x00, 0xFF, 0xFF] },
        // SETTINGS whose second entry is ENABLE_PUSH = 2: PROTOCOL_ERROR (§6.5.2), found across any cut.
        { "SETTINGS bad value", [0x00, 0x00, 0x0C, 0x04, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x03, 0x00, 0x00, 0x00, 0x64, 0x00, 0x02, 0x00, 0x00, 0x00, 0x02] },
        // PUSH_PROMISE (§6.6), END_HEADERS | PADDED, stream 1, Pad Length 1, promised stream 2, fragment 82, 1 byte of padding.
        { "PUSH_PROMISE padded", [0x00, 0x00, 0x07, 0x05, 0x0C, 0x00, 0x00, 0x00, 0x01, 0x01, 0x00, 0x00, 0x00, 0x02, 0x82, 0x00] },
        // GOAWAY (§6.8): last stream 5, NO_ERROR, debug data "hi".
        { "GOAWAY", [0x00, 0x00, 0x0A, 0x07, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x05, 0x00, 0x00, 0x00, 0x00, (byte)'h', (byte)'i'] },
        // A test extension of 3-byte units on stream 1; the second unit starts with 0xFF (a stream error).
        { "Triplet bad unit", [0x00, 0x00, 0x06, 0xF3, 0x00, 0x00, 0x00, 0x00, 0x01, 0x01, 0x02, 0x03, 0xFF, 0x05, 0x06] },
        // ALTSVC (RFC 7838 §4) on stream 0: Origin-Len 3, Origin "a.b", field value "h2".
        { "ALTSVC", [0x00, 0x00, 0x07, 0x0A, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x03, (byte)'a', (byte)'.', (byte)'b', (byte)'h', (byte)'2'] },
    };

    [Theory]
    [MemberData(nameof(Frames))]
    public void Every_cut_of_the_payload_parses_like_the_span(string name, byte[] wire)
    {
        FrameHeader header = FrameHeader.Read(wire);
        byte[] payload = wire[FrameHeader.Size..];
        Outcome expected = ParseSpan(header, payload);
        Assert.Equal(!name.Contains("bad", StringComparison.Ordinal) && !name.Contains("too long", StringComparison.Ordinal), expected.Ok);

        var sequences = new List<ReadOnlySequence<byte>>(TestSequence.AllTwoWaySplits(payload)) { TestSequence.ByteBySegment(payload) };
        for (int first = 1; first < payload.Length; first++)
        {
            for (int second = first + 1; second < payload.Length; second++)
            {
                sequences.Add(TestSequence.Split(payload, first, second));
            }
        }

        foreach (ReadOnlySequence<byte> sequence in sequences)
        {
            Outcome actual = ParseSequence(header, sequence);
            Assert.True(expected == actual, $"{name}: {actual} differs from the span parse {expected}");
        }
    }

    [Fact]
    public void A_contiguous_payload_is_not_copied()
    {
        // DATA (§6.1), PADDED, stream 1, Pad Length 1, "xy", 1 byte of padding; the variable part starts at offset 1.
        byte[] payload = [0x01, (byte)'x', (byte)'y', 0x00];
        var header = new FrameHeader(payload.Length, FrameType.Data, FrameFlags.Padded, 1);
        Assert.True(DataFrame.TryParse(in header, new ReadOnlySequence<byte>(payload), out DataFrame frame, out ReadOnlySequence<byte> variablePart, out _));
        Assert.Equal(1, frame.PadLength);
        Assert.True(variablePart.IsSingleSegment);
        Assert.True(MemoryMarshal.TryGetArray(variablePart.First, out ArraySegment<byte> slice));
        Assert.Same(payload, slice.Array);
        Assert.Equal(1, slice.Offset);
        Assert.Equal(2, slice.Count);
    }

    [Fact]
    public void A_payload_of_another_length_or_a_header_of_another_type_is_an_argument_error()
    {
        var header = new FrameHeader(4, FrameType.Ping, FrameFlags.None, 0);
        Assert.Throws<ArgumentException>(() => PingFrame.TryParse(in header, TestSequence.Split(new byte[3], 1), out _, out ReadOnlySequence<byte> _, out _));
        Assert.Throws<ArgumentException>(() => DataFrame.TryParse(in header, TestSequence.Split(new byte[4], 1), out _, out ReadOnlySequence<byte> _, out _));
    }

    [Fact]
    public void Multi_segment_parses_allocate_nothing()
    {
        // SETTINGS with two entries (a variable-part rule per 6-byte unit) and padded HEADERS, cut mid-unit and mid-field.
        byte[] settings = [0x00, 0x03, 0x00, 0x00, 0x00, 0x64, 0x00, 0x04, 0x00, 0x00, 0xFF, 0xFF];
        var settingsHeader = new FrameHeader(settings.Length, FrameType.Settings, FrameFlags.None, 0);
        ReadOnlySequence<byte> settingsPayload = TestSequence.Split(settings, 3, 8);
        byte[] headers = [0x01, 0x80, 0x00, 0x00, 0x01, 0x0F, 0x82, 0x86, 0x00];
        var headersHeader = new FrameHeader(headers.Length, FrameType.Headers, (FrameFlags)0x2C, 3);
        ReadOnlySequence<byte> headersPayload = TestSequence.Split(headers, 2, 7);

        long total = 0;
        for (int round = 0; round < 2; round++)
        {
            long before = GC.GetAllocatedBytesForCurrentThread();
            for (int i = 0; i < 100; i++)
            {
                Assert.True(SettingsFrame.TryParse(in settingsHeader, settingsPayload, out _, out ReadOnlySequence<byte> entries, out _));
                Assert.True(HeadersFrame.TryParse(in headersHeader, headersPayload, out HeadersFrame frame, out ReadOnlySequence<byte> fragment, out _));
                total += entries.Length + fragment.Length + frame.Weight;
            }

            // The first round may JIT and initialise statics; the second must allocate nothing.
            if (round == 1)
            {
                Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);
            }
        }

        Assert.Equal(2 * 100 * (12 + 2 + 15), total);
    }

    private static Outcome ParseSpan(in FrameHeader header, byte[] payload)
    {
        ReadOnlySpan<byte> span = payload;
        return header.Type switch
        {
            FrameType.Data => Of(DataFrame.TryParse(in header, span, out DataFrame d, out ReadOnlySpan<byte> v, out FrameError e), d, v.ToArray(), e),
            FrameType.Headers => Of(HeadersFrame.TryParse(in header, span, out HeadersFrame h, out ReadOnlySpan<byte> v, out FrameError e), h, v.ToArray(), e),
            FrameType.Settings => Of(SettingsFrame.TryParse(in header, span, out SettingsFrame s, out ReadOnlySpan<byte> v, out FrameError e), s, v.ToArray(), e),
            FrameType.PushPromise => Of(PushPromiseFrame.TryParse(in header, span, out PushPromiseFrame p, out ReadOnlySpan<byte> v, out FrameError e), p, v.ToArray(), e),
            FrameType.GoAway => Of(GoAwayFrame.TryParse(in header, span, out GoAwayFrame g, out ReadOnlySpan<byte> v, out FrameError e), g, v.ToArray(), e),
            (FrameType)0x0A => Of(AltSvcFrame.TryParse(in header, span, out AltSvcFrame a, out ReadOnlySpan<byte> v, out FrameError e), a, v.ToArray(), e),
            _ => Of(TripletFrame.TryParse(in header, span, out TripletFrame t, out ReadOnlySpan<byte> v, out FrameError e), t, v.ToArray(), e),
        };
    }

    private static Outcome ParseSequence(in FrameHeader header, in ReadOnlySequence<byte> payload) => header.Type switch
    {
        FrameType.Data => Of(DataFrame.TryParse(in header, payload, out DataFrame d, out ReadOnlySequence<byte> v, out FrameError e), d, v.ToArray(), e),
        FrameType.Headers => Of(HeadersFrame.TryParse(in header, payload, out HeadersFrame h, out ReadOnlySequence<byte> v, out FrameError e), h, v.ToArray(), e),
        FrameType.Settings => Of(SettingsFrame.TryParse(in header, payload, out SettingsFrame s, out ReadOnlySequence<byte> v, out FrameError e), s, v.ToArray(), e),
        FrameType.PushPromise => Of(PushPromiseFrame.TryParse(in header, payload, out PushPromiseFrame p, out ReadOnlySequence<byte> v, out FrameError e), p, v.ToArray(), e),
        FrameType.GoAway => Of(GoAwayFrame.TryParse(in header, payload, out GoAwayFrame g, out ReadOnlySequence<byte> v, out FrameError e), g, v.ToArray(), e),
        (FrameType)0x0A => Of(AltSvcFrame.TryParse(in header, payload, out AltSvcFrame a, out ReadOnlySequence<byte> v, out FrameError e), a, v.ToArray(), e),
        _ => Of(TripletFrame.TryParse(in header, payload, out TripletFrame t, out ReadOnlySequence<byte> v, out FrameError e), t, v.ToArray(), e),
    };

    private static Outcome Of(bool ok, object frame, byte[] variablePart, FrameError error) =>
        new(ok, frame, Convert.ToHexString(variablePart), error.Code, error.Scope, error.Reason);

    private sealed record Outcome(bool Ok, object Frame, string VariablePart, Http2ErrorCode Code, ErrorScope Scope, string? Reason);
}
