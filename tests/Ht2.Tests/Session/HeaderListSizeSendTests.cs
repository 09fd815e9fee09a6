using System;
using System.Linq;
using System.Text;
using System.Threading.Tasks;

namespace Ht2.Tests.Session;

/// <summary>
/// What we send respects the peer's SETTINGS_MAX_HEADER_LIST_SIZE (RFC 9113 §6.5.2: name + value + 32 per field):
/// a field list above it is refused before anything is staged; a pre-encoded block is trusted.
/// </summary>
public sealed class HeaderListSizeSendTests
{
    /// <summary>The peer's limit in these tests; SETTINGS_MAX_HEADER_LIST_SIZE is identifier 0x6.</summary>
    private const uint Limit = 100;

    private static readonly Ht2Field Status200 = Field(":status", "200");

    private static readonly Ht2Field[] Get =
    [
        Field(":method", "GET"),
        Field(":scheme", "http"),
        Field(":path", "/"),
        Field(":authority", "x"),
    ];

    [Fact]
    public async Task A_response_exactly_at_the_peers_limit_is_sent_and_one_byte_more_is_refused_with_nothing_staged()
    {
        // ":status: 200" is 7 + 3 + 32 = 42; "x-big" with 21 bytes is 5 + 21 + 32 = 58: 100 in all.
        Ht2Field[] atLimit = [Status200, Field("x-big", new string('a', 21))];
        Ht2Field[] overLimit = [Status200, Field("x-big", new string('a', 22))];
        Exception? refused = null;
        await using SessionHarness h = await SessionHarness.StartServerAsync(handshake: false, setup: handler => handler.Request = (stream, ended) =>
        {
            refused = Record.Exception(() => stream.SendHeaders(overLimit, endStream: true));
            stream.SendHeaders(atLimit, endStream: true);
        });
        h.Send(Wire.Concat(Wire.Preface, Wire.Settings((6, Limit)), Wire.SettingsAck));
        h.Send(Wire.Headers(1, Wire.GetBlock, endStream: true));

        // The read loop may still be starting: the PING's ACK proves the request was handled.
        WireFrame[] headers = (await h.SyncAsync()).Where(f => f.Type == WireFrame.Headers).ToArray();
        ArgumentException error = Assert.IsType<ArgumentException>(refused);
        Assert.Contains("101", error.Message);
        Assert.Contains("100", error.Message);

        // Only the section at the limit went out, once, and it ended the stream.
        WireFrame response = Assert.Single(headers);
        Assert.Equal(1u, response.StreamId);
        Assert.True(response.Has(Wire.EndStream));
    }

    [Fact]
    public async Task Trailers_above_the_peers_limit_are_refused_and_smaller_trailers_still_end_the_stream()
    {
        // 5 + 64 + 32 = 101 bytes: one over the limit; "x-t: ok" is 3 + 2 + 32 = 37.
        Exception? refused = null;
        await using SessionHarness h = await SessionHarness.StartServerAsync(handshake: false, setup: handler => handler.Request = (stream, ended) =>
        {
            stream.SendHeaders([Status200], endStream: false);
            refused = Record.Exception(() => stream.SendTrailers([Field("x-big", new string('b', 64))]));
            stream.SendTrailers([Field("x-t", "ok")]);
        });
        h.Send(Wire.Concat(Wire.Preface, Wire.Settings((6, Limit)), Wire.SettingsAck));
        h.Send(Wire.Headers(1, Wire.GetBlock, endStream: true));

        WireFrame[] headers = (await h.SyncAsync()).Where(f => f.Type == WireFrame.Headers).ToArray();
        Assert.IsType<ArgumentException>(refused);
        Assert.Equal(2, headers.Length);
        Assert.False(headers[0].Has(Wire.EndStream));
        Assert.True(headers[1].Has(Wire.EndStream));
    }

    [Fact]
    public async Task A_request_above_the_servers_limit_opens_no_stream_and_uses_no_id()
    {
        await using SessionHarness h = await SessionHarness.StartClientAsync();
        h.Send(Wire.Settings((6, Limit)));
        await h.SyncAsync();

        // The four request fields are 7 + 3 + 32 + 7 + 4 + 32 + 5 + 1 + 32 + 10 + 1 + 32 = 166 bytes.
        Assert.Throws<ArgumentException>(() => h.Session.OpenStream(Get, endStream: true));
        Assert.Equal(0, h.Session.ActiveStreamCount);
        Assert.DoesNotContain(await h.SyncAsync(1), f => f.Type == WireFrame.Headers);

        // A larger limit lets the same request through on stream 1.
        h.Send(Wire.Settings((6, 166)));
        await h.SyncAsync(2);
        Assert.Equal(1u, h.Session.OpenStream(Get, endStream: true)!.Id);
        WireFrame request = await h.ExpectAsync(WireFrame.Headers);
        Assert.Equal(1u, request.StreamId);
    }

    [Fact]
    public async Task A_pre_encoded_block_is_trusted_and_sent_even_above_the_peers_limit()
    {
        // :status 200 (static index 8), then "x-big" (literal without indexing, new name) with a 120-byte value:
        // 42 + 5 + 120 + 32 = 199 bytes of field section against a limit of 100.
        byte[] block = [0x88, 0x00, 0x05, .. "x-big"u8, 120, .. Enumerable.Repeat((byte)'c', 120)];
        await using SessionHarness h = await SessionHarness.StartServerAsync(handshake: false, setup: handler => handler.Request = (stream, ended) =>
            stream.SendHeaderBlock(block, endStream: true));
        h.Send(Wire.Concat(Wire.Preface, Wire.Settings((6, Limit)), Wire.SettingsAck));
        h.Send(Wire.Headers(1, Wire.GetBlock, endStream: true));

        WireFrame response = await h.ExpectAsync(WireFrame.Headers);
        Assert.Equal(1u, response.StreamId);
        // The session's first block opens with its dynamic table size update to 0 (RFC 7541 §6.3: 001 then 0).
        Assert.Equal(block, response.Payload);
    }

    private static Ht2Field Field(string name, string value) => new(Encoding.ASCII.GetBytes(name), Encoding.ASCII.GetBytes(value));
}
