using System;
using System.Collections.Generic;
using System.Threading.Tasks;

namespace Ht2.Tests.Session;

/// <summary>
/// What the application may send and when (RFC 9113 §5.1, §8.1): one data send at a time, padding 0..255, sends
/// on a reset stream dropped, pending sends failed with the reset code, informational responses before the final
/// one, trailers after it, extended CONNECT only once the server allowed it (RFC 8441).
/// </summary>
public sealed class SendRulesTests
{
    private static readonly TimeSpan Bound = TimeSpan.FromSeconds(10);

    private static Ht2Field F(string name, string value) => new(System.Text.Encoding.ASCII.GetBytes(name), System.Text.Encoding.ASCII.GetBytes(value));

    [Fact]
    public async Task Padding_of_255_is_sent_and_256_is_refused()
    {
        (SessionHarness h, Ht2Stream stream) = await SessionHarness.StartServerWithRequestAsync();
        await using (h)
        {
            stream.SendHeaderBlock(Wire.Status200Block, endStream: false);
            ArgumentOutOfRangeException tooMuch = Assert.Throws<ArgumentOutOfRangeException>(() => { _ = stream.SendDataAsync(new byte[3], endStream: true, padLength: 256); });
            Assert.StartsWith("Padding is 0..255 bytes.", tooMuch.Message, StringComparison.Ordinal);
            await stream.SendDataAsync(new byte[3], endStream: true, padLength: 255).AsTask().Within(Bound);
            WireFrame data = await h.ExpectAsync(WireFrame.Data);
            Assert.Equal(1 + 3 + 255, data.Length);
            Assert.Equal((byte)(Wire.Padded | Wire.EndStream), data.Flags);
            Assert.Equal(255, data.Payload[0]);
        }
    }

    [Fact]
    public async Task Padding_of_0_is_a_PADDED_frame_with_a_Pad_Length_of_0()
    {
        // RFC 9113 §6.1: PADDED with Pad Length 0 is one byte more than no padding at all.
        (SessionHarness h, Ht2Stream stream) = await SessionHarness.StartServerWithRequestAsync();
        await using (h)
        {
            stream.SendHeaderBlock(Wire.Status200Block, endStream: false);
            await stream.SendDataAsync(new byte[] { 7, 8, 9 }, endStream: true, padLength: 0).AsTask().Within(Bound);
            WireFrame data = await h.ExpectAsync(WireFrame.Data);
            Assert.Equal((byte)(Wire.Padded | Wire.EndStream), data.Flags);
            Assert.Equal(new byte[] { 0, 7, 8, 9 }, data.Payload);
        }
    }

    [Fact]
    public async Task A_second_send_while_one_is_pending_throws_and_so_do_headers()
    {
        (SessionHarness h, Ht2Stream stream) = await SessionHarness.StartServerWithRequestAsync();
        await using (h)
        {
            h.Send(Wire.Settings((4, 0)));
            await h.SyncAsync(1);
            stream.SendHeaderBlock(Wire.Status200Block, endStream: false);
            ValueTask pending = stream.SendDataAsync(new byte[10], endStream: false);
            InvalidOperationException second = Assert.Throws<InvalidOperationException>(() => { _ = stream.SendDataAsync(new byte[1], endStream: false); });
            Assert.Equal("A send is already in progress on this stream.", second.Message);
            InvalidOperationException headersDuringData = Assert.Throws<InvalidOperationException>(() => stream.SendTrailers([F("t", "1")]));
            Assert.Equal("Data is still being sent on this stream; send headers after it completed.", headersDuringData.Message);
            Assert.False(pending.IsCompleted);

            h.Send(Wire.WindowUpdate(1, 10));
            await pending.AsTask().Within(Bound);
            stream.SendTrailers([F("t", "1")]);
            WireFrame response = await h.ExpectAsync(WireFrame.Headers);
            WireFrame trailers = await h.ExpectAsync(WireFrame.Headers);
            Assert.False(response.Has(Wire.EndStream));
            Assert.True(trailers.Has(Wire.EndStream));
        }
    }

