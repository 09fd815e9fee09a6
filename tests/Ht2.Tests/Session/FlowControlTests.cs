using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading.Tasks;

namespace Ht2.Tests.Session;

/// <summary>Flow control both ways (RFC 9113 §5.2, §6.9) and the peer's SETTINGS (§6.5).</summary>
public sealed class FlowControlTests
{
    /// <summary>A 1,000-byte stream window, the RFC's connection window, credit returned only when consumed.</summary>
    internal static readonly Ht2SessionOptions SmallWindows = new()
    {
        Windows = new Ht2WindowPolicy { StreamWindowSize = 1000, ConnectionWindowSize = 65_535, UpdateThresholdPercent = 50 },
        ConsumeDataOnReceive = false,
    };

    [Fact]
    public async Task DATA_beyond_the_stream_window_is_a_stream_FLOW_CONTROL_ERROR()
    {
        await using SessionHarness h = await SessionHarness.StartServerAsync(SmallWindows);
        h.Send(Wire.Headers(1, Wire.PostBlock, endStream: false));
        h.Send(Wire.Data(1, 1001, endStream: false));
        await h.ExpectResetAsync(1, Http2ErrorCode.FlowControlError);
    }

    [Fact]
    public async Task DATA_beyond_the_connection_window_is_a_connection_FLOW_CONTROL_ERROR()
    {
        Ht2SessionOptions options = new() { Windows = new Ht2WindowPolicy { StreamWindowSize = 1 << 20, ConnectionWindowSize = 65_535 }, ConsumeDataOnReceive = false };
        await using SessionHarness h = await SessionHarness.StartServerAsync(options);
        h.Send(Wire.Headers(1, Wire.PostBlock, endStream: false));
        h.Send(Wire.Headers(3, Wire.PostBlock, endStream: false));
        h.Send(Wire.Data(1, 16_384, endStream: false));
        h.Send(Wire.Data(1, 16_384, endStream: false));
        h.Send(Wire.Data(3, 16_384, endStream: false));
        h.Send(Wire.Data(3, 16_384, endStream: false));
        await h.ExpectGoAwayAsync(Http2ErrorCode.FlowControlError);
    }

    [Fact]
    public async Task Consumed_data_is_returned_with_WINDOW_UPDATE_past_the_threshold()
    {
        Ht2Stream? request = null;
        await using SessionHarness h = await SessionHarness.StartServerAsync(SmallWindows, setup: handler => handler.Request = (stream, ended) => request = stream);
        h.Send(Wire.Headers(1, Wire.PostBlock, endStream: false));
        h.Send(Wire.Data(1, 400, endStream: false));
        Assert.DoesNotContain(await h.SyncAsync(), f => f.Type == WireFrame.WindowUpdate);

        request!.ConsumeData(400);
        Assert.DoesNotContain(await h.SyncAsync(1), f => f.Type == WireFrame.WindowUpdate);
        h.Send(Wire.Data(1, 200, endStream: false));
        request.ConsumeData(200);
        List<WireFrame> frames = await h.SyncAsync(2);
        WireFrame update = Assert.Single(frames, f => f.Type == WireFrame.WindowUpdate);
        Assert.Equal(1u, update.StreamId);
        Assert.Equal(600u, update.WindowIncrement);

        // The returned credit is usable: 1000 more bytes fit the window again.
        h.Send(Wire.Data(1, 1000, endStream: false));
        Assert.DoesNotContain(await h.SyncAsync(3), f => f.Type == WireFrame.RstStream);
    }

    [Fact]
    public async Task Our_receive_window_applies_only_once_our_SETTINGS_are_acknowledged()
    {
        await using SessionHarness h = await SessionHarness.StartServerAsync(SmallWindows, handshake: false);
        h.Send(Wire.Concat(Wire.Preface, Wire.Settings()));
        await h.ExpectAsync(WireFrame.Settings);
        h.Send(Wire.Headers(1, Wire.PostBlock, endStream: false));

        // Not acknowledged yet: the peer may still use the RFC's 65,535 (RFC 9113 §6.9.2), so 2000 is fine.
        h.Send(Wire.Data(1, 2000, endStream: false));
        Assert.DoesNotContain(await h.SyncAsync(), f => f.Type == WireFrame.RstStream);
        h.Send(Wire.SettingsAck);

        // Acknowledged: the window shrinks by 65,535 - 1000 to 1000 - 2000 = -1000 (§6.9.2 allows a negative window).
        h.Send(Wire.Data(1, 1, endStream: false));
        await h.ExpectResetAsync(1, Http2ErrorCode.FlowControlError);
    }

    [Fact]
    public async Task A_body_larger_than_the_send_window_waits_for_WINDOW_UPDATE()
    {
        byte[] body = new byte[70_000];
        Task? sent = null;
        await using SessionHarness h = await SessionHarness.StartServerAsync(setup: handler => handler.Request = (stream, ended) =>
        {
            stream.SendHeaderBlock(Wire.Status200Block, endStream: false);
            sent = stream.SendDataAsync(body, endStream: true).AsTask();
        });
        h.Send(Wire.Headers(1, Wire.GetBlock, endStream: true));
        List<WireFrame> frames = await h.ReadDataAsync(65_535);
        Assert.All(frames.Where(f => f.Type == WireFrame.Data), f => Assert.True(f.Length <= 16_384));
        Assert.False(sent!.IsCompleted);

        h.Send(Wire.WindowUpdate(0, 10_000));
        Assert.DoesNotContain(await h.SyncAsync(1), f => f.Type == WireFrame.Data);
        h.Send(Wire.WindowUpdate(1, 10_000));
        frames = await h.ReadDataAsync(70_000 - 65_535);
        WireFrame last = Assert.Single(frames, f => f.Type == WireFrame.Data);
        Assert.Equal(70_000 - 65_535, last.Length);
        Assert.True(last.Has(Wire.EndStream));
        await sent.Within(TimeSpan.FromSeconds(10));
    }

