using System;
using System.Collections.Generic;
using System.Text;
using System.Threading.Tasks;

namespace Ht2.Tests.Session;

/// <summary>
/// What a handler sees of a header section (<see cref="Ht2Headers"/>): every field in block order however many and
/// however long, lookups, the parsed :status, content-length and HEAD; the base handler's defaults; the peer's
/// SETTINGS as a record.
/// </summary>
public sealed class HeadersViewTests
{
    /// <summary>Copies what the handler sees inside the event, where the view is valid.</summary>
    private sealed class ViewHandler : Ht2SessionHandler
    {
        public List<(string Name, string Value)> Fields { get; } = new();

        public string? Lookup { get; private set; }

        public bool MissingFound { get; private set; }

        public int Status { get; private set; } = -1;

        public long ContentLength { get; private set; } = -2;

        public bool IsHead { get; private set; }

        public Exception? OutOfRange { get; private set; }

        public Exception? ValueOutOfRange { get; private set; }

        public override void OnRequest(Ht2Stream stream, Ht2Headers headers, bool endStream)
        {
            See(headers);
            stream.SendHeaderBlock(Wire.Status200Block, endStream: true);
        }

        public override void OnResponse(Ht2Stream stream, Ht2Headers headers, bool endStream) => See(headers);

        private void See(Ht2Headers headers)
        {
            Fields.Clear();
            for (int i = 0; i < headers.Count; i++)
            {
                Fields.Add((Encoding.ASCII.GetString(headers.GetName(i)), Encoding.ASCII.GetString(headers.GetValue(i))));
            }

            Lookup = headers.TryGetValue("x-5"u8, out ReadOnlySpan<byte> value) ? Encoding.ASCII.GetString(value) : null;
            MissingFound = headers.TryGetValue("x-none"u8, out ReadOnlySpan<byte> none) || !none.IsEmpty;
            Status = headers.Status;
            ContentLength = headers.ContentLength;
            IsHead = headers.IsHead;
            int count = headers.Count;
            try
            {
                headers.GetName(count);
            }
            catch (ArgumentOutOfRangeException e)
            {
                OutOfRange = e;
            }

            try
            {
                headers.GetValue(count);
            }
            catch (ArgumentOutOfRangeException e)
            {
                ValueOutOfRange = e;
            }
        }
    }

    /// <summary>"x-<i>i</i>: <paramref name="length"/> letters", a literal without indexing with a new name.</summary>
    private static byte[] Field(int i, int length)
    {
        byte[] name = Encoding.ASCII.GetBytes($"x-{i}");
        List<byte> bytes = [0x00, (byte)name.Length, .. name];
        if (length < 127)
        {
            bytes.Add((byte)length);
        }
        else
        {
            // 7-bit prefix integer (RFC 7541 §5.1) for lengths below 127 + 128.
            bytes.Add(0x7F);
            bytes.Add((byte)(length - 127));
        }

        bytes.AddRange(Encoding.ASCII.GetBytes(new string((char)('a' + (i % 26)), length)));
        return bytes.ToArray();
    }

    [Fact]
    public async Task A_handler_sees_every_field_in_order_beyond_the_arenas_first_sizes()
    {
        ViewHandler view = new();
        await using SessionHarness h = await SessionHarness.StartServerAsync(handler: view);

        // 4 pseudo-header fields and 30 more of 100 bytes each: more fields and bytes than the arena starts with.
        List<byte> block = [0x82, 0x86, 0x84, 0x41, 0x01, (byte)'x'];
        for (int i = 0; i < 30; i++)
        {
            block.AddRange(Field(i, 100));
        }

        h.Send(Wire.Headers(1, block.ToArray(), endStream: true));
        await h.ExpectAsync(WireFrame.Headers);
        Assert.Equal(34, view.Fields.Count);
        Assert.Equal((":method", "GET"), view.Fields[0]);
        Assert.Equal((":authority", "x"), view.Fields[3]);
        for (int i = 0; i < 30; i++)
        {
            Assert.Equal(($"x-{i}", new string((char)('a' + (i % 26)), 100)), view.Fields[4 + i]);
        }

        Assert.Equal(new string('f', 100), view.Lookup);
        Assert.False(view.MissingFound);
        Assert.Equal(-1, view.ContentLength);
        Assert.Equal(0, view.Status);
        Assert.False(view.IsHead);
        Assert.NotNull(view.OutOfRange);
        Assert.NotNull(view.ValueOutOfRange);
    }