    [Fact]
    public async Task An_empty_send_without_END_STREAM_completes_at_once_and_sends_nothing()
    {
        (SessionHarness h, Ht2Stream stream) = await SessionHarness.StartServerWithRequestAsync();
        await using (h)
        {
            stream.SendHeaderBlock(Wire.Status200Block, endStream: false);
            ValueTask empty = stream.SendDataAsync(ReadOnlyMemory<byte>.Empty, endStream: false);
            Assert.True(empty.IsCompletedSuccessfully);
            Assert.DoesNotContain(await h.SyncAsync(1), f => f.Type == WireFrame.Data);

            await stream.SendDataAsync(ReadOnlyMemory<byte>.Empty, endStream: true).AsTask().Within(Bound);
            WireFrame end = await h.ExpectAsync(WireFrame.Data);
            Assert.Equal(0, end.Length);
            Assert.Equal(Wire.EndStream, end.Flags);
        }
    }

    [Fact]
    public async Task A_pending_send_fails_with_the_peers_reset_code_and_later_sends_are_dropped()
    {
        (SessionHarness h, Ht2Stream stream) = await SessionHarness.StartServerWithRequestAsync(endStream: false);
        await using (h)
        {
            h.Send(Wire.Settings((4, 0)));
            await h.SyncAsync(1);
            stream.SendHeaderBlock(Wire.Status200Block, endStream: false);
            await h.ExpectAsync(WireFrame.Headers);
            Task pending = stream.SendDataAsync(new byte[10], endStream: true).AsTask();
            h.Send(Wire.RstStream(1, (uint)Http2ErrorCode.StreamClosed));
            Ht2StreamClosedException closed = await Assert.ThrowsAsync<Ht2StreamClosedException>(() => pending.Within(Bound));
            Assert.Equal(1u, closed.StreamId);
            Assert.Equal(Http2ErrorCode.StreamClosed, closed.ErrorCode);
            Assert.Equal(Ht2StreamState.Closed, stream.State);

            // On a reset stream a new send fails at once with the reset's code; headers and resets are dropped silently.
            Ht2StreamClosedException again = await Assert.ThrowsAsync<Ht2StreamClosedException>(() => stream.SendDataAsync(new byte[1], endStream: true).AsTask().Within(Bound));
            Assert.Equal(Http2ErrorCode.StreamClosed, again.ErrorCode);
            stream.SendHeaderBlock(Wire.Status200Block, endStream: true);
            stream.Reset(Http2ErrorCode.Cancel);
            Assert.DoesNotContain(await h.SyncAsync(2), f => f.Type is WireFrame.Headers or WireFrame.RstStream or WireFrame.Data);
        }
    }

    [Fact]
    public async Task The_applications_reset_sends_its_code_and_fails_the_pending_send_with_it()
    {
        (SessionHarness h, Ht2Stream stream) = await SessionHarness.StartServerWithRequestAsync(endStream: false);
        await using (h)
        {
            h.Send(Wire.Settings((4, 0)));
            await h.SyncAsync(1);
            stream.SendHeaderBlock(Wire.Status200Block, endStream: false);
            Task pending = stream.SendDataAsync(new byte[10], endStream: true).AsTask();
            stream.Reset(Http2ErrorCode.EnhanceYourCalm);
            Ht2StreamClosedException closed = await Assert.ThrowsAsync<Ht2StreamClosedException>(() => pending.Within(Bound));
            Assert.Equal(Http2ErrorCode.EnhanceYourCalm, closed.ErrorCode);
            await h.ExpectResetAsync(1, Http2ErrorCode.EnhanceYourCalm);
            Assert.Equal(0, h.Session.ActiveStreamCount);
        }
    }

    [Fact]
    public async Task Closing_the_connection_fails_a_pending_send()
    {
        (SessionHarness h, Ht2Stream stream) = await SessionHarness.StartServerWithRequestAsync();
        await using (h)
        {
            h.Send(Wire.Settings((4, 0)));
            await h.SyncAsync(1);
            stream.SendHeaderBlock(Wire.Status200Block, endStream: false);
            Task pending = stream.SendDataAsync(new byte[10], endStream: true).AsTask();
            h.Session.Abort(Http2ErrorCode.InternalError);
            await Assert.ThrowsAsync<Ht2StreamClosedException>(() => pending.Within(Bound));
            WireFrame goAway = await h.ExpectAsync(WireFrame.GoAway);
            Assert.Equal((uint)Http2ErrorCode.InternalError, goAway.ErrorCode);
            Assert.Equal(1u, goAway.GoAwayLastStreamId);
            Assert.Equal(Http2ErrorCode.InternalError, h.Session.CloseReason);

            // Nothing more goes out once the connection is closing; a new send fails with the connection's code.
            stream.SendHeaderBlock(Wire.Status200Block, endStream: true);
            Ht2StreamClosedException late = await Assert.ThrowsAsync<Ht2StreamClosedException>(() => stream.SendDataAsync(new byte[1], endStream: true).AsTask().Within(Bound));
            Assert.Equal(Http2ErrorCode.InternalError, late.ErrorCode);
        }
    }

