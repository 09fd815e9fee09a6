using System;
using System.Threading.Tasks;
using Ht2.Testing;

namespace Ht2.Tests.Session;

/// <summary>
/// A DATA frame's Pad Length is one octet (RFC 9113 §6.1): <c>padLength</c> is 0..255 or absent. A negative length
/// is refused like one above 255 (it never means "no padding"), nothing is queued, and the stream can still send.
/// </summary>
public sealed class PadLengthRangeTests
{
    private static readonly TimeSpan Bound = TimeSpan.FromSeconds(10);

    [Theory]
    [InlineData(-1)]
    [InlineData(int.MinValue)]
    public async Task A_negative_pad_length_is_refused_and_the_stream_still_sends(int padLength)
    {
        Ht2Stream? request = null;
        await using SessionHarness h = await SessionHarness.StartServerAsync(setup: handler => handler.Request = (stream, ended) => request = stream);
        h.Send(Wire.Headers(1, Wire.GetBlock, endStream: true));
        await h.SyncAsync();
        request!.SendHeaderBlock(Wire.Status200Block, endStream: false);
        await h.ExpectAsync(WireFrame.Headers);

        ArgumentOutOfRangeException refused = Assert.Throws<ArgumentOutOfRangeException>(
            () => { _ = request.SendDataAsync(new byte[] { 1, 2 }, endStream: true, padLength); });
        Assert.Equal("padLength", refused.ParamName);
        Assert.Equal(padLength, refused.ActualValue);
        Assert.StartsWith("Padding is 0..255 bytes.", refused.Message, StringComparison.Ordinal);
        Assert.Empty((await h.SyncAsync()).FindAll(f => f.Type == WireFrame.Data));

        await request.SendDataAsync(new byte[] { 1, 2 }, endStream: true).AsTask().Within(Bound);
        WireFrame data = await h.ExpectAsync(WireFrame.Data);
        Assert.Equal(Wire.EndStream, data.Flags);
        Assert.Equal(new byte[] { 1, 2 }, data.Payload);
    }
}
