using System;
using System.Collections.Generic;
using System.Linq;
using System.Text;
using System.Threading.Tasks;

namespace Ht2.Tests.Session;

/// <summary>
/// A field section checked once (<see cref="Ht2FieldSection"/>) goes on the wire as its fields would, under the same
/// RFC 9113 §8 rules for the way it is sent (response, informational response, trailers, request, extended CONNECT),
/// the same peer SETTINGS_MAX_HEADER_LIST_SIZE, and from its own copy of the bytes.
/// </summary>
public sealed class FieldSectionTests
{
    private static Ht2Field F(string name, string value, HpackFieldOptions options = HpackFieldOptions.None) =>
        new(Encoding.ASCII.GetBytes(name), Encoding.ASCII.GetBytes(value), options);

    [Fact]
    public async Task A_section_is_encoded_from_its_fields_and_ends_the_stream_when_asked()
    {
        Ht2FieldSection section = new([F(":status", "200"), F("x-v", "ab", HpackFieldOptions.NeverIndexed)]);
        (SessionHarness h, Ht2Stream stream) = await SessionHarness.StartServerWithRequestAsync();
        await using (h)
        {
            stream.SendHeaders(section, endStream: true);
            WireFrame headers = await h.ExpectAsync(WireFrame.Headers);

            // RFC 7541: :status 200 is static index 8 (0x88); x-v is a literal never indexed with a new name (0x10).
            Assert.Equal(new byte[] { 0x88, 0x10, 0x03, (byte)'x', (byte)'-', (byte)'v', 0x02, (byte)'a', (byte)'b' }, headers.Payload);
            Assert.True(headers.Has(Wire.EndStream));
            Assert.Equal(Ht2StreamState.Closed, stream.State);
        }
    }

    [Fact]
    public async Task Changing_the_callers_arrays_after_creation_changes_nothing_on_the_wire()
    {
        byte[] value = "ab"u8.ToArray();
        Ht2Field[] fields = [F(":status", "200"), new("x-v"u8.ToArray(), value, HpackFieldOptions.NeverIndexed)];
        Ht2FieldSection section = new(fields);
        value[0] = (byte)'\n';
        fields[0] = F(":status", "404");
        (SessionHarness h, Ht2Stream stream) = await SessionHarness.StartServerWithRequestAsync();
        await using (h)
        {
            stream.SendHeaders(section, endStream: true);
            WireFrame headers = await h.ExpectAsync(WireFrame.Headers);
            Assert.Equal(new byte[] { 0x88, 0x10, 0x03, (byte)'x', (byte)'-', (byte)'v', 0x02, (byte)'a', (byte)'b' }, headers.Payload);
            Assert.Equal("ab"u8.ToArray(), section.Fields[1].Value.ToArray());
        }
    }

    [Fact]
    public async Task A_section_breaking_a_rule_is_refused_with_the_reason_its_fields_get_and_nothing_is_sent()
    {
        Ht2Field[] fields = [F(":status", "200"), F("x-v", "a\r\nb")];
        Ht2FieldSection section = new(fields);
        (SessionHarness h, Ht2Stream stream) = await SessionHarness.StartServerWithRequestAsync();
        await using (h)
        {
            ArgumentException bySection = Assert.Throws<ArgumentException>(() => stream.SendHeaders(section, endStream: true));
            ArgumentException byFields = Assert.Throws<ArgumentException>(() => stream.SendHeaders(fields, endStream: true));
            Assert.StartsWith("RFC 9113 §8.2.1: NUL, CR or LF in a field value", bySection.Message, StringComparison.Ordinal);
            Assert.Equal(byFields.Message, bySection.Message);
            Assert.DoesNotContain(await h.SyncAsync(1), f => f.Type == WireFrame.Headers);
            Assert.Equal(Ht2StreamState.HalfClosedRemote, stream.State);
        }
    }

