using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading.Tasks;
using Ht2.Testing;

namespace Ht2.Tests.Session;

/// <summary>
/// The writer's DATA rounds (RFC 9113 §6.9): a stream held back by the connection window waits for the connection's
/// WINDOW_UPDATE, a body of one frame ends with that frame, a body of two frames ends only with the second. Each
/// scenario drives the session from a pool thread (the writer runs on the thread that wakes it), so a writer round
/// that never ends fails the test at its bound instead of holding the test's own thread.
/// </summary>
public sealed class WriterProgressTests
{
    private static readonly TimeSpan Bound = TimeSpan.FromSeconds(10);

    private static Task OffThread(Func<Task> scenario) => Task.Run(scenario).Within(Bound * 2, what: "the scenario on a pool thread");

    /// <summary>A server answering each request with :status 200 and the body its id selects, sends kept by id.</summary>
    private static async Task<(SessionHarness Harness, Dictionary<uint, ValueTask> Sends)> StartAsync(Func<uint, int> bodyLength, params (ushort Id, uint Value)[] settings)
    {
        Dictionary<uint, ValueTask> sends = new();
        SessionHarness h = await SessionHarness.StartServerAsync(setup: handler => handler.Request = (stream, ended) =>
        {
            stream.SendHeaderBlock(Wire.Status200Block, endStream: false);
            sends[stream.Id] = stream.SendDataAsync(new byte[bodyLength(stream.Id)], endStream: true);
        });
        if (settings.Length > 0)
        {
            h.Send(Wire.Settings(settings));
            await h.SyncAsync(1);
        }

        return (h, sends);
    }

    /// <summary>Stream 1 answers with 65,535 bytes: the connection window is empty, the streams' own windows are not.</summary>
    private static async Task EmptyConnectionWindowAsync(SessionHarness h, Dictionary<uint, ValueTask> sends)
    {
        h.Send(Wire.Headers(1, Wire.GetBlock, endStream: true));
        await h.ReadDataAsync(65_535);
        await sends[1].Within(Bound);
    }

    [Fact]
    public Task A_stream_queued_behind_an_empty_connection_window_sends_after_the_connections_WINDOW_UPDATE() => OffThread(async () =>
    {
        (SessionHarness h, Dictionary<uint, ValueTask> sends) = await StartAsync(id => id == 1 ? 65_535 : 10);
        await using (h)
        {
            await EmptyConnectionWindowAsync(h, sends);

            h.Send(Wire.Headers(3, Wire.GetBlock, endStream: true));
            Assert.DoesNotContain(await h.SyncAsync(), f => f.Type == WireFrame.Data);
            Assert.False(sends[3].IsCompleted);

            h.Send(Wire.WindowUpdate(0, 10));
            WireFrame data = (await h.ReadDataAsync(10)).Single(f => f.Type == WireFrame.Data);
            Assert.Equal(3u, data.StreamId);
            Assert.Equal(Wire.EndStream, data.Flags);
            await sends[3].Within(Bound);
        }
    });

    [Fact]
    public Task Streams_queued_behind_the_connection_window_stay_queued_when_one_gets_its_own_WINDOW_UPDATE() => OffThread(async () =>
    {
        (SessionHarness h, Dictionary<uint, ValueTask> sends) = await StartAsync(id => id == 1 ? 65_535 : 10);
        await using (h)
        {
            await EmptyConnectionWindowAsync(h, sends);

            // Streams 3 and 5 wait for the connection window; 3's own WINDOW_UPDATE leaves both waiting (the list intact).
            h.Send(Wire.Concat(Wire.Headers(3, Wire.GetBlock, endStream: true), Wire.Headers(5, Wire.GetBlock, endStream: true)));
            h.Send(Wire.WindowUpdate(3, 1));
            Assert.DoesNotContain(await h.SyncAsync(), f => f.Type == WireFrame.Data);

            h.Send(Wire.WindowUpdate(0, 20));
            List<WireFrame> data = (await h.ReadDataAsync(20)).FindAll(f => f.Type == WireFrame.Data);
            Assert.Equal([3u, 5u], data.Select(f => f.StreamId).Order());
            Assert.All(data, f => Assert.Equal(Wire.EndStream, f.Flags));
            await sends[3].Within(Bound);
            await sends[5].Within(Bound);
        }
    });

    [Fact]
    public Task A_stream_reset_while_queued_behind_the_connection_window_is_reused_once_the_writer_drops_it() => OffThread(async () =>
    {
        Dictionary<uint, Ht2Stream> handles = new();
        Dictionary<uint, ValueTask> sends = new();
        await using SessionHarness h = await SessionHarness.StartServerAsync(setup: handler => handler.Request = (stream, ended) =>
        {
            handles[stream.Id] = stream;
            stream.SendHeaderBlock(Wire.Status200Block, endStream: false);
            sends[stream.Id] = stream.SendDataAsync(new byte[stream.Id == 1 ? 65_535 : 10], endStream: true);
        });
        await EmptyConnectionWindowAsync(h, sends);

        // Stream 3 waits for the connection window; the peer resets it and the handler releases it (the
        // recording handler's default). The writer's next round drops it from its queue: its handle is free then,
        // and the next stream gets it.
        h.Send(Wire.Headers(3, Wire.GetBlock, endStream: true));
        Assert.DoesNotContain(await h.SyncAsync(), f => f.Type == WireFrame.Data);
        h.Send(Wire.RstStream(3, (uint)Http2ErrorCode.Cancel));
        await Assert.ThrowsAsync<Ht2StreamClosedException>(() => sends[3].AsTask().Within(Bound));
        await h.SyncAsync();

        h.Send(Wire.Headers(5, Wire.GetBlock, endStream: true));
        await h.SyncAsync();
        Assert.Same(handles[3], handles[5]);
    });

    [Fact]
    public Task A_body_of_one_frame_is_that_frame_with_END_STREAM_and_nothing_after_it() => OffThread(async () =>
    {
        (SessionHarness h, Dictionary<uint, ValueTask> sends) = await StartAsync(_ => 100);
        await using (h)
        {
            h.Send(Wire.Headers(1, Wire.GetBlock, endStream: true));
            WireFrame data = (await h.ReadDataAsync(100)).Single(f => f.Type == WireFrame.Data);
            Assert.Equal(Wire.EndStream, data.Flags);
            await sends[1].Within(Bound);
            Assert.Empty(await h.SyncAsync());
        }
    });

    [Fact]
    public Task A_body_of_two_frames_completes_only_with_the_second_frame() => OffThread(async () =>
    {
        // SETTINGS_INITIAL_WINDOW_SIZE 16,384: the stream's window takes the first frame (16,384, the frame size) only.
        (SessionHarness h, Dictionary<uint, ValueTask> sends) = await StartAsync(_ => 16_394, (0x4, 16_384));
        await using (h)
        {
            h.Send(Wire.Headers(1, Wire.GetBlock, endStream: true));
            WireFrame first = (await h.ReadDataAsync(16_384)).Single(f => f.Type == WireFrame.Data);
            Assert.Equal(0, first.Flags);
            Assert.DoesNotContain(await h.SyncAsync(), f => f.Type == WireFrame.Data);
            Assert.False(sends[1].IsCompleted);

            h.Send(Wire.WindowUpdate(1, 10));
            WireFrame second = (await h.ReadDataAsync(10)).Single(f => f.Type == WireFrame.Data);
            Assert.Equal(Wire.EndStream, second.Flags);
            await sends[1].Within(Bound);
        }
    });
}
