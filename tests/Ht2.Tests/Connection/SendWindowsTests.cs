using System;
using System.Collections.Generic;
using System.Threading;
using System.Threading.Tasks;

namespace Ht2.Tests.Connection;

/// <summary>
/// The send-side windows of RFC 9113 §6.9 on their own: credit spent and given back exactly, windows of exactly
/// 2^31-1 legal and one more a FLOW_CONTROL_ERROR of the right scope, waiters woken by every kind of new credit.
/// </summary>
public sealed class SendWindowsTests
{
    private const long MaxWindow = 0x7FFF_FFFF;
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(10);

    private sealed class WaitLog : IFlowControlObserver
    {
        public readonly List<uint> Waits = new();
        public readonly SemaphoreSlim Started = new(0);

        public void WaitStarted(uint streamId)
        {
            Waits.Add(streamId);
            Started.Release();
        }
    }

    [Fact]
    public void TryReserveExactly_SpendsBothWindows_AllOrNothing()
    {
        SendWindows windows = new(System.Threading.Timeout.InfiniteTimeSpan, null);
        Assert.True(windows.TryReserveExactly(1, 1000));
        Assert.Equal(64_535, windows.Connection);
        Assert.Equal(64_535, windows.GetStream(1));
        Assert.Equal(65_535, windows.GetStream(3));

        Assert.False(windows.TryReserveExactly(1, 64_536));
        Assert.Equal(64_535, windows.Connection);
        Assert.True(windows.TryReserveExactly(1, 64_535));
        Assert.Equal(0, windows.Connection);
        Assert.Equal(0, windows.GetStream(1));
        Assert.False(windows.TryReserveExactly(3, 1));
        Assert.Equal(65_535, windows.GetStream(3));
    }

    [Fact]
    public void TryReserveExactly_IsLimitedByTheStreamWindowToo()
    {
        SendWindows windows = new(System.Threading.Timeout.InfiniteTimeSpan, null);
        Assert.Equal(default, windows.ApplyWindowUpdate(0, 100_000));
        Assert.False(windows.TryReserveExactly(1, 65_536));
        Assert.True(windows.TryReserveExactly(1, 65_535));
        Assert.Equal(100_000, windows.Connection);
    }

    /// <summary>A reserve that finds credit returns at once; one that would wait for ever fails the test.</summary>
    private static int ReserveBounded(SendWindows windows, uint streamId, int wanted)
    {
        int granted = 0;
        Worker.Run("reserve", () => granted = windows.Reserve(streamId, wanted));
        return granted;
    }

    [Fact]
    public void Reserve_GrantsTheSmallestOfWantedConnectionAndStream()
    {
        SendWindows windows = new(System.Threading.Timeout.InfiniteTimeSpan, null);
        Assert.Equal(10, ReserveBounded(windows, 1, 10));
        Assert.Equal(65_525, ReserveBounded(windows, 1, 1_000_000));
        Assert.Equal(0, windows.GetStream(1));
        Assert.Equal(0, windows.Connection);
        Assert.Equal(default, windows.ApplyWindowUpdate(0, 50));
        Assert.Equal(50, ReserveBounded(windows, 3, 1_000));
        Assert.Equal(65_485, windows.GetStream(3));
    }

    [Fact]
    public async Task Refund_GivesBackExactlyWhatWasTaken_AndWakesAWaiter()
    {
        WaitLog log = new();
        SendWindows windows = new(System.Threading.Timeout.InfiniteTimeSpan, log);
        Assert.True(windows.TryReserveExactly(1, 65_535));
        ValueTask<int> waiting = windows.ReserveAsync(1, 100, CancellationToken.None);
        Assert.True(log.Started.Within(Timeout));
        Assert.False(waiting.IsCompleted);

        windows.Refund(1, 40);
        Assert.Equal(40, await waiting.AsTask().Within(Timeout));
        Assert.Equal(0, windows.Connection);
        Assert.Equal(0, windows.GetStream(1));
        Assert.Equal(new uint[] { 1 }, log.Waits);

        windows.Refund(1, 300);
        Assert.Equal(300, windows.Connection);
        Assert.Equal(300, windows.GetStream(1));
    }

