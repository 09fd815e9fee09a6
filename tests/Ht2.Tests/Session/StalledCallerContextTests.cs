using System;
using System.Collections.Generic;
using System.Threading.Tasks;

namespace Ht2.Tests.Session;

/// <summary>
/// A session started from a thread whose SynchronizationContext never runs what is posted to it (a UI thread that
/// blocks on the work it started) still reads, answers and completes: its loops never resume through that context.
/// </summary>
public sealed class StalledCallerContextTests
{
    private static readonly TimeSpan Bound = TimeSpan.FromSeconds(10);

    [Fact]
    public async Task A_session_started_under_a_stalled_context_reads_answers_and_completes()
    {
        RecordingContext stalled = new(stalled: true);
        Task<SessionHarness> start = stalled.StartUnder(() => SessionHarness.StartServerAsync(handshake: false));
        Assert.True(start.IsCompletedSuccessfully, "a start without the handshake awaits nothing");
        await using SessionHarness h = await start;

        h.Send(Wire.Concat(Wire.Preface, Wire.Settings(), Wire.Headers(1, Wire.GetBlock, endStream: true)));
        await h.ExpectAsync(WireFrame.Settings);
        WireFrame ack = await h.ExpectAsync(WireFrame.Settings);
        Assert.True(ack.Has(Wire.Ack));
        await h.SyncAsync();
        Assert.Contains("request 1 end=True", h.Handler.Events);

        h.Transport.SendEndOfStream();
        await h.Run.Within(Bound);
        Assert.True(h.Run.IsCompletedSuccessfully);
        Assert.Equal(0, stalled.Posts);
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task A_pipe_session_started_under_a_stalled_context_reads_answers_and_completes(bool inlineSchedulers)
    {
        PipePeer peer = new(inlineSchedulers);
        RecordingHandler handler = new();
        Ht2Session session = Ht2Session.CreateServer(peer.ServerSide, handler, null, new FakeTime());
        RecordingContext stalled = new(stalled: true);
        Task run = stalled.StartUnder(session.RunAsync);
        try
        {
            await peer.SendAsync(Wire.Preface, Wire.Settings(), Wire.Headers(1, Wire.GetBlock, endStream: true), Wire.Ping(7));
            List<WireFrame> frames = await peer.ReadUntilAsync(frame => frame.Type == WireFrame.Ping && frame.Has(Wire.Ack));
            Assert.Contains(frames, frame => frame.Type == WireFrame.Settings && frame.Has(Wire.Ack));
            Assert.Equal(Wire.Ping(7, ack: true)[9..], frames[^1].Payload);
            Assert.Contains("request 1 end=True", handler.Events);

            peer.CompleteInput();
            await run.Within(Bound);
            Assert.True(run.IsCompletedSuccessfully);
            Assert.Equal(0, stalled.Posts);
        }
        finally
        {
            // Bounded: a failed assertion above must fail the test, not leave it waiting for the session to end.
            peer.CompleteInput();
            await session.DisposeAsync().AsTask().Within(Bound);
        }
    }
}
