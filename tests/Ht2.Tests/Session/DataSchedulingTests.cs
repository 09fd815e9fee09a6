using System;
using System.Collections.Generic;
using System.Threading.Tasks;

namespace Ht2.Tests.Session;

/// <summary>
/// How the writer cuts DATA within the send windows (RFC 9113 §6.9.1): padding counts against the window, a frame
/// goes out only when at least one data byte fits beside its padding, an empty END_STREAM frame needs no credit.
/// </summary>
public sealed class DataSchedulingTests
{
    private static readonly TimeSpan Bound = TimeSpan.FromSeconds(10);

    private static async Task<(SessionHarness Harness, Ht2Stream Stream)> StartAsync(uint initialWindow)
    {
        Ht2Stream? request = null;
        SessionHarness h = await SessionHarness.StartServerAsync(setup: handler => handler.Request = (stream, ended) => request = stream);
        h.Send(Wire.Settings((4, initialWindow)));
        h.Send(Wire.Headers(1, Wire.GetBlock, endStream: true));
        await h.SyncAsync();
        request!.SendHeaderBlock(Wire.Status200Block, endStream: false);
        await h.ExpectAsync(WireFrame.Headers);
        return (h, request);
    }

    private static List<WireFrame> Data(List<WireFrame> frames) => frames.FindAll(f => f.Type == WireFrame.Data);

    [Fact]
    public async Task A_padded_frame_needs_room_for_its_padding_and_one_data_byte()
    {
        (SessionHarness h, Ht2Stream stream) = await StartAsync(12);
        await using (h)
        {
            Task sent = stream.SendDataAsync(new byte[] { 1, 2, 3, 4, 5 }, endStream: true, padLength: 10).AsTask();

            // 12 bytes of window: Pad Length + 1 data byte + 10 padding.
            WireFrame first = Assert.Single(Data(await h.SyncAsync()));
            Assert.Equal(12, first.Length);
            Assert.Equal(Wire.Padded, first.Flags);
            Assert.Equal(new byte[] { 10, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0 }, first.Payload);

            // 11 bytes would carry the padding alone: nothing goes out.
            h.Send(Wire.WindowUpdate(1, 11));
            Assert.Empty(Data(await h.SyncAsync(1)));
            Assert.False(sent.IsCompleted);

            h.Send(Wire.WindowUpdate(1, 100));
            WireFrame last = Assert.Single(Data(await h.SyncAsync(2)));
            Assert.Equal(1 + 4 + 10, last.Length);
            Assert.Equal((byte)(Wire.Padded | Wire.EndStream), last.Flags);
            Assert.Equal(new byte[] { 2, 3, 4, 5 }, last.Payload[1..5]);
            await sent.Within(Bound);
            Assert.Equal(111 - 15, stream.SendWindow);
        }
    }

    [Fact]
    public async Task An_unpadded_frame_goes_out_with_a_single_byte_of_window()
    {
        (SessionHarness h, Ht2Stream stream) = await StartAsync(1);
        await using (h)
        {
            Task sent = stream.SendDataAsync(new byte[] { 7, 8 }, endStream: true).AsTask();
            WireFrame first = Assert.Single(Data(await h.SyncAsync()));
            Assert.Equal(new byte[] { 7 }, first.Payload);
            Assert.Equal(0, first.Flags);
            Assert.Equal(0, stream.SendWindow);

            h.Send(Wire.WindowUpdate(1, 1));
            WireFrame last = Assert.Single(Data(await h.SyncAsync(1)));
            Assert.Equal(new byte[] { 8 }, last.Payload);
            Assert.Equal(Wire.EndStream, last.Flags);
            await sent.Within(Bound);
            Assert.Equal(Ht2StreamState.Closed, stream.State);
        }
    }

    [Fact]
    public async Task An_empty_END_STREAM_needs_no_window()
    {
        (SessionHarness h, Ht2Stream stream) = await StartAsync(0);
        await using (h)
        {
            await stream.SendDataAsync(ReadOnlyMemory<byte>.Empty, endStream: true).AsTask().Within(Bound);
            WireFrame end = await h.ExpectAsync(WireFrame.Data);
            Assert.Equal(0, end.Length);
            Assert.Equal(Wire.EndStream, end.Flags);
            Assert.Equal(Ht2StreamState.Closed, stream.State);
        }
    }

    [Fact]
    public async Task An_empty_padded_END_STREAM_waits_for_the_window_its_padding_needs()
    {
        (SessionHarness h, Ht2Stream stream) = await StartAsync(0);
        await using (h)
        {
            Task sent = stream.SendDataAsync(ReadOnlyMemory<byte>.Empty, endStream: true, padLength: 3).AsTask();
            Assert.Empty(Data(await h.SyncAsync()));
            h.Send(Wire.WindowUpdate(1, 3));
            Assert.Empty(Data(await h.SyncAsync(1)));
            h.Send(Wire.WindowUpdate(1, 1));
            WireFrame end = Assert.Single(Data(await h.SyncAsync(2)));
            Assert.Equal(4, end.Length);
            Assert.Equal((byte)(Wire.Padded | Wire.EndStream), end.Flags);
            await sent.Within(Bound);
        }
    }

    [Fact]
    public async Task Every_stream_waits_while_the_connection_window_is_empty()
    {
        Dictionary<uint, Ht2Stream> streams = new();
        await using SessionHarness h = await SessionHarness.StartServerAsync(setup: handler => handler.Request = (stream, ended) => streams[stream.Id] = stream);
        h.Send(Wire.Settings((4, 1 << 20)));
        h.Send(Wire.Concat(Wire.Headers(1, Wire.GetBlock, true), Wire.Headers(3, Wire.GetBlock, true)));
        await h.SyncAsync();
        byte[] body = new byte[40_000];
        foreach (Ht2Stream stream in streams.Values)
        {
            stream.SendHeaderBlock(Wire.Status200Block, endStream: false);
            _ = stream.SendDataAsync(body, endStream: true);
        }

        // The connection window (65,535) runs dry with credit left on both streams.
        List<WireFrame> frames = await h.ReadDataAsync(65_535);
        Assert.Empty(Data(await h.SyncAsync(1)));
        Assert.Equal(0, streams[1].SendWindow);

        h.Send(Wire.WindowUpdate(0, 80_000 - 65_535));
        frames.AddRange(await h.ReadDataAsync(80_000 - 65_535));
        Assert.Equal(2, frames.FindAll(f => f.Type == WireFrame.Data && f.Has(Wire.EndStream)).Count);
    }
}
