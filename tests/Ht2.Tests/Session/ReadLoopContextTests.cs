using System;
using System.Collections.Generic;
using System.IO.Pipelines;
using System.Threading;
using System.Threading.Tasks;
using Ht2.Tests.IO;

namespace Ht2.Tests.Session;

/// <summary>
/// A read that completes on the peer's thread runs the read loop there, under whatever SynchronizationContext that
/// thread has: the loop's next read must not capture it, or every later read would be posted to that context (a
/// blocked UI thread would stop the session): the read after it, completed from another thread, posts nothing.
/// Checked for the transport and the pipe read loops.
/// </summary>
public sealed class ReadLoopContextTests
{
    private static readonly TimeSpan Bound = ObservedSession.Bound;

    /// <summary>Runs <paramref name="action"/> on a background thread whose current context is <paramref name="context"/>.</summary>
    private static void UnderContext(RecordingContext context, Action action) => Worker.Run("the peer under a context", () =>
    {
        SynchronizationContext.SetSynchronizationContext(context);
        action();
    });

    [Fact]
    public async Task The_transport_read_loop_resumed_on_the_peers_thread_does_not_capture_its_context()
    {
        ObservedSession s = new();
        await s.StartAsync();
        await s.SyncAsync();

        // The first PING's read completes on the peer's thread, which then runs the loop up to its next read; the
        // second PING, from a thread without the context, completes that read.
        RecordingContext context = new();
        UnderContext(context, () => s.Send(Wire.Ping(1)));
        ObservedSession.OffThread("peer", () => s.Send(Wire.Ping(2)));
        List<WireFrame> frames = await s.ReadUntilAsync(f => f.Type == WireFrame.Ping && f.Payload[7] == 2);
        Assert.Equal(2, frames.FindAll(f => f.Type == WireFrame.Ping && f.Has(Wire.Ack)).Count);
        Assert.Equal(0, context.Posts);
        await s.EndAsync();
    }

    [Fact]
    public async Task The_pipe_read_loop_resumed_on_the_peers_thread_does_not_capture_its_context()
    {
        // Inline reader scheduling: a flush of the peer runs the session's read loop on the peer's thread.
        Pipe input = new(new PipeOptions(readerScheduler: PipeScheduler.Inline, useSynchronizationContext: true));
        Pipe output = new();
        Ht2Session server = Ht2Session.CreateServer(new DuplexPipe(input.Reader, output.Writer), new RecordingHandler(), null, new FakeTime());
        Task run = server.RunAsync();
        await input.Writer.WriteAsync(Wire.Concat(Wire.Preface, Wire.Settings(), Wire.SettingsAck)).AsTask().Within(Bound);
        PipeOutput peer = new(output.Reader);
        await peer.ReadUntilAsync(f => f.Type == WireFrame.Settings && f.Has(Wire.Ack));

        RecordingContext context = new();
        UnderContext(context, () => Assert.True(input.Writer.WriteAsync(Wire.Ping(1)).AsTask().Wait(Bound)));
        await input.Writer.WriteAsync(Wire.Ping(2)).AsTask().Within(Bound);
        List<WireFrame> frames = await peer.ReadUntilAsync(f => f.Type == WireFrame.Ping && f.Payload[7] == 2);
        Assert.Equal(2, frames.FindAll(f => f.Type == WireFrame.Ping && f.Has(Wire.Ack)).Count);
        Assert.Equal(0, context.Posts);

        await Task.Run(async () => await server.DisposeAsync().ConfigureAwait(false)).Within(Bound, what: "the session's disposal");
        await run.Within(Bound);
    }
}
