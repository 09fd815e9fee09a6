using System;
using System.Buffers.Binary;
using System.Collections.Generic;
using System.Threading.Tasks;

namespace Ht2.Tests.Session;

/// <summary>What the application asks of the connection: PING, graceful shutdown (once), and releasing streams in each state.</summary>
public sealed class ApplicationControlTests
{
    private static readonly TimeSpan Bound = TimeSpan.FromSeconds(10);

    [Fact]
    public async Task An_application_PING_carries_its_data_and_the_ACK_is_reported()
    {
        await using SessionHarness h = await SessionHarness.StartServerAsync();
        h.Session.Ping(0x0102_0304_0506_0708);
        WireFrame ping = await h.ExpectAsync(WireFrame.Ping);
        Assert.Equal(0, ping.Flags);
        Assert.Equal(0u, ping.StreamId);
        Assert.Equal(0x0102_0304_0506_0708ul, BinaryPrimitives.ReadUInt64BigEndian(ping.Payload));
        h.Send(Wire.Ping(0x0102_0304_0506_0708, ack: true));
        await h.SyncAsync();
        Assert.Contains($"ping {0x0102_0304_0506_0708ul} ack=True", h.Handler.Events);
    }

    [Fact]
    public async Task A_peer_PING_is_answered_with_the_same_data()
    {
        await using SessionHarness h = await SessionHarness.StartServerAsync();
        h.Send(Wire.Ping(0xAABB_CCDD_EEFF_0011));
        WireFrame ack = await h.ExpectAsync(WireFrame.Ping);
        Assert.Equal(Wire.Ack, ack.Flags);
        Assert.Equal(0xAABB_CCDD_EEFF_0011ul, BinaryPrimitives.ReadUInt64BigEndian(ack.Payload));
        Assert.Contains($"ping {0xAABB_CCDD_EEFF_0011ul} ack=False", h.Handler.Events);
    }

    [Fact]
    public async Task Shutdown_without_streams_closes_at_once()
    {
        await using SessionHarness h = await SessionHarness.StartServerAsync();
        h.Session.Shutdown();
        h.Session.Shutdown();
        WireFrame goAway = await h.ExpectAsync(WireFrame.GoAway);
        Assert.Equal((uint)Http2ErrorCode.NoError, goAway.ErrorCode);
        await h.Transport.OutputShutDown.Within(Bound);
        Assert.Equal(Http2ErrorCode.NoError, h.Session.CloseReason);
    }

    [Fact]
    public async Task Releasing_twice_or_after_the_stream_closed_sends_nothing()
    {
        Ht2Stream? stream = null;
        await using SessionHarness h = await SessionHarness.StartServerAsync(setup: handler =>
        {
            handler.Request = (s, ended) => stream = s;
            handler.Reset = s => { };
        });
        h.Send(Wire.Headers(1, Wire.PostBlock, endStream: false));
        h.Send(Wire.RstStream(1, (uint)Http2ErrorCode.Cancel));
        await h.SyncAsync();
        Assert.Equal(1, h.Session.ActiveStreamCount);

        // Reset by the peer: releasing frees the slot and sends nothing; a second release changes nothing.
        stream!.Release();
        stream.Release();
        Assert.Equal(0, h.Session.ActiveStreamCount);
        Assert.DoesNotContain(await h.SyncAsync(1), f => f.Type == WireFrame.RstStream);
    }

    [Fact]
    public async Task Releasing_a_stream_whose_response_is_complete_but_request_is_not_cancels_the_request()
    {
        Ht2Stream? stream = null;
        await using SessionHarness h = await SessionHarness.StartServerAsync(setup: handler => handler.Request = (s, ended) => stream = s);
        h.Send(Wire.Headers(1, Wire.PostBlock, endStream: false));
        await h.SyncAsync();
        stream!.SendHeaderBlock(Wire.Status200Block, endStream: true);
        Assert.Equal(Ht2StreamState.HalfClosedLocal, stream.State);

        // Our side ended: releasing does not reset; the stream stays until the peer ends it.
        stream.Release();
        Assert.DoesNotContain(await h.SyncAsync(), f => f.Type == WireFrame.RstStream);
        Assert.Equal(1, h.Session.ActiveStreamCount);
        h.Send(Wire.Data(1, 2, endStream: true));
        await h.SyncAsync(1);
        Assert.Equal(0, h.Session.ActiveStreamCount);
    }

    [Fact]
    public async Task Releasing_during_the_close_sends_no_reset()
    {
        Ht2Stream? stream = null;
        await using SessionHarness h = await SessionHarness.StartServerAsync(setup: handler =>
        {
            handler.Request = (s, ended) => stream = s;
            handler.Reset = s => { };
        });
        h.Send(Wire.Headers(1, Wire.PostBlock, endStream: false));
        await h.SyncAsync();
        h.Session.Abort(Http2ErrorCode.NoError);
        stream!.Release();
        List<WireFrame> frames = new();
        WireFrame frame;
        do
        {
            frame = await h.NextFrameAsync();
            frames.Add(frame);
        }
        while (frame.Type != WireFrame.GoAway);

        Assert.DoesNotContain(frames, f => f.Type == WireFrame.RstStream);
        Assert.Equal(0, h.Session.ActiveStreamCount);
    }

    [Fact]
    public async Task The_applications_own_reset_fails_its_waiting_send_before_Reset_returns_and_is_not_reported_back()
    {
        (SessionHarness started, Ht2Stream request, ValueTask send) = await WaitingSend.StartAsync();
        await using SessionHarness h = started;
        request.Reset(Http2ErrorCode.InternalError);
        Assert.True(send.IsCompleted, "the waiting send was not failed by the reset itself");
        Ht2StreamClosedException failed = await Assert.ThrowsAsync<Ht2StreamClosedException>(() => send.AsTask().Within(Bound));
        Assert.Equal(Http2ErrorCode.InternalError, failed.ErrorCode);
        await h.ExpectResetAsync(1, Http2ErrorCode.InternalError);
        Assert.DoesNotContain(h.Handler.Events, e => e.StartsWith("reset", StringComparison.Ordinal));
    }
}
