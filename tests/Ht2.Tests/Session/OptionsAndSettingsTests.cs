using System;
using System.Buffers.Binary;
using System.Collections.Generic;
using System.Threading;
using System.Threading.Tasks;

namespace Ht2.Tests.Session;

/// <summary>
/// Every option's range at its edges, and the SETTINGS each role advertises from its options (RFC 9113 §6.5.2):
/// an entry only when the value differs from the RFC default, the connection window opened by WINDOW_UPDATE.
/// </summary>
public sealed class OptionsAndSettingsTests
{
    public static TheoryData<Ht2SessionOptions> Rejected => new()
    {
        new Ht2SessionOptions { MaxConcurrentStreams = -1 },
        new Ht2SessionOptions { Windows = null! },
        new Ht2SessionOptions { Windows = new Ht2WindowPolicy { StreamWindowSize = -1 } },
        new Ht2SessionOptions { Windows = new Ht2WindowPolicy { ConnectionWindowSize = 65_534 } },
        new Ht2SessionOptions { Windows = new Ht2WindowPolicy { UpdateThresholdPercent = 0 } },
        new Ht2SessionOptions { Windows = new Ht2WindowPolicy { UpdateThresholdPercent = 101 } },
        new Ht2SessionOptions { MaxFrameSize = 16_383 },
        new Ht2SessionOptions { MaxFrameSize = 16_777_216 },
        new Ht2SessionOptions { MaxHeaderListSize = -1 },
        new Ht2SessionOptions { HeaderTableSize = -1 },
        new Ht2SessionOptions { EncoderTableSize = -1 },
        new Ht2SessionOptions { EncoderTableSize = HpackIndexingEncoder.MaxTableSizeCap + 1 },
        new Ht2SessionOptions { MaxQueuedControlFrames = 0 },
        new Ht2SessionOptions { MaxDataBytesPerWrite = 16_383 },
        new Ht2SessionOptions { ClosedStreamMemory = 0 },
        new Ht2SessionOptions { TimerPeriod = TimeSpan.Zero },
        new Ht2SessionOptions { TlsHandshakeTimeout = TimeSpan.Zero },
        new Ht2SessionOptions { MaxBytesPerSend = 0 },
        new Ht2SessionOptions { NotSentLowWatermark = -1 },
        new Ht2SessionOptions { ReceiveSpin = TimeSpan.FromTicks(-1) },
        new Ht2SessionOptions { ReceiveSpin = TimeSpan.FromMilliseconds(1) + TimeSpan.FromTicks(1) },
    };

    public static TheoryData<Ht2SessionOptions> Accepted => new()
    {
        new Ht2SessionOptions { MaxConcurrentStreams = 0 },
        new Ht2SessionOptions { Windows = new Ht2WindowPolicy { StreamWindowSize = 0, ConnectionWindowSize = 65_535 } },
        new Ht2SessionOptions { Windows = new Ht2WindowPolicy { UpdateThresholdPercent = 1 } },
        new Ht2SessionOptions { Windows = new Ht2WindowPolicy { UpdateThresholdPercent = 100 } },
        new Ht2SessionOptions { MaxFrameSize = 16_384 },
        new Ht2SessionOptions { MaxFrameSize = 16_777_215 },
        new Ht2SessionOptions { MaxHeaderListSize = 0, HeaderTableSize = 0, EncoderTableSize = 0 },
        new Ht2SessionOptions { EncoderTableSize = HpackIndexingEncoder.MaxTableSizeCap },
        new Ht2SessionOptions { MaxQueuedControlFrames = 1, MaxDataBytesPerWrite = 16_384, ClosedStreamMemory = 1 },
        new Ht2SessionOptions { TimerPeriod = TimeSpan.FromTicks(1), TlsHandshakeTimeout = TimeSpan.FromTicks(1) },
        new Ht2SessionOptions { MaxBytesPerSend = 1, NotSentLowWatermark = 0 },
        new Ht2SessionOptions { NotSentLowWatermark = null },
        new Ht2SessionOptions { ReceiveSpin = TimeSpan.FromMilliseconds(1) },
        new Ht2SessionOptions { ReceiveSpin = TimeSpan.FromTicks(1) },
    };

