using System;
using System.IO;
using System.Threading;
using System.Threading.Tasks;

namespace Ht2.Tests.Connection;

/// <summary>
/// A DATA send beyond the peer's window with no read loop running cannot get credit: it must end with a
/// <see cref="TimeoutException"/> that says why, after the bytes the window allowed, instead of waiting forever.
/// </summary>
public sealed class CreditTimeoutTests
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(10);

    // The RFC 9113 §6.9.2 initial window: the peer accepts this many DATA bytes before any WINDOW_UPDATE.
    private const int InitialWindow = 65_535;

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task SendBeyondWindow_WithoutReadLoop_ThrowsTimeoutNamingTheCause(bool async)
    {
        using MemoryStream wire = new();
        using Ht2Connection connection = new(wire, new Ht2ConnectionOptions { CreditTimeout = TimeSpan.FromMilliseconds(20) });
        byte[] body = new byte[InitialWindow + 10];

        Task send = async
            ? connection.SendDataAsync(1, body, endStream: true).AsTask()
            : Task.Factory.StartNew(() => connection.SendData(1, body, endStream: true), TaskCreationOptions.LongRunning);
        TimeoutException timeout = await Assert.ThrowsAsync<TimeoutException>(() => send.Within(Patience));

        Assert.StartsWith("No flow-control credit for DATA on stream 1 within ", timeout.Message);
        Assert.Contains(" s (connection window 0, stream window 0). Credit comes from the peer's WINDOW_UPDATE", timeout.Message);
        Assert.Contains("ReadFrameAsync", timeout.Message);
        Assert.Contains(nameof(Ht2ConnectionOptions.CreditTimeout), timeout.Message);
        // The window's worth went out (four 16,384-byte frames less one byte, each with its 9-byte header); no more.
        Assert.Equal(0, connection.ConnectionSendWindow);
        Assert.Equal(InitialWindow + 4 * 9, wire.Length);
    }

    [Fact]
    public async Task AsyncSend_WaitingForCredit_StopsAtItsCancellationToken()
    {
        using MemoryStream wire = new();
        using Ht2Connection connection = new(wire, new Ht2ConnectionOptions { CreditTimeout = Timeout.InfiniteTimeSpan });
        using CancellationTokenSource cancel = new();
        Task send = connection.SendDataAsync(1, new byte[InitialWindow + 1], endStream: true, cancel.Token).AsTask();
        cancel.Cancel();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => send.Within(Patience));
    }

    [Fact]
    public void CreditTimeout_DefaultsTo30Seconds_AndRefusesZero()
    {
        Assert.Equal(TimeSpan.FromSeconds(30), Ht2ConnectionOptions.Default.CreditTimeout);
        Assert.Throws<ArgumentOutOfRangeException>(() => new Ht2ConnectionOptions { CreditTimeout = TimeSpan.Zero });
        Assert.Equal(Timeout.InfiniteTimeSpan, new Ht2ConnectionOptions { CreditTimeout = Timeout.InfiniteTimeSpan }.CreditTimeout);
    }
}
