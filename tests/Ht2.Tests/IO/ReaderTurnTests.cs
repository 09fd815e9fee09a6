using System;
using System.Diagnostics;

namespace Ht2.Tests.IO;

/// <summary>
/// The sole-reader rule of <see cref="Ht2SessionOptions.ReceiveSpin"/>: a socket's read polls only when no other
/// polling socket began a read since its own last one, so several busy connections never poll.
/// </summary>
[Collection(ReceiveSpinGate.Name)]
public sealed class ReaderTurnTests
{
    [Fact]
    public void A_socket_reading_alone_has_its_turn_on_every_read()
    {
        long reads = 0;
        ReceiveSpin.ReaderTurn turn = default;
        for (int read = 1; read <= 4; read++)
        {
            Assert.True(turn.Take(ref reads), $"read {read}");
        }

        Assert.Equal(4, reads);
    }

    [Fact]
    public void Two_sockets_taking_turns_read_alone_on_neither()
    {
        long reads = 0;
        ReceiveSpin.ReaderTurn first = default, second = default;
        Assert.True(first.Take(ref reads));
        Assert.False(second.Take(ref reads));
        Assert.False(first.Take(ref reads));
        Assert.False(second.Take(ref reads));
        Assert.False(first.Take(ref reads));
    }

    [Fact]
    public void A_socket_reads_alone_again_on_its_second_read_after_the_other_stopped()
    {
        long reads = 0;
        ReceiveSpin.ReaderTurn first = default, second = default;
        first.Take(ref reads);
        second.Take(ref reads);

        Assert.False(first.Take(ref reads));
        Assert.True(first.Take(ref reads));
        Assert.True(first.Take(ref reads));
    }

    [Fact]
    public void A_socket_that_has_not_read_alone_does_not_poll_its_silent_socket()
    {
        // The other socket's read lies between this one's two reads. Were the rule ignored, the second read would poll
        // the silent socket for an hour; the loopback's lifetime ends that poll and the join's bound fails the test.
        using Loopback noisy = new(), silent = new();
        noisy.Client.Send([1]);
        ReceiveSpin.ReaderTurn mine = default, other = default;
        long hour = Stopwatch.Frequency * 3600;

        Worker.Run("reads", () =>
        {
            ReceiveSpin.UntilReadable(noisy.Server, hour, ref mine);
            ReceiveSpin.UntilReadable(noisy.Server, hour, ref other);
            ReceiveSpin.UntilReadable(silent.Server, hour, ref mine);
        });
    }
}