    [Fact]
    public void Every_default_is_the_documented_value()
    {
        Ht2SessionOptions o = new();
        Assert.Equal(100, o.MaxConcurrentStreams);
        Assert.Equal(1024 * 1024, o.Windows.StreamWindowSize);
        Assert.Equal(4 * 1024 * 1024, o.Windows.ConnectionWindowSize);
        Assert.Equal(50, o.Windows.UpdateThresholdPercent);
        Assert.True(o.ConsumeDataOnReceive);
        Assert.Equal(16_384, o.MaxFrameSize);
        Assert.Equal(65_536, o.MaxHeaderListSize);
        Assert.Equal(4096, o.HeaderTableSize);
        Assert.Equal(4096, o.EncoderTableSize);
        Assert.Equal(8, o.MaxContinuationFrames);
        Assert.Equal(65_536, o.MaxHeaderBlockBytes);
        Assert.False(o.EnableConnectProtocol);
        Assert.Null(o.ExtensionFrames);
        Assert.Equal(TimeSpan.FromSeconds(10), o.TlsHandshakeTimeout);
        Assert.Equal(new RateLimit(1000, 33), o.ReceivedResets);
        Assert.Equal(new RateLimit(200, 7), o.LocalResets);
        Assert.Equal(1024, o.MaxStreamErrors);
        Assert.Equal(new RateLimit(100, 10), o.EmptyFrames);
        Assert.Equal(new RateLimit(1000, 100), o.PriorityFrames);
        Assert.Equal(new RateLimit(10_000, 1000), o.WindowUpdateFrames);
        Assert.Equal(new RateLimit(1000, 100), o.PingFrames);
        Assert.Equal(new RateLimit(100, 10), o.SettingsFrames);
        Assert.Equal(32, o.MaxSettingsEntries);
        Assert.Equal(10_000, o.MaxQueuedControlFrames);
        Assert.Equal(256 * 1024, o.MaxDataBytesPerWrite);
        Assert.Equal(60 * 1024, o.MaxBytesPerSend);
        Assert.Equal(32 * 1024, o.NotSentLowWatermark);
        Assert.Equal(TimeSpan.Zero, o.ReceiveSpin);
        Assert.Equal(TimeSpan.FromMilliseconds(1), Ht2SessionOptions.MaxReceiveSpin);
        Assert.Equal(256, o.ClosedStreamMemory);
        Assert.Equal(TimeSpan.FromSeconds(10), o.HandshakeTimeout);
        Assert.Equal(TimeSpan.FromSeconds(10), o.SettingsAckTimeout);
        Assert.Equal(TimeSpan.FromSeconds(120), o.IdleTimeout);
        Assert.Null(o.KeepAliveInterval);
        Assert.Equal(TimeSpan.FromSeconds(20), o.KeepAliveTimeout);
        Assert.Equal(TimeSpan.FromSeconds(30), o.WriteStallTimeout);
        Assert.Equal(TimeSpan.FromSeconds(10), o.ShutdownTimeout);
        Assert.Equal(TimeSpan.FromSeconds(1), o.CloseLinger);
        Assert.Equal(TimeSpan.FromMilliseconds(250), o.TimerPeriod);
        Assert.Equal(new RateLimit(0, 0), RateLimit.Unlimited);
    }

    [Theory]
    [MemberData(nameof(Rejected))]
    public void An_option_out_of_range_is_rejected_by_Validate_and_by_the_session(Ht2SessionOptions options)
    {
        Assert.ThrowsAny<ArgumentException>(options.Validate);
        Assert.ThrowsAny<ArgumentException>(() => new Ht2Session(new MemoryTransport(), Ht2SessionRole.Server, new RecordingHandler(), options, null));
    }

    [Theory]
    [MemberData(nameof(Accepted))]
    public void An_option_at_the_edge_of_its_range_is_accepted(Ht2SessionOptions options) => options.Validate();

    [Fact]
    public void A_session_needs_a_handler() =>
        Assert.Throws<ArgumentNullException>(() => new Ht2Session(new MemoryTransport(), Ht2SessionRole.Server, null!, null, null));

    private static Dictionary<ushort, uint> Entries(WireFrame settings)
    {
        Assert.Equal(WireFrame.Settings, settings.Type);
        Assert.Equal(0, settings.Length % 6);
        Dictionary<ushort, uint> entries = new();
        for (int i = 0; i < settings.Length; i += 6)
        {
            entries.Add(BinaryPrimitives.ReadUInt16BigEndian(settings.Payload.AsSpan(i)), BinaryPrimitives.ReadUInt32BigEndian(settings.Payload.AsSpan(i + 2)));
        }

        return entries;
    }

    [Fact]
    public async Task A_server_advertises_each_non_default_option_and_no_WINDOW_UPDATE_for_a_default_connection_window()
    {
        Ht2SessionOptions options = new()
        {
            MaxConcurrentStreams = 7,
            HeaderTableSize = 0,
            Windows = new Ht2WindowPolicy { StreamWindowSize = 65_535, ConnectionWindowSize = 65_535 },
            MaxFrameSize = 32_768,
            MaxHeaderListSize = 1000,
            EnableConnectProtocol = true,
        };
        await using SessionHarness h = await SessionHarness.StartServerAsync(options, handshake: false);
        Dictionary<ushort, uint> entries = Entries(await h.NextFrameAsync());
        Assert.Equal(new Dictionary<ushort, uint> { [0x3] = 7, [0x1] = 0, [0x5] = 32_768, [0x6] = 1000, [0x8] = 1 }, entries);

        // No WINDOW_UPDATE follows: the next frame is the ACK of the client's SETTINGS.
        h.Send(Wire.Concat(Wire.Preface, Wire.Settings()));
        WireFrame next = await h.NextFrameAsync();
        Assert.Equal(WireFrame.Settings, next.Type);
        Assert.True(next.Has(Wire.Ack));
    }

