using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading.Tasks;

namespace Ht2.Tests.Session;

/// <summary>
/// Receive windows and credit return at their boundaries (RFC 9113 §6.9): a window filled exactly is legal, one
/// byte more is the flow-control error of its scope; WINDOW_UPDATE goes out exactly when the consumed bytes reach
/// the threshold; padding is credited on arrival.
/// </summary>
public sealed class FlowWindowBoundaryTests
{
    private static readonly Ht2SessionOptions SmallStreamWindow = FlowControlTests.SmallWindows;

    private static readonly Ht2SessionOptions SmallConnectionWindow = new()
    {
        Windows = new Ht2WindowPolicy { StreamWindowSize = 1 << 20, ConnectionWindowSize = 65_535, UpdateThresholdPercent = 50 },
    };

    private static List<WireFrame> Updates(List<WireFrame> frames) => frames.Where(f => f.Type == WireFrame.WindowUpdate).ToList();

    [Fact]
    public async Task A_stream_window_filled_exactly_is_legal_and_one_byte_more_is_a_stream_FLOW_CONTROL_ERROR()
    {
        await using SessionHarness h = await SessionHarness.StartServerAsync(SmallStreamWindow);
        h.Send(Wire.Headers(1, Wire.PostBlock, endStream: false));
        h.Send(Wire.Data(1, 1000, endStream: false));
        Assert.DoesNotContain(await h.SyncAsync(), f => f.Type == WireFrame.RstStream);
        Assert.Contains("data 1 1000 end=False", h.Handler.Events);
        h.Send(Wire.Data(1, 1, endStream: false));
        await h.ExpectResetAsync(1, Http2ErrorCode.FlowControlError);
        Assert.DoesNotContain("data 1 1 end=False", h.Handler.Events);
    }

    [Fact]
    public async Task The_connection_window_filled_exactly_is_legal_and_one_byte_more_is_a_connection_FLOW_CONTROL_ERROR()
    {
        Ht2SessionOptions options = new() { Windows = new Ht2WindowPolicy { StreamWindowSize = 1 << 20, ConnectionWindowSize = 65_535 }, ConsumeDataOnReceive = false };
        await using SessionHarness h = await SessionHarness.StartServerAsync(options);
        h.Send(Wire.Concat(Wire.Headers(1, Wire.PostBlock, endStream: false), Wire.Headers(3, Wire.PostBlock, endStream: false)));
        h.Send(Wire.Concat(Wire.Data(1, 16_384, false), Wire.Data(3, 16_384, false), Wire.Data(1, 16_384, false), Wire.Data(3, 16_383, false)));
        Assert.DoesNotContain(await h.SyncAsync(), f => f.Type is WireFrame.GoAway or WireFrame.RstStream);
        h.Send(Wire.Data(1, 1, endStream: false));
        await h.ExpectGoAwayAsync(Http2ErrorCode.FlowControlError);
    }

    [Fact]
    public async Task The_stream_WINDOW_UPDATE_goes_out_exactly_at_the_threshold()
    {
        Ht2Stream? request = null;
        await using SessionHarness h = await SessionHarness.StartServerAsync(SmallStreamWindow, setup: handler => handler.Request = (stream, ended) => request = stream);
        h.Send(Wire.Headers(1, Wire.PostBlock, endStream: false));
        h.Send(Wire.Data(1, 800, endStream: false));
        await h.SyncAsync();
        request!.ConsumeData(499);
        Assert.Empty(Updates(await h.SyncAsync(1)));
        request.ConsumeData(1);
        WireFrame update = Assert.Single(Updates(await h.SyncAsync(2)));
        Assert.Equal(1u, update.StreamId);
        Assert.Equal(500u, update.WindowIncrement);

        // The window is 1000 - 800 + 500 = 700 again: exactly that fits.
        h.Send(Wire.Data(1, 700, endStream: false));
        Assert.DoesNotContain(await h.SyncAsync(3), f => f.Type == WireFrame.RstStream);
        h.Send(Wire.Data(1, 1, endStream: false));
        await h.ExpectResetAsync(1, Http2ErrorCode.FlowControlError);
    }

    [Fact]
    public async Task The_connection_WINDOW_UPDATE_goes_out_exactly_at_the_threshold()
    {
        await using SessionHarness h = await SessionHarness.StartServerAsync(SmallConnectionWindow);
        h.Send(Wire.Headers(1, Wire.PostBlock, endStream: false));
        h.Send(Wire.Concat(Wire.Data(1, 16_384, false), Wire.Data(1, 16_382, false)));
        Assert.Empty(Updates(await h.SyncAsync()));

        // 65,535 * 50 % = 32,767 bytes consumed: one connection update, no stream update (its threshold is 512 KiB).
        h.Send(Wire.Data(1, 1, endStream: false));
        WireFrame update = Assert.Single(Updates(await h.SyncAsync(1)));
        Assert.Equal(0u, update.StreamId);
        Assert.Equal(32_767u, update.WindowIncrement);
    }