    [Fact]
    public void ConnectionWindow_ExactlyMax_IsLegal_OneMoreIsAConnectionError()
    {
        SendWindows windows = new(System.Threading.Timeout.InfiniteTimeSpan, null);
        Assert.Equal(default, windows.ApplyWindowUpdate(0, (uint)(MaxWindow - 65_535)));
        Assert.Equal(MaxWindow, windows.Connection);

        FrameError error = windows.ApplyWindowUpdate(0, 1);
        Assert.Equal(Http2ErrorCode.FlowControlError, error.Code);
        Assert.Equal(ErrorScope.Connection, error.Scope);
        Assert.Equal(MaxWindow, windows.Connection);
    }

    [Fact]
    public void StreamWindow_ExactlyMax_IsLegal_OneMoreIsAStreamError()
    {
        SendWindows windows = new(System.Threading.Timeout.InfiniteTimeSpan, null);
        Assert.Equal(default, windows.ApplyWindowUpdate(5, (uint)(MaxWindow - 65_535)));
        Assert.Equal(MaxWindow, windows.GetStream(5));
        Assert.Equal(65_535, windows.Connection);

        FrameError error = windows.ApplyWindowUpdate(5, 1);
        Assert.Equal(Http2ErrorCode.FlowControlError, error.Code);
        Assert.Equal(ErrorScope.Stream, error.Scope);
        Assert.Equal(5u, error.StreamId);
        Assert.Equal(MaxWindow, windows.GetStream(5));
    }

    [Fact]
    public void InitialWindowSize_MovesEveryStreamByTheDifference_UpToExactlyMax()
    {
        SendWindows windows = new(System.Threading.Timeout.InfiniteTimeSpan, null);
        Assert.True(windows.TryReserveExactly(1, 1000));
        Assert.Equal(default, windows.ApplyWindowUpdate(3, 10));

        // Stream 3 sits 10 above the initial window: MAX - 10 takes it to exactly MAX.
        Assert.Equal(default, windows.ApplyInitialWindowSize((uint)(MaxWindow - 10)));
        Assert.Equal(MaxWindow - 10 - 1000, windows.GetStream(1));
        Assert.Equal(MaxWindow, windows.GetStream(3));
        Assert.Equal(MaxWindow - 10, windows.GetStream(7));
        Assert.Equal(MaxWindow - 10, windows.InitialStreamWindow);
        Assert.Equal(64_535, windows.Connection);

        // One more would take stream 3 above MAX: a connection error, and no window moves.
        FrameError error = windows.ApplyInitialWindowSize((uint)(MaxWindow - 9));
        Assert.Equal(Http2ErrorCode.FlowControlError, error.Code);
        Assert.Equal(ErrorScope.Connection, error.Scope);
        Assert.Equal(MaxWindow, windows.GetStream(3));
        Assert.Equal(MaxWindow - 10 - 1000, windows.GetStream(1));
        Assert.Equal(MaxWindow - 10, windows.InitialStreamWindow);
    }

    [Fact]
    public async Task InitialWindowSize_MayDriveAWindowNegative_ThenSendersWait()
    {
        WaitLog log = new();
        SendWindows windows = new(System.Threading.Timeout.InfiniteTimeSpan, log);
        Assert.True(windows.TryReserveExactly(1, 1000));
        Assert.Equal(default, windows.ApplyInitialWindowSize(500));
        Assert.Equal(-500, windows.GetStream(1));
        Assert.False(windows.TryReserveExactly(1, 1));

        ValueTask<int> waiting = windows.ReserveAsync(1, 100, CancellationToken.None);
        Assert.True(log.Started.Within(Timeout));
        Assert.Equal(default, windows.ApplyWindowUpdate(1, 501));
        Assert.Equal(1, await waiting.AsTask().Within(Timeout));
    }

    [Fact]
    public void Forget_DropsTheStream_ItStartsAgainFromTheInitialWindow()
    {
        SendWindows windows = new(System.Threading.Timeout.InfiniteTimeSpan, null);
        Assert.True(windows.TryReserveExactly(1, 1000));
        windows.Forget(1);
        Assert.Equal(65_535, windows.GetStream(1));
        Assert.Equal(64_535, windows.Connection);
    }