    [Fact]
    public async Task A_client_disables_push_and_never_advertises_extended_CONNECT()
    {
        Ht2SessionOptions options = new() { EnableConnectProtocol = true, Windows = new Ht2WindowPolicy { StreamWindowSize = 70_000, ConnectionWindowSize = 65_536 } };
        MemoryTransport transport = new();
        Ht2Session session = new(transport, Ht2SessionRole.Client, new RecordingHandler(), options, new FakeTime());
        Task run = session.RunAsync();
        try
        {
            List<byte> written = new();
            List<WireFrame> frames = new();
            int offset = 0;
            while (frames.Count < 2)
            {
                await transport.OutputArrived.Within(TimeSpan.FromSeconds(10));
                written.AddRange(transport.TakeOutput());
                frames.AddRange(Wire.Parse(written.ToArray(), ref offset));
            }

            Assert.Equal(new byte[] { 0x50, 0x52, 0x49, 0x20 }, written.GetRange(0, 4));
            Assert.Equal(new Dictionary<ushort, uint> { [0x2] = 0, [0x4] = 70_000, [0x6] = 65_536 }, Entries(frames[0]));
            Assert.Equal(WireFrame.WindowUpdate, frames[1].Type);
            Assert.Equal(1u, frames[1].WindowIncrement);
            Assert.Throws<InvalidOperationException>(() => { _ = session.RunAsync(); });
        }
        finally
        {
            transport.Close();
            await run.Within(TimeSpan.FromSeconds(10));
        }
    }

    [Fact]
    public async Task The_peers_SETTINGS_are_applied_acknowledged_and_reported()
    {
        await using SessionHarness h = await SessionHarness.StartServerAsync();
        h.Send(Wire.Settings((0x3, 5), (0x4, 1000), (0x5, 20_000), (0x6, 300)));
        List<WireFrame> frames = await h.SyncAsync();
        Assert.Contains(frames, f => f.Type == WireFrame.Settings && f.Has(Wire.Ack) && f.Length == 0);
        Assert.Contains("settings window=1000", h.Handler.Events);
        Ht2PeerSettings peer = h.Session.PeerSettings;
        Assert.Equal(5u, peer.MaxConcurrentStreams);
        Assert.Equal(1000u, peer.InitialWindowSize);
        Assert.Equal(20_000u, peer.MaxFrameSize);
        Assert.Equal(300u, peer.MaxHeaderListSize);
    }

    [Fact]
    public async Task The_peers_MAX_FRAME_SIZE_sizes_our_DATA_frames()
    {
        byte[] body = new byte[40_000];
        await using SessionHarness h = await SessionHarness.StartServerAsync(setup: handler => handler.Request = (stream, ended) =>
        {
            stream.SendHeaderBlock(Wire.Status200Block, endStream: false);
            _ = stream.SendDataAsync(body, endStream: true);
        });
        h.Send(Wire.Concat(Wire.Settings((0x4, 100_000), (0x5, 20_000)), Wire.WindowUpdate(0, 100_000)));
        await h.SyncAsync();
        h.Send(Wire.Headers(1, Wire.GetBlock, endStream: true));
        List<WireFrame> frames = await h.ReadDataAsync(40_000);
        Assert.Equal(new[] { 20_000, 20_000 }, frames.FindAll(f => f.Type == WireFrame.Data).ConvertAll(f => f.Length));
    }

    [Fact]
    public async Task A_header_list_over_the_peers_limit_is_refused_before_anything_is_sent()
    {
        Exception? thrown = null;
        await using SessionHarness h = await SessionHarness.StartServerAsync(setup: handler => handler.Request = (stream, ended) =>
        {
            // ":status" (7) + "200" (3) + 32 = 42 bytes, "a" + 8 bytes + 32 = 41: 83 in all (RFC 9113 §6.5.2).
            Ht2Field[] fields = [new(":status"u8.ToArray(), "200"u8.ToArray()), new("a"u8.ToArray(), "12345678"u8.ToArray())];
            thrown = Record.Exception(() => stream.SendHeaders(fields, endStream: false));
            stream.SendHeaders([fields[0], new("a"u8.ToArray(), "1234567"u8.ToArray())], endStream: true);
        });
        h.Send(Wire.Settings((0x6, 82)));
        h.Send(Wire.Headers(1, Wire.GetBlock, endStream: true));
        WireFrame headers = await h.ExpectAsync(WireFrame.Headers);
        Assert.IsType<ArgumentException>(thrown);
        Assert.True(headers.Has(Wire.EndStream));
    }

    [Fact]
    public void The_infinite_timeouts_are_legal() =>
        new Ht2SessionOptions { HandshakeTimeout = Timeout.InfiniteTimeSpan, IdleTimeout = Timeout.InfiniteTimeSpan, ShutdownTimeout = TimeSpan.MaxValue }.Validate();
}