    [Fact]
    public async Task SETTINGS_INITIAL_WINDOW_SIZE_changes_open_stream_windows_by_the_difference()
    {
        byte[] body = new byte[30_000];
        await using SessionHarness h = await SessionHarness.StartServerAsync(handshake: false, setup: handler => handler.Request = (stream, ended) =>
        {
            stream.SendHeaderBlock(Wire.Status200Block, endStream: false);
            _ = stream.SendDataAsync(body, endStream: true);
        });
        h.Send(Wire.Concat(Wire.Preface, Wire.Settings((4, 10_000)), Wire.SettingsAck));
        h.Send(Wire.Headers(1, Wire.GetBlock, endStream: true));
        await h.ReadDataAsync(10_000);

        // The window allows exactly 10,000 bytes: the rest must wait for the new SETTINGS, then end the stream.
        h.Send(Wire.Settings((4, 30_000)));
        List<WireFrame> frames = await h.ReadDataAsync(20_000);
        Assert.True(frames.Last(f => f.Type == WireFrame.Data).Has(Wire.EndStream));
        frames.AddRange(await h.SyncAsync(1));
        Assert.Contains(frames, f => f.Type == WireFrame.Settings && f.Has(Wire.Ack));
    }

    [Fact]
    public async Task WINDOW_UPDATE_overflowing_a_stream_window_is_a_stream_FLOW_CONTROL_ERROR()
    {
        await using SessionHarness h = await SessionHarness.StartServerAsync();
        h.Send(Wire.Headers(1, Wire.PostBlock, endStream: false));
        h.Send(Wire.WindowUpdate(1, 0x7FFF_FFFF));
        await h.ExpectResetAsync(1, Http2ErrorCode.FlowControlError);
    }

    [Fact]
    public async Task WINDOW_UPDATE_overflowing_the_connection_window_is_a_connection_FLOW_CONTROL_ERROR()
    {
        await using SessionHarness h = await SessionHarness.StartServerAsync();
        h.Send(Wire.WindowUpdate(0, 0x7FFF_FFFF));
        await h.ExpectGoAwayAsync(Http2ErrorCode.FlowControlError);
    }

    [Fact]
    public async Task SETTINGS_INITIAL_WINDOW_SIZE_overflowing_a_stream_window_is_a_connection_FLOW_CONTROL_ERROR()
    {
        await using SessionHarness h = await SessionHarness.StartServerAsync();
        h.Send(Wire.Headers(1, Wire.PostBlock, endStream: false));
        h.Send(Wire.WindowUpdate(1, 0x7FFF_FFFF - 65_535));
        h.Send(Wire.Settings((4, 65_536)));
        await h.ExpectGoAwayAsync(Http2ErrorCode.FlowControlError);
    }

    [Fact]
    public async Task DATA_from_many_streams_is_interleaved_round_robin()
    {
        byte[] body = new byte[3 * 16_384];
        await using SessionHarness h = await SessionHarness.StartServerAsync(handshake: false, setup: handler => handler.Request = (stream, ended) =>
        {
            stream.SendHeaderBlock(Wire.Status200Block, endStream: false);
            _ = stream.SendDataAsync(body, endStream: true);
        });
        h.Send(Wire.Concat(Wire.Preface, Wire.Settings((4, 1 << 20)), Wire.SettingsAck, Wire.WindowUpdate(0, 1 << 20)));
        h.Send(Wire.Concat(Wire.Headers(1, Wire.GetBlock, true), Wire.Headers(3, Wire.GetBlock, true), Wire.Headers(5, Wire.GetBlock, true)));
        List<WireFrame> data = (await h.ReadDataAsync(3 * body.Length)).Where(f => f.Type == WireFrame.Data).ToList();
        Assert.Equal(new uint[] { 1, 3, 5, 1, 3, 5, 1, 3, 5 }, data.Select(f => f.StreamId).ToArray());
    }

    [Fact]
    public async Task Padded_DATA_counts_padding_against_the_window_and_fills_frames()
    {
        byte[] body = new byte[20_000];
        await using SessionHarness h = await SessionHarness.StartServerAsync(setup: handler => handler.Request = (stream, ended) =>
        {
            stream.SendHeaderBlock(Wire.Status200Block, endStream: false);
            _ = stream.SendDataAsync(body, endStream: true, padLength: 10);
        });
        h.Send(Wire.Headers(1, Wire.GetBlock, endStream: true));
        // Two frames on the wire: 16,384 (1 pad-length octet, 16,373 data, 10 padding), then the rest plus 11.
        List<WireFrame> data = (await h.ReadDataAsync(16_384 + (20_000 - (16_384 - 11) + 11))).Where(f => f.Type == WireFrame.Data).ToList();
        Assert.Equal(2, data.Count);
        Assert.Equal(16_384, data[0].Length);
        Assert.True(data[0].Has(Wire.Padded));
        Assert.Equal(10, data[0].Payload[0]);
        Assert.Equal(20_000 - (16_384 - 11) + 11, data[1].Length);
        Assert.True(data[1].Has(Wire.EndStream));
    }
}