    [Fact]
    public async Task SyncReserve_WaitsForCredit_AndCloseWakesWaitersWithObjectDisposed()
    {
        WaitLog log = new();
        SendWindows windows = new(System.Threading.Timeout.InfiniteTimeSpan, log);
        Assert.True(windows.TryReserveExactly(1, 65_535));
        int granted = 0;
        Worker sync = Worker.Start("sync reserve", () => granted = windows.Reserve(1, 10));
        Assert.True(log.Started.Within(Timeout));
        Assert.Equal(default, windows.ApplyWindowUpdate(0, 7));
        Assert.Equal(default, windows.ApplyWindowUpdate(1, 7));
        sync.Join();
        Assert.Equal(7, granted);

        Worker closed = Worker.Start("closed reserve", () => Assert.Throws<ObjectDisposedException>(() => windows.Reserve(1, 10)));
        ValueTask<int> waiting = windows.ReserveAsync(1, 10, CancellationToken.None);
        Assert.True(log.Started.Within(Timeout));
        Assert.True(log.Started.Within(Timeout));
        windows.Close();
        closed.Join();
        await Assert.ThrowsAsync<ObjectDisposedException>(() => waiting.AsTask().Within(Timeout));
        Assert.Throws<ObjectDisposedException>(() => windows.TryReserveExactly(1, 0));
    }

    [Fact]
    public async Task ReserveAsync_CanBeCancelled_AndLeavesTheWindowsAlone()
    {
        WaitLog log = new();
        SendWindows windows = new(System.Threading.Timeout.InfiniteTimeSpan, log);
        Assert.True(windows.TryReserveExactly(1, 65_535));
        using CancellationTokenSource cancel = new();
        ValueTask<int> waiting = windows.ReserveAsync(1, 10, cancel.Token);
        Assert.True(log.Started.Within(Timeout));
        cancel.Cancel();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => waiting.AsTask().Within(Timeout));
        Assert.Equal(0, windows.Connection);
        Assert.Equal(0, windows.GetStream(1));
    }

    /// <summary>Adds credit from inside the wait notification, before the waiter blocks: nothing wakes it, so its wait times out.</summary>
    private sealed class CreditBeforeTheWait(uint streamId, uint increment) : IFlowControlObserver
    {
        public SendWindows? Windows;

        public void WaitStarted(uint waitingStream) => Assert.Equal(default, Windows!.ApplyWindowUpdate(streamId, increment));
    }

    [Fact]
    public void SyncReserve_CreditThatArrivesAsTheWaitTimesOut_StillCounts()
    {
        // The connection window is spent; the credit lands on the same thread just before Monitor.Wait, so no pulse
        // reaches the wait and it runs out its 50 ms. The credit is there when it gives up: it is granted, no timeout.
        CreditBeforeTheWait observer = new(0, 25);
        SendWindows windows = new(TimeSpan.FromMilliseconds(50), observer);
        observer.Windows = windows;
        Assert.True(windows.TryReserveExactly(1, 65_535));
        Assert.Equal(10, ReserveBounded(windows, 3, 10));
        Assert.Equal(15, windows.Connection);
        Assert.Equal(65_525, windows.GetStream(3));
    }

    [Fact]
    public async Task AfterAnAsyncWaiterLeft_NewCreditAllocatesNothing()
    {
        // The wake-up task is replaced only while someone awaits it; once the waiter is gone, WINDOW_UPDATEs allocate nothing.
        WaitLog log = new();
        SendWindows windows = new(System.Threading.Timeout.InfiniteTimeSpan, log);
        Assert.True(windows.TryReserveExactly(1, 65_535));
        ValueTask<int> waiting = windows.ReserveAsync(1, 10, CancellationToken.None);
        Assert.True(log.Started.Within(Timeout));
        Assert.Equal(default, windows.ApplyWindowUpdate(0, 10));
        Assert.Equal(default, windows.ApplyWindowUpdate(1, 10));
        Assert.Equal(10, await waiting.AsTask().Within(Timeout));

        Assert.Equal(default, windows.ApplyWindowUpdate(0, 1));
        bool refused = false;
        long before = GC.GetAllocatedBytesForCurrentThread();
        for (int i = 0; i < 100; i++)
        {
            refused |= windows.ApplyWindowUpdate(0, 1).IsError;
            windows.Refund(1, 1);
        }

        Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);
        Assert.False(refused);
        Assert.Equal(101 + 100, windows.Connection);
    }
}
