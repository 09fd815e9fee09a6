using System;
using System.Linq;
using System.Threading.Tasks;

namespace Ht2.Tests.Session;

/// <summary>
/// The PING that overflows the budget ends the connection (GOAWAY ENHANCE_YOUR_CALM) and is itself neither answered
/// nor reported to the application: only the PINGs within the budget are.
/// </summary>
public sealed class PingFloodTests
{
    [Fact]
    public async Task The_PING_over_the_budget_is_neither_answered_nor_reported()
    {
        await using SessionHarness h = await SessionHarness.StartServerAsync(new Ht2SessionOptions { PingFrames = new RateLimit(1, 0) });
        h.Send(Wire.Concat(Wire.Ping(1), Wire.Ping(2)));
        WireFrame ack = await h.ExpectAsync(WireFrame.Ping);
        Assert.Equal(Wire.Be32(0).Concat(Wire.Be32(1)), ack.Payload);
        WireFrame goAway = await h.ExpectGoAwayAsync(Http2ErrorCode.EnhanceYourCalm);
        Assert.Equal("Too many PING frames.", goAway.GoAwayDebugText);
        Assert.DoesNotContain(await h.ReadRestAsync(), f => f.Type == WireFrame.Ping);
        Assert.Equal(["ping 1 ack=False"], h.Handler.Events.Where(e => e.StartsWith("ping", StringComparison.Ordinal)));
    }
}
