using System;
using System.Buffers.Binary;
using System.Collections.Generic;
using System.Threading.Tasks;

namespace Ht2.Tests.Session;

/// <summary>What we advertise, the state a handle reports at each step, and shutdown deadlines.</summary>
public sealed class SettingsAndLifecycleTests
{
    [Fact]
    public async Task Server_advertises_its_limits_and_opens_the_connection_window()
    {
        await using SessionHarness h = await SessionHarness.StartServerAsync(handshake: false);
        WireFrame settings = await h.NextFrameAsync();
        Dictionary<ushort, uint> entries = new();
        for (int i = 0; i < settings.Length; i += 6)
        {
            entries[BinaryPrimitives.ReadUInt16BigEndian(settings.Payload.AsSpan(i))] = BinaryPrimitives.ReadUInt32BigEndian(settings.Payload.AsSpan(i + 2));
        }

        Assert.Equal(100u, entries[0x3]);          // SETTINGS_MAX_CONCURRENT_STREAMS
        Assert.Equal(1u << 20, entries[0x4]);      // SETTINGS_INITIAL_WINDOW_SIZE, 1 MiB
        Assert.Equal(65_536u, entries[0x6]);       // SETTINGS_MAX_HEADER_LIST_SIZE
        Assert.False(entries.ContainsKey(0x5));    // MAX_FRAME_SIZE left at 16,384
        WireFrame update = await h.NextFrameAsync();
        Assert.Equal(WireFrame.WindowUpdate, update.Type);
        Assert.Equal(0u, update.StreamId);
        Assert.Equal((4u << 20) - 65_535, update.WindowIncrement);
    }

    [Fact]
    public void Validate_rejects_an_out_of_range_option_and_accepts_the_defaults()
    {
        new Ht2SessionOptions().Validate();
        Assert.Throws<ArgumentOutOfRangeException>(() => new Ht2SessionOptions { MaxConcurrentStreams = -1 }.Validate());
        Assert.Throws<ArgumentOutOfRangeException>(() => new Ht2SessionOptions { Windows = new Ht2WindowPolicy { ConnectionWindowSize = 65_534 } }.Validate());
        Assert.Throws<ArgumentOutOfRangeException>(() => new Ht2SessionOptions { TimerPeriod = TimeSpan.Zero }.Validate());
    }

    [Fact]
    public async Task A_server_enabling_push_is_a_connection_PROTOCOL_ERROR_for_a_client()
    {
        SessionHarness h = await SessionHarness.StartClientAsync();
        await using (h)
        {
            h.Send(Wire.Settings((2, 1)));
            await h.ExpectGoAwayAsync(Http2ErrorCode.ProtocolError);
        }
    }

    [Fact]
    public async Task A_handle_reports_each_state_of_RFC_9113_section_5_1()
    {
        List<Ht2StreamState> seen = new();
        Ht2Stream? stream = null;
        await using SessionHarness h = await SessionHarness.StartServerAsync(setup: handler => handler.Request = (s, ended) =>
        {
            stream = s;
            seen.Add(s.State);
        });
        h.Send(Wire.Headers(1, Wire.PostBlock, endStream: false));
        await h.SyncAsync();
        h.Send(Wire.Data(1, 3, endStream: true));
        await h.SyncAsync(1);
        seen.Add(stream!.State);
        stream.SendHeaderBlock(Wire.Status200Block, endStream: true);
        seen.Add(stream.State);
        Assert.Equal([Ht2StreamState.Open, Ht2StreamState.HalfClosedRemote, Ht2StreamState.Closed], seen);
    }

    [Fact]
    public async Task Our_END_STREAM_first_makes_the_stream_half_closed_local()
    {
        Ht2Stream? stream = null;
        await using SessionHarness h = await SessionHarness.StartServerAsync(setup: handler => handler.Request = (s, ended) =>
        {
            stream = s;
            s.SendHeaderBlock(Wire.Status200Block, endStream: true);
        });
        h.Send(Wire.Headers(1, Wire.PostBlock, endStream: false));
        await h.SyncAsync();
        Assert.Equal(Ht2StreamState.HalfClosedLocal, stream!.State);
        InvalidOperationException ended = Assert.Throws<InvalidOperationException>(() => stream.SendHeaderBlock(Wire.Status200Block, endStream: true));
        Assert.Equal("This side of the stream has ended.", ended.Message);

        // The peer may still send; its END_STREAM closes the stream.
        h.Send(Wire.Data(1, 5, endStream: true));
        await h.SyncAsync(1);
        Assert.Contains("data 1 5 end=True", h.Handler.Events);
        Assert.Equal(0, h.Session.ActiveStreamCount);
    }

