using System;
using System.Collections.Generic;
using System.IO.Pipelines;
using System.Threading;
using System.Threading.Tasks;
using Ht2.Tests.IO;

namespace Ht2.Tests.Session;

/// <summary>
/// <see cref="Ht2Session.DisposeAsync"/> over a pipe whose input the peer never completes: the disposal writes what is
/// queued and its GOAWAY, closes both ends and returns, whether or not the session's clock moves; a send that waited
/// for credit is failed, not left pending.
/// </summary>
public sealed class PipeDisposalTests
{
    private static readonly TimeSpan Bound = TimeSpan.FromSeconds(10);

    [Theory]
    [InlineData(true, false)] // a clock that never moves: the linger after the GOAWAY never ends by itself
    [InlineData(true, true)]
    [InlineData(false, false)] // the system clock with an infinite linger
    [InlineData(false, true)]
    public async Task Dispose_WritesTheGoAway_ClosesBothEnds_AndFailsAWaitingSend(bool fakeClock, bool inlineSchedulers)
    {
        PipePeer pipes = new(inlineSchedulers);
        RecordingHandler handler = new();
        ValueTask waitingSend = default;
        handler.Request = (stream, _) =>
        {
            stream.SendHeaders([new(":status"u8.ToArray(), "200"u8.ToArray())], endStream: false);
            waitingSend = stream.SendDataAsync(new byte[10], endStream: true); // the peer's window is 0: it waits
        };
        Ht2SessionOptions options = fakeClock ? new() : new() { CloseLinger = Timeout.InfiniteTimeSpan };
        Ht2Session server = Ht2Session.CreateServer(pipes.ServerSide, handler, options, fakeClock ? new FakeTime() : null);
        Task run = server.RunAsync();

        // SETTINGS_INITIAL_WINDOW_SIZE (0x4) = 0, then a GET on stream 1 and a PING to know it was answered.
        await pipes.SendAsync(Wire.Preface, Wire.Settings((0x4, 0)), Wire.SettingsAck, Wire.Headers(1, Wire.GetBlock, endStream: true), Wire.Ping(9));
        List<WireFrame> frames = await pipes.ReadUntilAsync(f => f.Type == WireFrame.Ping && f.Has(Wire.Ack));
        Assert.Contains(frames, f => f.Type == WireFrame.Headers && f.StreamId == 1);
        Assert.False(waitingSend.IsCompleted);

        await server.DisposeAsync().AsTask().Within(Bound);

        Assert.True(run.IsCompletedSuccessfully, "Completion reports a fault");
        Assert.Equal(Http2ErrorCode.NoError, server.CloseReason);
        Ht2StreamClosedException failed = await Assert.ThrowsAsync<Ht2StreamClosedException>(() => waitingSend.AsTask().Within(Bound));
        Assert.Equal(1u, failed.StreamId);

        // The rest of the output: GOAWAY NO_ERROR naming stream 1, no DATA, then the end of the pipe.
        List<WireFrame> rest = await pipes.ReadToEndAsync();
        WireFrame goAway = Assert.Single(rest);
        Assert.Equal(WireFrame.GoAway, goAway.Type);
        Assert.Equal(1u, goAway.GoAwayLastStreamId);
        Assert.Equal((uint)Http2ErrorCode.NoError, goAway.ErrorCode);

        // The session completed the input's reader: the peer's next flush sees the end.
        Assert.True(await pipes.PeerInputIsCompletedAsync(), "the session's read side is still open");
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task Dispose_WhileLingeringAfterAConnectionError_ClosesAtOnce_AndKeepsTheFirstReason(bool inlineSchedulers)
    {
        PipePeer pipes = new(inlineSchedulers);
        Ht2Session server = Ht2Session.CreateServer(pipes.ServerSide, new RecordingHandler(), null, new FakeTime());
        Task run = server.RunAsync();

        // DATA on stream 0 is a connection error PROTOCOL_ERROR (RFC 9113 §6.1): GOAWAY, then our side shuts down and
        // lingers for the peer's close, which never comes (and the fake clock never ends the linger).
        await pipes.SendAsync(Wire.Preface, Wire.Settings(), Wire.SettingsAck, Wire.Frame(WireFrame.Data, 0, 0, 1, 2, 3));
        List<WireFrame> frames = await pipes.ReadToEndAsync();
        Assert.Equal(WireFrame.GoAway, frames[^1].Type);
        Assert.Equal((uint)Http2ErrorCode.ProtocolError, frames[^1].ErrorCode);
        Assert.False(run.IsCompleted, "the session closed without lingering");

        await server.DisposeAsync().AsTask().Within(Bound);

        Assert.True(run.IsCompletedSuccessfully, "Completion reports a fault");
        Assert.Equal(Http2ErrorCode.ProtocolError, server.CloseReason);
        Assert.True(await pipes.PeerInputIsCompletedAsync(), "the session's read side is still open");
    }
}