    [Fact]
    public async Task A_handler_sees_HEAD_and_the_content_length()
    {
        ViewHandler view = new();
        await using SessionHarness h = await SessionHarness.StartServerAsync(handler: view);

        // :method HEAD as a literal of static name 2; content-length: 0 (static name 28).
        byte[] block = [0x02, 0x04, .. "HEAD"u8, 0x86, 0x84, 0x41, 0x01, (byte)'x', 0x0F, 0x0D, 0x01, (byte)'0'];
        h.Send(Wire.Headers(1, block, endStream: true));
        await h.ExpectAsync(WireFrame.Headers);
        Assert.True(view.IsHead);
        Assert.Equal(0, view.ContentLength);
        Assert.Null(view.Lookup);
    }

    [Fact]
    public async Task A_client_handler_sees_the_status()
    {
        ViewHandler view = new();
        await using SessionHarness h = await SessionHarness.StartClientAsync(handler: view);
        h.Session.OpenStream(Wire.GetBlock, endStream: true);

        // :status 404 (static index 13, 0x8D).
        h.Send(Wire.Headers(1, [0x8D], endStream: true));
        await h.SyncAsync();
        Assert.Equal(404, view.Status);
        Assert.Equal([(":status", "404")], view.Fields);
    }

    private sealed class DefaultHandler : Ht2SessionHandler;

    private sealed class AcceptingHandler : Ht2SessionHandler
    {
        public override void OnRequest(Ht2Stream stream, Ht2Headers headers, bool endStream)
        {
        }
    }

    [Fact]
    public async Task The_base_handler_refuses_requests()
    {
        await using SessionHarness h = await SessionHarness.StartServerAsync(handler: new DefaultHandler());
        h.Send(Wire.Headers(1, Wire.GetBlock, endStream: true));
        await h.ExpectResetAsync(1, Http2ErrorCode.RefusedStream);
        Assert.Equal(0, h.Session.ActiveStreamCount);
    }

    [Fact]
    public async Task The_base_handler_releases_a_stream_the_peer_reset()
    {
        await using SessionHarness h = await SessionHarness.StartServerAsync(new Ht2SessionOptions { MaxConcurrentStreams = 1 }, handler: new AcceptingHandler());
        h.Send(Wire.Headers(1, Wire.PostBlock, endStream: false));
        h.Send(Wire.Concat(Wire.Data(1, 1, false), Wire.Ping(1, ack: true), Wire.Settings(), Wire.GoAway(9, 0)));
        h.Send(Wire.RstStream(1, (uint)Http2ErrorCode.Cancel));
        h.Send(Wire.Headers(3, Wire.PostBlock, endStream: false));
        Assert.DoesNotContain(await h.SyncAsync(), f => f.Type is WireFrame.RstStream or WireFrame.GoAway);
        Assert.Equal(1, h.Session.ActiveStreamCount);
    }

    [Fact]
    public async Task The_peers_SETTINGS_start_at_the_RFC_defaults_and_take_each_parameter()
    {
        await using SessionHarness h = await SessionHarness.StartServerAsync(handshake: false);
        Assert.Equal(new Ht2PeerSettings(4096, true, uint.MaxValue, 65_535, 16_384, uint.MaxValue, false), h.Session.PeerSettings);
        Assert.Equal(h.Session.PeerSettings, Ht2PeerSettings.Initial);

        h.Send(Wire.Concat(Wire.Preface, Wire.Settings((0x1, 100), (0x2, 0), (0x3, 9), (0x4, 1), (0x5, 16_385), (0x6, 7), (0x8, 1), (0xF0, 5))));
        await h.ExpectAsync(WireFrame.Settings);
        await h.SyncAsync();
        Assert.Equal(new Ht2PeerSettings(100, false, 9, 1, 16_385, 7, true), h.Session.PeerSettings);

        h.Send(Wire.Settings((0x2, 1), (0x8, 0)));
        await h.SyncAsync(1);
        Assert.True(h.Session.PeerSettings.EnablePush);
        Assert.False(h.Session.PeerSettings.EnableConnectProtocol);
    }
}