    [Fact]
    public async Task DATA_after_the_application_reset_the_stream_gets_no_credit_and_no_reset()
    {
        RecordingHandler? recorder = null;
        await using SessionHarness h = await SessionHarness.StartServerAsync(setup: handler => recorder = handler);
        Ht2Stream? stream = null;
        recorder!.Request = (s, ended) => stream = s;
        h.Send(Wire.Headers(1, Wire.PostBlock, endStream: false));
        await h.SyncAsync();
        stream!.Reset(Http2ErrorCode.Cancel);
        await h.ExpectResetAsync(1, Http2ErrorCode.Cancel);
        h.Send(Wire.Data(1, 5, endStream: true));
        List<WireFrame> frames = await h.SyncAsync(1);
        Assert.DoesNotContain(frames, f => f.Type is WireFrame.WindowUpdate or WireFrame.RstStream);
        Assert.Equal(Ht2StreamState.Closed, stream.State);
    }

    [Fact]
    public async Task Graceful_shutdown_gives_up_after_its_timeout()
    {
        await using SessionHarness h = await SessionHarness.StartServerAsync(new Ht2SessionOptions { ShutdownTimeout = TimeSpan.FromSeconds(5) });
        h.Send(Wire.Headers(1, Wire.GetBlock, endStream: true));
        await h.SyncAsync();
        h.Session.Shutdown();
        WireFrame first = await h.ExpectAsync(WireFrame.GoAway);
        Assert.Equal((uint)Http2ErrorCode.NoError, first.ErrorCode);
        Assert.Equal(1u, first.GoAwayLastStreamId);
        h.Time.Advance(TimeSpan.FromSeconds(6));
        WireFrame final = await h.ExpectGoAwayAsync(Http2ErrorCode.NoError);
        Assert.Equal(1u, final.GoAwayLastStreamId);
        Assert.Contains("reset 1 NoError", h.Handler.Events);
    }

    [Fact]
    public async Task Our_HEADER_TABLE_SIZE_applies_when_acknowledged()
    {
        await using SessionHarness h = await SessionHarness.StartServerAsync(new Ht2SessionOptions { HeaderTableSize = 0 }, handshake: false);
        h.Send(Wire.Concat(Wire.Preface, Wire.Settings()));
        await h.ExpectAsync(WireFrame.Settings);

        // Before the ACK the peer may still index into the RFC's 4,096-byte table (literal with indexing "a: b").
        h.Send(Wire.Headers(1, [.. Wire.GetBlock, 0x40, 0x01, (byte)'a', 0x01, (byte)'b'], endStream: true));
        await h.SyncAsync();
        Assert.Contains("request 1 end=True", h.Handler.Events);

        // After it, the next block must start with a size update to 0 (RFC 7541 §4.2); this one does not.
        h.Send(Wire.SettingsAck);
        h.Send(Wire.Headers(3, Wire.GetBlock, endStream: true));
        await h.ExpectGoAwayAsync(Http2ErrorCode.CompressionError);
    }

    [Fact]
    public async Task Releasing_a_stream_our_side_has_not_ended_cancels_it()
    {
        await using SessionHarness h = await SessionHarness.StartServerAsync(setup: handler => handler.Request = (stream, ended) => stream.Release());
        h.Send(Wire.Headers(1, Wire.GetBlock, endStream: true));
        await h.ExpectResetAsync(1, Http2ErrorCode.Cancel);
        Assert.Equal(0, h.Session.ActiveStreamCount);
    }

    [Fact]
    public async Task Disposing_a_session_that_never_ran_completes()
    {
        MemoryTransport transport = new();
        Ht2Session session = new(transport, Ht2SessionRole.Server, new RecordingHandler(), null, null);
        await session.DisposeAsync();
        Assert.True(session.Completion.IsCompletedSuccessfully);
        Assert.True(transport.IsClosed);
    }
}
