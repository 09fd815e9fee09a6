using System;
using System.Collections.Generic;
using System.Threading.Tasks;

namespace Ht2.Tests.Session;

/// <summary>
/// DATA the session discards still counts against the connection window (RFC 9113 §6.9): its bytes go back to
/// the peer with a connection WINDOW_UPDATE, and the discarded payload never reaches the handler. Credit the
/// application returns is announced at once, and never beyond the advertised stream window.
/// </summary>
public sealed class DiscardedDataCreditTests
{
    /// <summary>A 1,000-byte stream window, the RFC's 65,535-byte connection window, credit returned from 1 % (655 bytes).</summary>
    private static readonly Ht2SessionOptions EagerCredit = new()
    {
        Windows = new Ht2WindowPolicy { StreamWindowSize = 1000, ConnectionWindowSize = 65_535, UpdateThresholdPercent = 1 },
    };

    /// <summary>content-length: 5, a literal without indexing of static name 28 (RFC 7541 §6.2.2).</summary>
    private static readonly byte[] PostWithLength5 = [.. Wire.PostBlock, 0x0F, 0x0D, 0x01, (byte)'5'];

    /// <summary>
    /// Stream 1 was reset with <paramref name="code"/>, its <paramref name="bytes"/> went back in one connection
    /// WINDOW_UPDATE (the only one), and the handler heard of the reset but got no data.
    /// </summary>
    private static async Task AssertDiscardedAsync(SessionHarness h, Http2ErrorCode code, uint bytes)
    {
        List<WireFrame> frames = await h.SyncAsync();
        Assert.Contains(frames, f => f.Type == WireFrame.RstStream && f.StreamId == 1 && f.ErrorCode == (uint)code);
        WireFrame update = Assert.Single(frames, f => f.Type == WireFrame.WindowUpdate);
        Assert.Equal(0u, update.StreamId);
        Assert.Equal(bytes, update.WindowIncrement);
        Assert.Contains($"reset 1 {code}", h.Handler.Events);
        Assert.DoesNotContain(h.Handler.Events, e => e.StartsWith("data", StringComparison.Ordinal));
    }

    [Fact]
    public async Task DATA_on_a_half_closed_remote_stream_is_reset_and_its_bytes_go_back_to_the_connection()
    {
        await using SessionHarness h = await SessionHarness.StartServerAsync(EagerCredit);
        h.Send(Wire.Headers(1, Wire.GetBlock, endStream: true));
        h.Send(Wire.Data(1, 700, endStream: false));
        await AssertDiscardedAsync(h, Http2ErrorCode.StreamClosed, 700);
    }

    [Fact]
    public async Task DATA_beyond_the_stream_window_is_reset_and_its_bytes_go_back_to_the_connection()
    {
        await using SessionHarness h = await SessionHarness.StartServerAsync(EagerCredit);
        h.Send(Wire.Headers(1, Wire.PostBlock, endStream: false));
        h.Send(Wire.Data(1, 1001, endStream: false));
        await AssertDiscardedAsync(h, Http2ErrorCode.FlowControlError, 1001);
    }

    [Fact]
    public async Task DATA_beyond_the_content_length_is_reset_undelivered_and_its_bytes_go_back_to_the_connection()
    {
        await using SessionHarness h = await SessionHarness.StartServerAsync(EagerCredit);
        h.Send(Wire.Headers(1, PostWithLength5, endStream: false));
        h.Send(Wire.Data(1, 700, endStream: false));
        await AssertDiscardedAsync(h, Http2ErrorCode.ProtocolError, 700);
    }

    [Fact]
    public async Task DATA_before_the_response_headers_is_reset_undelivered_and_its_bytes_go_back_to_the_connection()
    {
        await using SessionHarness h = await SessionHarness.StartClientAsync(EagerCredit);
        h.Session.OpenStream(Wire.GetFields, endStream: true);
        h.Send(Wire.Data(1, 700, endStream: false));
        await AssertDiscardedAsync(h, Http2ErrorCode.ProtocolError, 700);
    }

    [Fact]
    public async Task Credit_the_application_returns_is_announced_without_waiting_for_other_traffic()
    {
        Ht2Stream? request = null;
        await using SessionHarness h = await SessionHarness.StartServerAsync(FlowControlTests.SmallWindows, setup: handler => handler.Request = (stream, ended) => request = stream);
        h.Send(Wire.Headers(1, Wire.PostBlock, endStream: false));
        h.Send(Wire.Data(1, 600, endStream: false));
        Assert.DoesNotContain(await h.SyncAsync(), f => f.Type == WireFrame.WindowUpdate);

        // Past the 500-byte threshold: the WINDOW_UPDATE goes out with nothing else from the peer to wake the writer.
        request!.ConsumeData(600);
        WireFrame update = await h.ExpectAsync(WireFrame.WindowUpdate);
        Assert.Equal(1u, update.StreamId);
        Assert.Equal(600u, update.WindowIncrement);
    }

    [Fact]
    public async Task Consuming_more_than_was_received_never_opens_the_stream_window_beyond_its_size()
    {
        Ht2Stream? request = null;
        await using SessionHarness h = await SessionHarness.StartServerAsync(FlowControlTests.SmallWindows, setup: handler => handler.Request = (stream, ended) => request = stream);
        h.Send(Wire.Headers(1, Wire.PostBlock, endStream: false));
        await h.SyncAsync();

        // Nothing received, 600 "consumed": the window is still whole (1,000), so no WINDOW_UPDATE may add to it.
        request!.ConsumeData(600);
        Assert.DoesNotContain(await h.SyncAsync(1), f => f.Type == WireFrame.WindowUpdate);

        // 1,000 bytes arrive: the early credit now fits the window and goes out; the window is then 600, not more.
        h.Send(Wire.Data(1, 1000, endStream: false));
        WireFrame update = Assert.Single(await h.SyncAsync(2), f => f.Type == WireFrame.WindowUpdate);
        Assert.Equal(1u, update.StreamId);
        Assert.Equal(600u, update.WindowIncrement);
        h.Send(Wire.Data(1, 601, endStream: false));
        await h.ExpectResetAsync(1, Http2ErrorCode.FlowControlError);
    }
}
