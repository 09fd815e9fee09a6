using System;
using System.Linq;
using System.Threading.Tasks;

namespace Ht2.Tests.Session;

/// <summary>
/// How the session's loops start and read: RunAsync returns to its caller without reading on its stack and without
/// posting anything to its SynchronizationContext (a caller that blocks its context on Completion must not stop the
/// session); each read offers one buffer with room for the preface and a frame of our SETTINGS_MAX_FRAME_SIZE,
/// and after our final GOAWAY the peer's bytes are drained through that same buffer until it closes.
/// </summary>
public sealed class SessionLoopStartTests
{
    private static readonly TimeSpan Bound = ObservedSession.Bound;

    [Fact]
    public async Task RunAsync_returns_without_reading_on_the_callers_stack_or_posting_to_its_context()
    {
        ObservedSession s = new();

        // Our SETTINGS is written on the caller's stack (the writer resumes where it is signalled): this write
        // waits, so the writer's resumption after it would see the caller's context if it kept it.
        TaskCompletionSource gate = new(TaskCreationOptions.RunContinuationsAsynchronously);
        s.Transport.WriteGate = gate.Task;
        RecordingContext context = new();
        Task? run = null;
        Worker.Run("RunAsync", () => run = context.StartUnder(() => ObservedTransport.RunAsync(s.Session)));
        s.Run = run!;
        Assert.False(s.Transport.ReadInsideRunAsync, "the read loop ran on RunAsync's stack");
        gate.SetResult();

        await s.HandshakeAsync();
        await s.SyncAsync();
        await s.EndAsync();
        Assert.True(s.Run.IsCompletedSuccessfully);
        Assert.False(s.Transport.ReadInsideRunAsync, "the read loop ran on RunAsync's stack");
        Assert.Equal(0, context.Posts);
    }

    [Fact]
    public async Task Each_read_offers_at_least_64_KiB_in_one_buffer()
    {
        ObservedSession s = new();
        await s.StartAsync();
        await s.SyncAsync();
        await s.EndAsync();

        var reads = s.Transport.Reads;
        Assert.True(reads[0].Length >= 64 * 1024, $"the first read offered {reads[0].Length} bytes");
        Assert.NotNull(reads[0].Array);
        Assert.All(reads, read => Assert.Same(reads[0].Array, read.Array));
    }

    [Fact]
    public async Task A_read_offers_room_for_the_preface_and_a_frame_of_our_max_frame_size()
    {
        // 1 MiB frames: the buffer (9 + 1,048,576 + 24 bytes) is beyond the pool's largest class, so it is as long as asked.
        const int maxFrameSize = 1 << 20;
        ObservedSession s = new(new Ht2SessionOptions { MaxFrameSize = maxFrameSize });
        await s.StartAsync();
        await s.EndAsync();
        int offered = s.Transport.Reads[0].Length;
        Assert.True(offered >= 9 + maxFrameSize + Wire.Preface.Length, $"the first read offered {offered} bytes");
    }

    [Fact]
    public async Task After_our_final_GOAWAY_the_peers_bytes_are_drained_through_the_whole_buffer_until_it_closes()
    {
        ObservedSession s = new();
        await s.StartAsync();

        // DATA on stream 0: GOAWAY PROTOCOL_ERROR (RFC 9113 §6.1); the session lingers, reading and dropping.
        ObservedSession.OffThread("peer", () => s.Send(Wire.Data(0, 1, endStream: false)));
        WireFrame goAway = (await s.ReadUntilAsync(f => f.Type == WireFrame.GoAway))[^1];
        Assert.Equal((uint)Http2ErrorCode.ProtocolError, goAway.ErrorCode);

        // 256 KiB more, four times the buffer: each piece is read and dropped, none is kept (the DATA frame the error
        // left unconsumed included), so every read but the first after the error offers the whole buffer again.
        ObservedSession.OffThread("peer", () =>
        {
            for (int i = 0; i < 16; i++)
            {
                s.Send(new byte[16 * 1024]);
            }

            s.Transport.Inner.SendEndOfStream();
        });

        await s.Run.Within(Bound, what: "the session's completion");
        Assert.True(s.Run.IsCompletedSuccessfully, "Completion reports a fault");
        Assert.Equal(Http2ErrorCode.ProtocolError, s.Session.CloseReason);
        var reads = s.Transport.Reads;
        Assert.True(reads.Count > 16, $"{reads.Count} reads");
        Assert.All(reads, read => Assert.Same(reads[0].Array, read.Array));
        Assert.True(reads.Count(read => read.Length != reads[0].Length) <= 1, string.Join(", ", reads.Select(read => read.Length)));
        Assert.Equal(1, s.Transport.Closes);
    }
}
