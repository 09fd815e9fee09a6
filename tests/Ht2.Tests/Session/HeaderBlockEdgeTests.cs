using System;
using System.Collections.Generic;
using System.Linq;
using System.Text;
using System.Threading.Tasks;

namespace Ht2.Tests.Session;

/// <summary>
/// The edges of header block handling in the session (RFC 9113 §4.3, §5.1, §6.10): a CONTINUATION fragment far larger
/// than the assembly buffer, a block that fails to decode after valid fields, HEADERS on a half-closed (remote)
/// stream, and the GOAWAY debug data that names each connection error. Blocks are written by hand from RFC 7541.
/// </summary>
public sealed class HeaderBlockEdgeTests
{
    [Fact]
    public async Task A_CONTINUATION_fragment_larger_than_twice_the_assembly_buffer_is_assembled()
    {
        await using SessionHarness h = await SessionHarness.StartServerAsync();

        // "a: vvv…" (16,000 bytes), literal without indexing, new name: 16,000 = 127 + 15,873 = 127 + 0x01 + 0x7C·128,
        // so the integer's continuation bytes are 0x81 0x7C (RFC 7541 §5.1).
        string value = new('v', 16000);
        byte[] block = [.. Wire.GetBlock, 0x00, 0x01, (byte)'a', 0x7F, 0x81, 0x7C, .. Encoding.ASCII.GetBytes(value)];

        // A small HEADERS fragment, then one CONTINUATION of almost 16 KiB: the 4 KiB buffer must grow to the sum,
        // not only to twice its size.
        h.Send(Wire.Frame(WireFrame.Headers, Wire.EndStream, 1, block[..4]));
        h.Send(Wire.Frame(WireFrame.Continuation, Wire.EndHeaders, 1, block[4..]));
        await h.SyncAsync();
        Assert.Contains("request 1 end=True", h.Handler.Events);
        Assert.Equal([(":method", "GET"), (":scheme", "http"), (":path", "/"), (":authority", "x"), ("a", value)], h.Handler.LastHeaders);
    }

    [Fact]
    public async Task A_block_that_fails_to_decode_after_valid_fields_delivers_nothing()
    {
        await using SessionHarness h = await SessionHarness.StartServerAsync();

        // A whole valid request, then index 0, which no table holds (RFC 7541 §6.1: a decoding error).
        h.Send(Wire.Headers(1, [.. Wire.GetBlock, 0x80], endStream: true));
        WireFrame goAway = await h.ExpectGoAwayAsync(Http2ErrorCode.CompressionError);
        Assert.Equal(0u, goAway.GoAwayLastStreamId);
        Assert.DoesNotContain(h.Handler.Events, e => e.StartsWith("request", StringComparison.Ordinal));
        Assert.DoesNotContain(await h.ReadRestAsync(), f => f.Type is WireFrame.Headers or WireFrame.RstStream);
    }

    [Fact]
    public async Task HEADERS_on_a_half_closed_remote_stream_is_one_STREAM_CLOSED_reset_and_no_trailers()
    {
        await using SessionHarness h = await SessionHarness.StartServerAsync();
        h.Send(Wire.Headers(1, Wire.GetBlock, endStream: true));
        await h.SyncAsync();
        Assert.Contains("request 1 end=True", h.Handler.Events);

        // Valid trailers ("x: y", literal without indexing, new name) after the peer ended its side (RFC 9113 §5.1).
        h.Send(Wire.Headers(1, [0x00, 0x01, (byte)'x', 0x01, (byte)'y'], endStream: true));
        await h.ExpectResetAsync(1, Http2ErrorCode.StreamClosed);
        List<WireFrame> after = await h.SyncAsync(1);
        Assert.DoesNotContain(after, f => f.Type == WireFrame.RstStream);
        Assert.DoesNotContain(h.Handler.Events, e => e.StartsWith("trailers", StringComparison.Ordinal));
    }

    [Fact]
    public async Task The_GOAWAY_names_HEADERS_on_a_stream_that_was_never_opened()
    {
        await using SessionHarness h = await SessionHarness.StartClientAsync();
        h.Send(Wire.Headers(2, Wire.Status200Block, endStream: true));
        WireFrame goAway = await h.ExpectGoAwayAsync(Http2ErrorCode.ProtocolError);
        Assert.Equal("HEADERS on a stream that was never opened.", goAway.GoAwayDebugText);
    }

    [Fact]
    public async Task The_GOAWAY_names_HEADERS_on_a_forgotten_stream()
    {
        await using SessionHarness h = await SessionHarness.StartServerAsync(
            new Ht2SessionOptions { ClosedStreamMemory = 1 },
            setup: handler => handler.Request = (stream, ended) => stream.SendHeaderBlock(Wire.Status200Block, endStream: true));
        h.Send(Wire.Headers(1, Wire.GetBlock, endStream: true));
        h.Send(Wire.Headers(3, Wire.GetBlock, endStream: true));
        await h.SyncAsync();
        h.Send(Wire.Headers(1, Wire.GetBlock, endStream: true));
        WireFrame goAway = await h.ExpectGoAwayAsync(Http2ErrorCode.ProtocolError);
        Assert.Equal("HEADERS on a closed stream or below the highest stream id used (RFC 9113 §5.1.1).", goAway.GoAwayDebugText);
    }

    [Fact]
    public async Task The_GOAWAY_names_a_flood_of_empty_CONTINUATION_frames()
    {
        await using SessionHarness h = await SessionHarness.StartServerAsync(new Ht2SessionOptions { EmptyFrames = new RateLimit(1, 0), MaxContinuationFrames = 100 });
        h.Send(Wire.Frame(WireFrame.Headers, Wire.EndStream, 1, Wire.GetBlock));
        h.Send(Wire.Concat(Wire.Frame(WireFrame.Continuation, 0, 1), Wire.Frame(WireFrame.Continuation, 0, 1)));
        WireFrame goAway = await h.ExpectGoAwayAsync(Http2ErrorCode.EnhanceYourCalm);
        Assert.Equal("Too many empty CONTINUATION frames.", goAway.GoAwayDebugText);
        Assert.DoesNotContain(h.Handler.Events, e => e.StartsWith("request", StringComparison.Ordinal));
    }
}
