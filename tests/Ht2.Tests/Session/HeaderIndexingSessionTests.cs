using System;
using System.Threading.Tasks;

namespace Ht2.Tests.Session;

/// <summary>
/// The session's encoder indexes repeated response fields and follows the peer's SETTINGS_HEADER_TABLE_SIZE.
/// Expected blocks are worked out by hand from RFC 7541 §6 and Appendix A (:status 200 = 8, server = 54).
/// </summary>
public sealed class HeaderIndexingSessionTests
{
    private static readonly Ht2Field[] Response = [new(":status"u8.ToArray(), "200"u8.ToArray()), new("server"u8.ToArray(), "ht2"u8.ToArray())];

    private static void Respond(RecordingHandler handler) => handler.Request = (stream, ended) => stream.SendHeaders(Response, endStream: true);

    [Fact]
    public async Task A_repeated_response_field_is_sent_once_as_a_literal_then_as_one_index()
    {
        await using SessionHarness h = await SessionHarness.StartServerAsync(setup: Respond);
        h.Send(Wire.Headers(1, Wire.GetBlock, endStream: true));
        WireFrame first = await h.ExpectAsync(WireFrame.Headers);

        // 0x88, then server as a literal with incremental indexing of static name 54 (0x40 | 54 = 0x76).
        Assert.Equal([0x88, 0x76, 0x03, (byte)'h', (byte)'t', (byte)'2'], first.Payload);

        h.Send(Wire.Headers(3, Wire.GetBlock, endStream: true));
        WireFrame second = await h.ExpectAsync(WireFrame.Headers);
        Assert.Equal(new byte[] { 0x88, 0xBE }, second.Payload);
    }

    [Fact]
    public async Task A_peer_table_of_zero_is_signalled_in_the_next_block_and_nothing_is_indexed()
    {
        await using SessionHarness h = await SessionHarness.StartServerAsync(setup: Respond);
        h.Send(Wire.Headers(1, Wire.GetBlock, endStream: true));
        await h.ExpectAsync(WireFrame.Headers);

        // SETTINGS_HEADER_TABLE_SIZE (0x1) = 0: acknowledged before the next block, which starts with a size update
        // to 0 (0x20); server is then a literal without indexing (0x0F, 54 - 15 = 39).
        h.Send(Wire.Settings((1, 0)));
        await h.ExpectAsync(WireFrame.Settings);
        for (uint id = 3; id <= 5; id += 2)
        {
            h.Send(Wire.Headers(id, Wire.GetBlock, endStream: true));
            WireFrame response = await h.ExpectAsync(WireFrame.Headers);
            byte[] expected = [0x88, 0x0F, 0x27, 0x03, (byte)'h', (byte)'t', (byte)'2'];
            Assert.Equal(id == 3 ? [0x20, .. expected] : expected, response.Payload);
        }
    }

    [Fact]
    public async Task An_encoder_table_of_zero_signals_it_in_the_first_block_and_never_indexes()
    {
        await using SessionHarness h = await SessionHarness.StartServerAsync(new Ht2SessionOptions { EncoderTableSize = 0 }, setup: Respond);
        h.Send(Wire.Headers(1, Wire.GetBlock, endStream: true));
        Assert.Equal([0x20, 0x88, 0x0F, 0x27, 0x03, (byte)'h', (byte)'t', (byte)'2'], (await h.ExpectAsync(WireFrame.Headers)).Payload);
        h.Send(Wire.Headers(3, Wire.GetBlock, endStream: true));
        Assert.Equal([0x88, 0x0F, 0x27, 0x03, (byte)'h', (byte)'t', (byte)'2'], (await h.ExpectAsync(WireFrame.Headers)).Payload);
    }
}