    [Fact]
    public async Task The_last_DATA_of_a_stream_returns_connection_credit_but_sends_no_stream_update()
    {
        await using SessionHarness h = await SessionHarness.StartServerAsync(new Ht2SessionOptions
        {
            Windows = new Ht2WindowPolicy { StreamWindowSize = 40_000, ConnectionWindowSize = 65_535, UpdateThresholdPercent = 50 },
        });
        h.Send(Wire.Headers(1, Wire.PostBlock, endStream: false));
        h.Send(Wire.Concat(Wire.Data(1, 16_384, false), Wire.Data(1, 16_383, true)));
        WireFrame update = Assert.Single(Updates(await h.SyncAsync()));
        Assert.Equal(0u, update.StreamId);
        Assert.Equal(32_767u, update.WindowIncrement);
    }

    [Fact]
    public async Task Padding_is_credited_on_arrival_and_the_data_when_consumed()
    {
        Ht2Stream? request = null;
        Ht2SessionOptions options = new()
        {
            Windows = new Ht2WindowPolicy { StreamWindowSize = 512, ConnectionWindowSize = 65_535, UpdateThresholdPercent = 50 },
            ConsumeDataOnReceive = false,
        };
        await using SessionHarness h = await SessionHarness.StartServerAsync(options, setup: handler => handler.Request = (stream, ended) => request = stream);
        h.Send(Wire.Headers(1, Wire.PostBlock, endStream: false));

        // 256 bytes of frame payload: the Pad Length byte, 10 data bytes, 245 bytes of padding; the threshold is 256.
        byte[] payload = new byte[256];
        payload[0] = 245;
        h.Send(Wire.Frame(WireFrame.Data, Wire.Padded, 1, payload));
        Assert.Empty(Updates(await h.SyncAsync()));
        Assert.Contains("data 1 10 end=False", h.Handler.Events);

        request!.ConsumeData(10);
        WireFrame update = Assert.Single(Updates(await h.SyncAsync(1)));
        Assert.Equal(1u, update.StreamId);
        Assert.Equal(256u, update.WindowIncrement);
    }

    [Fact]
    public async Task Consuming_a_negative_count_throws_and_consuming_after_the_close_is_ignored()
    {
        Ht2Stream? request = null;
        await using SessionHarness h = await SessionHarness.StartServerAsync(SmallStreamWindow, setup: handler => handler.Request = (stream, ended) => request = stream);
        h.Send(Wire.Headers(1, Wire.PostBlock, endStream: false));
        h.Send(Wire.Data(1, 600, endStream: false));
        await h.SyncAsync();
        Assert.Throws<ArgumentOutOfRangeException>(() => request!.ConsumeData(-1));
        h.Session.Abort(Http2ErrorCode.NoError);
        request!.ConsumeData(600);
        List<WireFrame> frames = new();
        while (true)
        {
            WireFrame frame = await h.NextFrameAsync();
            if (frame.Type == WireFrame.GoAway)
            {
                break;
            }

            frames.Add(frame);
        }

        Assert.Empty(Updates(frames));
    }

    [Fact]
    public async Task Data_consumed_after_its_stream_was_reset_returns_only_connection_credit()
    {
        Ht2Stream? request = null;
        Ht2SessionOptions options = new()
        {
            Windows = new Ht2WindowPolicy { StreamWindowSize = 40_000, ConnectionWindowSize = 65_535, UpdateThresholdPercent = 50 },
            ConsumeDataOnReceive = false,
        };
        await using SessionHarness h = await SessionHarness.StartServerAsync(options, setup: handler =>
        {
            handler.Request = (stream, ended) => request = stream;
            handler.Reset = stream => { };
        });
        h.Send(Wire.Headers(1, Wire.PostBlock, endStream: false));
        h.Send(Wire.Concat(Wire.Data(1, 16_384, false), Wire.Data(1, 16_383, false)));
        h.Send(Wire.RstStream(1, (uint)Http2ErrorCode.Cancel));
        Assert.Empty(Updates(await h.SyncAsync()));
        request!.ConsumeData(32_767);
        WireFrame update = Assert.Single(Updates(await h.SyncAsync(1)));
        Assert.Equal(0u, update.StreamId);
        Assert.Equal(32_767u, update.WindowIncrement);
    }

    [Fact]
    public async Task The_send_window_is_the_smaller_of_the_stream_and_connection_windows()
    {
        Ht2Stream? request = null;
        await using SessionHarness h = await SessionHarness.StartServerAsync(setup: handler => handler.Request = (stream, ended) => request = stream);
        h.Send(Wire.Settings((4, 100)));
        h.Send(Wire.Headers(1, Wire.GetBlock, endStream: true));
        await h.SyncAsync();
        Assert.Equal(100, request!.SendWindow);
        h.Send(Wire.WindowUpdate(1, 100_000));
        await h.SyncAsync(1);
        Assert.Equal(65_535, request.SendWindow);
        h.Send(Wire.WindowUpdate(0, 100_000));
        await h.SyncAsync(2);
        Assert.Equal(100_100, request.SendWindow);

        // A SETTINGS_INITIAL_WINDOW_SIZE of the same value changes nothing; a smaller one shifts the stream window down.
        h.Send(Wire.Settings((4, 100)));
        await h.SyncAsync(3);
        Assert.Equal(100_100, request.SendWindow);
        h.Send(Wire.Settings((4, 0)));
        await h.SyncAsync(4);
        Assert.Equal(100_000, request.SendWindow);
    }
}
