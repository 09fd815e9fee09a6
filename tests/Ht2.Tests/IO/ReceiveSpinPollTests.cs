using System;
using System.Diagnostics;
using System.Net.Sockets;
using System.Threading;

namespace Ht2.Tests.IO;

/// <summary>
/// The poll behind <see cref="Ht2SessionOptions.ReceiveSpin"/>, on a scripted probe (when it becomes readable, what the
/// clock says, what it throws): it stops at the first readable look or once the time is spent, one poll runs at a time in
/// the process, and a socket's error ends it without leaving the gate shut.
/// </summary>
[Collection(ReceiveSpinGate.Name)]
public sealed class ReceiveSpinPollTests
{
    [Fact]
    public void It_stops_at_the_first_look_that_finds_input()
    {
        ScriptedProbe probe = new(readableAtLook: 3, clockStep: 0);
        Assert.True(ReceiveSpin.Poll(ref probe, ticks: 1_000));
        Assert.Equal(3, probe.Looks);
    }

    [Fact]
    public void It_stops_once_the_time_is_spent_and_says_nothing_came()
    {
        // The clock moves 10 ticks a reading; the first reading fixes the end at 0 + 50.
        ScriptedProbe probe = new(readableAtLook: int.MaxValue, clockStep: 10);
        Assert.False(ReceiveSpin.Poll(ref probe, ticks: 50));
        Assert.Equal(5, probe.Looks); // looks at 10, 20, 30, 40 and 50 ticks: each is followed by one clock reading
    }

    [Fact]
    public void With_no_time_it_looks_once()
    {
        // On a worker: a poll whose end test is wrong never ends on this never-readable probe.
        bool result = true;
        int looks = 0;
        Worker poller = Worker.Start("poll", () =>
        {
            ScriptedProbe probe = new(readableAtLook: int.MaxValue, clockStep: 1);
            result = ReceiveSpin.Poll(ref probe, ticks: 0);
            looks = probe.Looks;
        });
        poller.Join();
        Assert.False(result);
        Assert.Equal(1, looks);
    }

    [Fact]
    public void A_second_poll_while_one_runs_returns_at_once_without_looking_and_the_next_looks_again()
    {
        ScriptedProbe inner = new(readableAtLook: 1, clockStep: 0);
        bool innerResult = true;
        ScriptedProbe outer = new(readableAtLook: 2, clockStep: 0)
        {
            OnLook = () => innerResult = ReceiveSpin.Poll(ref inner, ticks: 1_000),
        };

        Assert.True(ReceiveSpin.Poll(ref outer, ticks: 1_000));
        Assert.False(innerResult);
        Assert.Equal(0, inner.Looks);

        Assert.True(ReceiveSpin.Poll(ref inner, ticks: 1_000));
        Assert.Equal(1, inner.Looks);
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void A_socket_error_ends_the_poll_and_opens_the_gate(bool disposed)
    {
        ScriptedProbe failing = new(readableAtLook: int.MaxValue, clockStep: 0)
        {
            OnLook = () => throw (disposed ? new ObjectDisposedException("socket") : new SocketException((int)SocketError.ConnectionReset)),
        };
        Assert.False(ReceiveSpin.Poll(ref failing, ticks: 1_000));

        ScriptedProbe next = new(readableAtLook: 1, clockStep: 0);
        Assert.True(ReceiveSpin.Poll(ref next, ticks: 1_000));
    }

    [Fact]
    public void Another_error_is_not_swallowed_and_still_opens_the_gate()
    {
        ScriptedProbe failing = new(readableAtLook: int.MaxValue, clockStep: 0) { OnLook = () => throw new InvalidOperationException("probe") };
        Assert.Throws<InvalidOperationException>(() => ReceiveSpin.Poll(ref failing, ticks: 1_000));

        ScriptedProbe next = new(readableAtLook: 1, clockStep: 0);
        Assert.True(ReceiveSpin.Poll(ref next, ticks: 1_000));
    }

    [Fact]
    public void A_socket_probe_is_readable_once_bytes_or_the_end_are_there()
    {
        using Loopback loopback = new();
        ReceiveSpin.SocketProbe probe = new(loopback.Server);
        Assert.False(probe.Readable());

        loopback.Client.Send([1]);
        Assert.True(SpinWait.SpinUntil(probe.Readable, Worker.DefaultTimeout), "the byte never showed");
        long before = Stopwatch.GetTimestamp();
        Assert.InRange(probe.Now(), before, long.MaxValue);
    }

    [Fact]
    public void Spin_times_convert_to_stopwatch_ticks()
    {
        Assert.Equal(0, ReceiveSpin.ToTicks(TimeSpan.Zero));
        Assert.Equal(Stopwatch.Frequency / 1000, ReceiveSpin.ToTicks(TimeSpan.FromMilliseconds(1)));
        Assert.Equal(Stopwatch.Frequency / 20_000, ReceiveSpin.ToTicks(TimeSpan.FromMicroseconds(50)));
    }

    private struct ScriptedProbe(int readableAtLook, long clockStep) : ReceiveSpin.IProbe
    {
        private long _clock;

        public int Looks { get; private set; }

        public Action? OnLook { get; init; }

        public bool Readable()
        {
            Looks++;
            OnLook?.Invoke();
            return Looks >= readableAtLook;
        }

        public long Now() => (_clock += clockStep) - clockStep;
    }
}

/// <summary>The tests that use the process's one poll gate run one at a time.</summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class ReceiveSpinGate
{
    public const string Name = "receive spin gate";
}
