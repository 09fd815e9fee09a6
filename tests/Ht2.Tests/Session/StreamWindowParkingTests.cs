using System;
using System.Collections.Generic;
using System.Threading.Tasks;
using Ht2.Testing;

namespace Ht2.Tests.Session;

/// <summary>
/// A stream whose own send window cannot carry its next frame is parked until a WINDOW_UPDATE for it (RFC 9113
/// §6.9.1): it does not hold back the streams queued behind it while the connection window has room. A padded
/// frame needs its Pad Length byte, its padding and one data byte of stream window, so padding alone never makes a
/// stream look sendable.
/// </summary>
public sealed class StreamWindowParkingTests
{
    private static readonly TimeSpan Bound = TimeSpan.FromSeconds(10);

    private static List<WireFrame> Data(List<WireFrame> frames, uint streamId) =>
        frames.FindAll(f => f.Type == WireFrame.Data && f.StreamId == streamId);

    private static async Task<(SessionHarness Harness, Dictionary<uint, Ht2Stream> Streams)> StartAsync(uint initialWindow)
    {
        Dictionary<uint, Ht2Stream> streams = new();
        SessionHarness h = await SessionHarness.StartServerAsync(setup: handler => handler.Request = (stream, ended) => streams[stream.Id] = stream);
        h.Send(Wire.Settings((4, initialWindow)));
        h.Send(Wire.Concat(Wire.Headers(1, Wire.GetBlock, true), Wire.Headers(3, Wire.GetBlock, true)));
        await h.SyncAsync();
        foreach (Ht2Stream stream in streams.Values)
        {
            stream.SendHeaderBlock(Wire.Status200Block, endStream: false);
        }

        await h.SyncAsync(1);
        return (h, streams);
    }

    [Theory]
    [InlineData(null)]
    [InlineData(10)]
    public async Task A_stream_without_window_for_its_next_frame_does_not_hold_back_the_stream_behind_it(int? padLength)
    {
        (SessionHarness h, Dictionary<uint, Ht2Stream> streams) = await StartAsync(10);
        await using (h)
        {
            // Stream 1 spends its whole window of 10, then queues more: parked, with the connection window wide open.
            await streams[1].SendDataAsync(new byte[10], endStream: false).AsTask().Within(Bound);
            Assert.Single(Data(await h.SyncAsync(2), 1));
            Assert.Equal(0, streams[1].SendWindow);
            Task parked = streams[1].SendDataAsync(new byte[] { 4, 5, 6, 7, 8 }, endStream: true, padLength).AsTask();

            // Stream 3, queued behind it, goes out in the write its send wakes, with nothing else from the peer.
            Task behind = streams[3].SendDataAsync(new byte[] { 9, 9, 9 }, endStream: true).AsTask();
            WireFrame third = await h.ExpectAsync(WireFrame.Data);
            Assert.Equal(3u, third.StreamId);
            Assert.Equal(new byte[] { 9, 9, 9 }, third.Payload);
            Assert.Equal(Wire.EndStream, third.Flags);
            await behind.Within(Bound);
            Assert.Empty(Data(await h.SyncAsync(3), 1));
            Assert.False(parked.IsCompleted);

            // Its WINDOW_UPDATE, exactly what the frame needs, releases stream 1.
            int needed = padLength is int pad ? 1 + 5 + pad : 5;
            h.Send(Wire.WindowUpdate(1, (uint)needed));
            WireFrame first = Assert.Single(Data(await h.SyncAsync(5), 1));
            Assert.Equal(needed, first.Length);
            Assert.True(first.Has(Wire.EndStream));
            Assert.Equal(padLength is not null, first.Has(Wire.Padded));
            await parked.Within(Bound);
            Assert.Equal(0, streams[1].SendWindow);
        }
    }
}
