using System;
using System.Linq;
using System.Threading.Tasks;

namespace Ht2.Tests.Session;

/// <summary>
/// A response's header block goes out as one HEADERS frame while it fits the peer's SETTINGS_MAX_FRAME_SIZE (16,384
/// here), whether the session encodes it straight into the batch (its worst-case size fits a frame) or through the
/// encode buffer (the worst case does not fit, the block does), and as HEADERS + CONTINUATION beyond (RFC 9113 §4.3,
/// §6.10). Blocks by hand from RFC 7541: 0x88 = :status 200 (static index 8); then <c>x-big</c> as a literal without
/// indexing with a new name (0x00, 0x05 "x-big"), since its entry is over three quarters of the 4,096-byte table,
/// and its value length as a 7-bit prefix integer (§5.1): 0x7F, then length − 127 in 7-bit groups, low group first.
/// </summary>
public sealed class ResponseHeaderFramingTests
{
    [Theory]
    // 16,000: worst case 10 + 13 + 16,010 = 16,033 fits a frame (encoded in place); 16,000 − 127 = 15,873 = 1 + 124 × 128.
    [InlineData(16_000, new byte[] { 0x7F, 0x81, 0x7C })]
    // 16,360: worst case 16,393 does not fit (encode buffer), the block of 16,371 does; 16,233 = 105 + 126 × 128.
    [InlineData(16_360, new byte[] { 0x7F, 0xE9, 0x7E })]
    public async Task A_block_that_fits_a_frame_is_one_HEADERS_frame(int valueLength, byte[] lengthPrefix)
    {
        await using SessionHarness h = await StartAsync(valueLength);
        h.Send(Wire.Headers(1, Wire.GetBlock, endStream: true));

        WireFrame headers = await h.ExpectAsync(WireFrame.Headers);
        Assert.Equal((byte)(Wire.EndHeaders | Wire.EndStream), headers.Flags);
        Assert.Equal(ExpectedBlock(valueLength, lengthPrefix), headers.Payload);
    }

    [Fact]
    public async Task A_block_over_the_frame_size_continues_in_a_CONTINUATION_frame()
    {
        // 16,400 − 127 = 16,273 = 17 + 127 × 128; the block is 1 + 7 + 3 + 16,400 = 16,411 bytes.
        await using SessionHarness h = await StartAsync(16_400);
        h.Send(Wire.Headers(1, Wire.GetBlock, endStream: true));

        WireFrame headers = await h.ExpectAsync(WireFrame.Headers);
        WireFrame continuation = await h.NextFrameAsync();
        byte[] expected = ExpectedBlock(16_400, [0x7F, 0x91, 0x7F]);
        Assert.Equal(Wire.EndStream, headers.Flags);
        Assert.Equal(16_384, headers.Payload.Length);
        Assert.Equal(WireFrame.Continuation, continuation.Type);
        Assert.Equal(Wire.EndHeaders, continuation.Flags);
        Assert.Equal(1u, continuation.StreamId);
        Assert.Equal(expected, headers.Payload.Concat(continuation.Payload).ToArray());
    }

    private static Task<SessionHarness> StartAsync(int valueLength)
    {
        Ht2Field[] response = [new(":status"u8.ToArray(), "200"u8.ToArray()), new("x-big"u8.ToArray(), Enumerable.Repeat((byte)'a', valueLength).ToArray())];
        return SessionHarness.StartServerAsync(setup: handler => handler.Request = (stream, _) => stream.SendHeaders(response, endStream: true));
    }

    private static byte[] ExpectedBlock(int valueLength, byte[] lengthPrefix) =>
        [0x88, 0x00, 0x05, (byte)'x', (byte)'-', (byte)'b', (byte)'i', (byte)'g', .. lengthPrefix, .. Enumerable.Repeat((byte)'a', valueLength)];
}
