using System;
using System.Collections.Generic;
using System.Threading.Tasks;

namespace Ht2.Tests.Session;

/// <summary>
/// A trailer section the session refuses is answered at once with RST_STREAM, before anything the peer sent after it
/// (the PING of <see cref="SessionHarness.SyncAsync"/>): a trailer section without END_STREAM is malformed (PROTOCOL_ERROR,
/// RFC 9113 §8.1), one over our SETTINGS_MAX_HEADER_LIST_SIZE is cancelled (CANCEL, RFC 9113 §6.5.2, §10.5.1).
/// </summary>
public sealed class TrailerRefusalTests
{
    [Fact]
    public async Task Trailers_without_END_STREAM_are_reset_with_PROTOCOL_ERROR_before_the_next_frame_is_answered()
    {
        await using SessionHarness h = await SessionHarness.StartServerAsync();
        h.Send(Wire.Headers(1, Wire.PostBlock, endStream: false));

        // "x-t: 1", literal without indexing, new name (RFC 7541 §6.2.2).
        h.Send(Wire.Concat(Wire.Headers(1, [0x00, 0x03, (byte)'x', (byte)'-', (byte)'t', 0x01, (byte)'1'], endStream: false), Wire.Ping(9)));
        await AssertResetBeforeThePingAck(h, Http2ErrorCode.ProtocolError);
    }

    [Fact]
    public async Task Trailers_over_the_header_list_limit_are_reset_with_CANCEL_before_the_next_frame_is_answered()
    {
        await using SessionHarness h = await SessionHarness.StartServerAsync(new Ht2SessionOptions { MaxHeaderListSize = 200 });
        h.Send(Wire.Headers(1, Wire.PostBlock, endStream: false));

        // "a: " and 200 zero bytes (1 + 200 + 32 > 200): 200 = 127 + 73, so the length is 0x7F 0x49 (RFC 7541 §5.1).
        h.Send(Wire.Concat(Wire.Headers(1, [0x00, 0x01, (byte)'a', 0x7F, 73, .. new byte[200]], endStream: true), Wire.Ping(9)));
        await AssertResetBeforeThePingAck(h, Http2ErrorCode.Cancel);
    }

    private static async Task AssertResetBeforeThePingAck(SessionHarness h, Http2ErrorCode code)
    {
        List<WireFrame> before = new();
        while (true)
        {
            WireFrame frame = await h.NextFrameAsync();
            if (frame.Type == WireFrame.Ping)
            {
                Assert.True(frame.Has(Wire.Ack));
                break;
            }

            before.Add(frame);
        }

        WireFrame reset = Assert.Single(before);
        Assert.Equal((WireFrame.RstStream, 1u, (uint)code), (reset.Type, reset.StreamId, reset.ErrorCode));
        Assert.Contains("request 1 end=False", h.Handler.Events);
        Assert.Contains($"reset 1 {code}", h.Handler.Events);
        Assert.DoesNotContain(h.Handler.Events, e => e.StartsWith("trailers", StringComparison.Ordinal));
    }
}