    [Fact]
    public async Task Informational_responses_precede_the_final_one_and_a_section_after_it_is_trailers()
    {
        (SessionHarness h, Ht2Stream stream) = await SessionHarness.StartServerWithRequestAsync();
        await using (h)
        {
            stream.SendHeaders([F(":status", "103"), F("link", "</a>")], endStream: false);
            stream.SendHeaders([F(":status", "200")], endStream: false);

            // After the final response a second :status is a pseudo-header in trailers.
            Assert.Throws<ArgumentException>(() => stream.SendHeaders([F(":status", "200")], endStream: true));
            Assert.Throws<ArgumentException>(() => stream.SendTrailers([F(":status", "200")]));
            stream.SendTrailers([F("t", "1")]);
            List<WireFrame> frames = await h.SyncAsync(1);
            List<WireFrame> headers = frames.FindAll(f => f.Type == WireFrame.Headers);
            Assert.Equal(3, headers.Count);
            Assert.False(headers[0].Has(Wire.EndStream));
            Assert.False(headers[1].Has(Wire.EndStream));
            Assert.True(headers[2].Has(Wire.EndStream));
            Assert.Equal(0x88, headers[1].Payload[0]);
        }
    }

    [Fact]
    public async Task An_informational_response_with_END_STREAM_is_refused()
    {
        (SessionHarness h, Ht2Stream stream) = await SessionHarness.StartServerWithRequestAsync();
        await using (h)
        {
            Assert.Throws<ArgumentException>(() => stream.SendHeaders([F(":status", "100")], endStream: true));
            stream.SendHeaders([F(":status", "204")], endStream: true);
            Assert.Equal(Ht2StreamState.Closed, stream.State);
        }
    }

    private static readonly Ht2Field[] ExtendedConnect =
    [
        F(":method", "CONNECT"), F(":protocol", "websocket"), F(":scheme", "https"), F(":path", "/chat"), F(":authority", "x"),
    ];

    [Fact]
    public async Task A_client_sends_extended_CONNECT_only_after_the_server_enabled_it()
    {
        await using SessionHarness h = await SessionHarness.StartClientAsync();
        Assert.Throws<ArgumentException>(() => h.Session.OpenStream(ExtendedConnect, endStream: false));
        h.Send(Wire.Settings((8, 1)));
        await h.SyncAsync();
        Assert.True(h.Session.PeerSettings.EnableConnectProtocol);
        Ht2Stream stream = h.Session.OpenStream(ExtendedConnect, endStream: false)!;
        Assert.Equal(1u, stream.Id);
        WireFrame headers = await h.ExpectAsync(WireFrame.Headers);
        Assert.False(headers.Has(Wire.EndStream));
    }

    [Fact]
    public async Task A_server_accepts_extended_CONNECT_only_when_it_advertised_it()
    {
        // :method CONNECT (literal, static name 2), :protocol websocket (literal, new name), :scheme https (0x87),
        // :path /chat (literal, static name 4), :authority x (literal, static name 1).
        byte[] block =
        [
            0x02, 0x07, .. "CONNECT"u8, 0x00, 0x09, .. ":protocol"u8, 0x09, .. "websocket"u8, 0x87,
            0x04, 0x05, .. "/chat"u8, 0x01, 0x01, (byte)'x',
        ];
        await using (SessionHarness off = await SessionHarness.StartServerAsync())
        {
            off.Send(Wire.Headers(1, block, endStream: false));
            await off.ExpectResetAsync(1, Http2ErrorCode.ProtocolError);
        }

        await using SessionHarness on = await SessionHarness.StartServerAsync(new Ht2SessionOptions { EnableConnectProtocol = true });
        on.Send(Wire.Headers(1, block, endStream: false));
        Assert.DoesNotContain(await on.SyncAsync(), f => f.Type == WireFrame.RstStream);
        Assert.Contains("request 1 end=False", on.Handler.Events);
        Assert.Contains((":protocol", "websocket"), on.Handler.LastHeaders);
    }
}
