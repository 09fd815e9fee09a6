using System;
using System.Collections.Generic;
using System.Threading.Tasks;

namespace Ht2.Tests.Session;

/// <summary>
/// Which window holds DATA back decides what the writer does with the stream (RFC 9113 §6.9.1): a stream short of
/// its own credit is parked until its WINDOW_UPDATE and never holds up the others; a stream held back only by the
/// connection window stays queued, so the connection's WINDOW_UPDATE alone lets it go on.
/// </summary>
public sealed class DataWindowLimitTests
{
    private static readonly TimeSpan Bound = TimeSpan.FromSeconds(10);

    /// <summary>A server whose handler answers each request with :status 200 and the body its id selects.</summary>
    private static async Task<(SessionHarness Harness, Dictionary<uint, Task> Sends)> StartAsync(uint initialWindow, Func<uint, (int Length, int? Padding)> body)
    {
        Dictionary<uint, Task> sends = new();
        SessionHarness h = await SessionHarness.StartServerAsync(setup: handler => handler.Request = (stream, ended) =>
        {
            (int length, int? padding) = body(stream.Id);
            stream.SendHeaderBlock(Wire.Status200Block, endStream: false);
            sends[stream.Id] = stream.SendDataAsync(new byte[length], endStream: true, padding).AsTask();
        });
        h.Send(Wire.Settings((0x4, initialWindow))); // SETTINGS_INITIAL_WINDOW_SIZE
        return (h, sends);
    }

    [Fact]
    public async Task A_stream_with_one_byte_of_credit_held_back_by_the_connection_window_goes_on_with_the_connections_WINDOW_UPDATE()
    {
        (SessionHarness h, Dictionary<uint, Task> sends) = await StartAsync(1, id => (id == 1 ? 65_535 : 5, null));
        await using (h)
        {
            // Stream 1 takes the whole connection window (65,535).
            h.Send(Wire.Headers(1, Wire.GetBlock, endStream: true));
            h.Send(Wire.WindowUpdate(1, 65_534));
            await h.ReadDataAsync(65_535);
            await sends[1].Within(Bound);

            // Stream 3 has 1 byte of its own credit and none on the connection.
            h.Send(Wire.Headers(3, Wire.GetBlock, endStream: true));
            Assert.DoesNotContain(await h.SyncAsync(), f => f.Type == WireFrame.Data);

            h.Send(Wire.WindowUpdate(0, 10));
            List<WireFrame> frames = await h.ReadDataAsync(1);
            WireFrame data = frames.Find(f => f.Type == WireFrame.Data);
            Assert.Equal(3u, data.StreamId);
            Assert.Equal(0, data.Flags);
            Assert.False(sends[3].IsCompleted);
        }
    }

    [Fact]
    public async Task A_padded_stream_short_of_its_own_credit_is_parked_and_the_next_stream_sends()
    {
        // 5 bytes of credit: stream 1's frame needs 1 (Pad Length) + 4 (padding) + 1 data byte = 6; stream 3's needs 3.
        (SessionHarness h, Dictionary<uint, Task> sends) = await StartAsync(5, id => id == 1 ? (10, 4) : (3, null));
        await using (h)
        {
            h.Send(Wire.Concat(Wire.Headers(1, Wire.GetBlock, endStream: true), Wire.Headers(3, Wire.GetBlock, endStream: true)));
            List<WireFrame> frames = await h.ReadDataAsync(3);
            WireFrame data = frames.Find(f => f.Type == WireFrame.Data);
            Assert.Equal(3u, data.StreamId);
            Assert.Equal(Wire.EndStream, data.Flags);
            await sends[3].Within(Bound);
            Assert.False(sends[1].IsCompleted);

            // Its own WINDOW_UPDATE lets stream 1 go: Pad Length, 10 data bytes, 4 of padding, END_STREAM.
            h.Send(Wire.WindowUpdate(1, 10));
            frames = await h.ReadDataAsync(15);
            data = frames.Find(f => f.Type == WireFrame.Data);
            Assert.Equal(1u, data.StreamId);
            Assert.Equal((byte)(Wire.Padded | Wire.EndStream), data.Flags);
            Assert.Equal(4, data.Payload[0]);
            await sends[1].Within(Bound);
        }
    }
}