    [Fact]
    public async Task A_section_is_judged_as_what_it_is_sent_as()
    {
        Ht2FieldSection informational = new([F(":status", "103"), F("link", "</a>")]);
        Ht2FieldSection final = new([F(":status", "200")]);
        Ht2FieldSection trailers = new([F("t", "1")]);
        (SessionHarness h, Ht2Stream stream) = await SessionHarness.StartServerWithRequestAsync();
        await using (h)
        {
            // Trailers before any response lack :status; an informational response must not end the stream.
            Assert.Throws<ArgumentException>(() => stream.SendHeaders(trailers, endStream: false));
            Assert.Throws<ArgumentException>(() => stream.SendHeaders(informational, endStream: true));
            stream.SendHeaders(informational, endStream: false);
            stream.SendHeaders(final, endStream: false);

            // After the final response the same section is a pseudo-header field in trailers.
            Assert.Throws<ArgumentException>(() => stream.SendTrailers(final));
            stream.SendTrailers(trailers);
            WireFrame[] headers = (await h.SyncAsync(1)).Where(f => f.Type == WireFrame.Headers).ToArray();
            Assert.Equal(3, headers.Length);
            Assert.Equal(new[] { false, false, true }, headers.Select(f => f.Has(Wire.EndStream)).ToArray());
            Assert.Equal(0x88, headers[1].Payload[0]);
        }
    }

    [Fact]
    public async Task The_peers_header_list_limit_applies_to_a_section()
    {
        // ":status: 200" is 7 + 3 + 32 = 42; "x-big" with 21 bytes is 5 + 21 + 32 = 58: 100 in all.
        Ht2FieldSection atLimit = new([F(":status", "200"), F("x-big", new string('a', 21))]);
        Ht2FieldSection overLimit = new([F(":status", "200"), F("x-big", new string('a', 22))]);
        Assert.Equal(100, atLimit.FieldListSize);
        Exception? refused = null;
        await using SessionHarness h = await SessionHarness.StartServerAsync(handshake: false, setup: handler => handler.Request = (stream, ended) =>
        {
            refused = Record.Exception(() => stream.SendHeaders(overLimit, endStream: true));
            stream.SendHeaders(atLimit, endStream: true);
        });
        h.Send(Wire.Concat(Wire.Preface, Wire.Settings((6, 100)), Wire.SettingsAck));
        h.Send(Wire.Headers(1, Wire.GetBlock, endStream: true));

        WireFrame[] headers = (await h.SyncAsync()).Where(f => f.Type == WireFrame.Headers).ToArray();
        ArgumentException error = Assert.IsType<ArgumentException>(refused);
        Assert.Contains("101", error.Message);
        WireFrame response = Assert.Single(headers);
        Assert.True(response.Has(Wire.EndStream));
    }

    [Fact]
    public async Task A_client_opens_a_stream_with_a_request_section_and_extended_CONNECT_once_the_server_allows_it()
    {
        Ht2FieldSection get = new([F(":method", "GET"), F(":scheme", "http"), F(":path", "/"), F(":authority", "x")]);
        Ht2FieldSection connect = new(
            [F(":method", "CONNECT"), F(":protocol", "websocket"), F(":scheme", "https"), F(":path", "/chat"), F(":authority", "x")]);
        Ht2FieldSection response = new([F(":status", "200")]);
        await using SessionHarness h = await SessionHarness.StartClientAsync();

        Assert.Throws<ArgumentNullException>(() => h.Session.OpenStream((Ht2FieldSection)null!, endStream: true));
        Assert.Throws<ArgumentException>(() => h.Session.OpenStream(response, endStream: true));
        Assert.Throws<ArgumentException>(() => h.Session.OpenStream(connect, endStream: false));
        Assert.Equal(0, h.Session.ActiveStreamCount);
        Assert.Equal(1u, h.Session.OpenStream(get, endStream: true)!.Id);

        h.Send(Wire.Settings((8, 1)));
        List<WireFrame> frames = await h.SyncAsync();
        Ht2Stream tunnel = h.Session.OpenStream(connect, endStream: false)!;
        Assert.Equal(3u, tunnel.Id);
        frames.AddRange(await h.SyncAsync(1));
        WireFrame[] requests = frames.Where(f => f.Type == WireFrame.Headers).ToArray();
        Assert.Equal(new[] { 1u, 3u }, requests.Select(f => f.StreamId).ToArray());
        Assert.Equal(new[] { true, false }, requests.Select(f => f.Has(Wire.EndStream)).ToArray());
    }

    [Fact]
    public async Task A_null_section_is_refused()
    {
        (SessionHarness h, Ht2Stream stream) = await SessionHarness.StartServerWithRequestAsync();
        await using (h)
        {
            Assert.Throws<ArgumentNullException>(() => stream.SendHeaders((Ht2FieldSection)null!, endStream: true));
            Assert.Throws<ArgumentNullException>(() => stream.SendTrailers((Ht2FieldSection)null!));
        }
    }
}
