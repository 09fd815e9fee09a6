using System;
using System.Buffers.Binary;
using System.Text;
using System.Threading.Tasks;

namespace Ht2.Tests.Session;

/// <summary>
/// The control-frame backlog (<see cref="Ht2SessionOptions.MaxQueuedControlFrames"/>) at its boundary: the frames
/// queued for the peer count in the batch being written and in the one waiting behind it; exactly the limit is
/// kept, one more is answered with GOAWAY ENHANCE_YOUR_CALM after what was queued.
/// </summary>
public sealed class ControlBacklogBoundaryTests
{
    private static readonly Ht2SessionOptions ThreeQueued = new() { MaxQueuedControlFrames = 3, PingFrames = RateLimit.Unlimited };

    [Fact]
    public async Task Exactly_the_limit_of_queued_PING_ACKs_is_kept_and_written_once_the_peer_reads()
    {
        TaskCompletionSource reads = new(TaskCreationOptions.RunContinuationsAsynchronously);
        await using SessionHarness h = await SessionHarness.StartServerAsync(ThreeQueued);
        h.Transport.FlushGate = reads.Task;

        // The first ACK goes into the write that waits for the peer; two more wait behind it: 3 queued.
        h.Send(Wire.Ping(1));
        h.Send(Wire.Concat(Wire.Ping(2), Wire.Ping(3)));
        Assert.Null(h.Session.CloseReason);

        reads.SetResult();
        await ExpectAcksAsync(h, 3);
        Assert.Empty(await h.SyncAsync(9));
        Assert.Null(h.Session.CloseReason);
    }

    [Fact]
    public async Task One_control_frame_above_the_limit_is_GOAWAY_ENHANCE_YOUR_CALM_after_the_queued_ones()
    {
        TaskCompletionSource reads = new(TaskCreationOptions.RunContinuationsAsynchronously);
        await using SessionHarness h = await SessionHarness.StartServerAsync(ThreeQueued);
        h.Transport.FlushGate = reads.Task;
        h.Send(Wire.Ping(1));
        h.Send(Wire.Concat(Wire.Ping(2), Wire.Ping(3), Wire.Ping(4)));
        Assert.Equal(Http2ErrorCode.EnhanceYourCalm, h.Session.CloseReason);

        reads.SetResult();
        await ExpectAcksAsync(h, 3);

        WireFrame goAway = await h.ExpectGoAwayAsync(Http2ErrorCode.EnhanceYourCalm);
        Assert.Equal("Too many control frames queued: the peer does not read.", Encoding.UTF8.GetString(goAway.Payload.AsSpan(8)));
        Assert.Empty(await h.ReadRestAsync()); // the ACK of the fourth PING was never queued
    }

    /// <summary>The next frames are the ACKs of PING 1 to <paramref name="count"/>, in order.</summary>
    private static async Task ExpectAcksAsync(SessionHarness h, ulong count)
    {
        for (ulong data = 1; data <= count; data++)
        {
            WireFrame ack = await h.NextFrameAsync();
            Assert.True(ack.Type == WireFrame.Ping && ack.Has(Wire.Ack), $"expected the ACK of PING {data}, got {ack}");
            Assert.Equal(data, BinaryPrimitives.ReadUInt64BigEndian(ack.Payload));
        }
    }
}
