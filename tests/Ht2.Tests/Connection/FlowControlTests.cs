using System;
using System.Collections.Generic;
using System.Net.Sockets;
using System.Threading;
using System.Threading.Tasks;
using Ht2.Tests.IO;
using Ht2.Tests.Writing;

namespace Ht2.Tests.Connection;

/// <summary>
/// DATA never overruns the peer's window: the peer receives exactly the window, the sender signals that it waits,
/// and only a WINDOW_UPDATE read by the connection releases the rest. No sleeps: the test waits on the
/// connection's "waiting for window" signal.
/// </summary>
public sealed class FlowControlTests
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(30);

    public static TheoryData<bool, bool> Modes() => new() { { false, false }, { true, false }, { false, true }, { true, true } };

    /// <param name="async">SendDataAsync (awaits a signal) or SendData on a dedicated thread (blocks on a monitor).</param>
    /// <param name="connectionWindow">Limit the connection window to 100 instead of the stream window.</param>
    [Theory]
    [MemberData(nameof(Modes))]
    public async Task PeerWindowOf100_ReceivesExactly100Bytes_UntilItSendsWindowUpdate(bool async, bool connectionWindow)
    {
        using Loopback loopback = new();
        CreditWaits waits = new();
        using Ht2Connection client = new(FrameTransport.Over(loopback.Client), null, waits);
        List<byte> setup = new();
        if (connectionWindow)
        {
            // Stream windows large; spend the connection window down to 100 first (65,435 bytes on stream 3).
            Wire.Settings(setup, false, (0x4, 1_000_000));
        }
        else
        {
            Wire.Settings(setup, false, (0x4, 100));
        }

        loopback.Server.Send(setup.ToArray());
        Assert.Equal(FrameType.Settings, (await client.ReadFrameAsync().AsTask().Within(Worker.DefaultTimeout)).Type);
        // The client had sent no SETTINGS of its own, so an empty one (its preface, RFC 9113 §3.4) precedes the ACK.
        Wire.Frame own = Wire.ReceiveFrame(loopback.Server);
        Wire.Frame ack = Wire.ReceiveFrame(loopback.Server);
        Assert.Equal(((byte)0x4, (byte)0x0), (own.Type, own.Flags));
        Assert.Equal(((byte)0x4, (byte)0x1), (ack.Type, ack.Flags));
        if (connectionWindow)
        {
            Worker.Run("send", () => client.SendData(3, new byte[65_435], endStream: false));
            int drained = 0;
            while (drained < 65_435)
            {
                drained += Wire.ReceiveFrame(loopback.Server).Payload.Length;
            }

            Assert.Equal(100, client.ConnectionSendWindow);
        }
        else
        {
            Assert.Equal(100, client.GetStreamSendWindow(1));
        }

        byte[] data = new byte[300];
        new Random(9).NextBytes(data);
        Task send = async
            ? client.SendDataAsync(1, data, endStream: true).AsTask()
            : Task.Factory.StartNew(() => client.SendData(1, data, endStream: true), TaskCreationOptions.LongRunning);

        Assert.True(waits.Started.Within(Patience), "The sender never waited for credit.");
        List<byte> received = new();
        while (received.Count < 100)
        {
            Wire.Frame frame = Wire.ReceiveFrame(loopback.Server);
            Assert.Equal((byte)0x0, frame.Type);
            Assert.Equal((byte)0x0, frame.Flags);
            received.AddRange(frame.Payload);
        }

        // The sender has said it waits, and it wrote before waiting: nothing beyond the window is on the way.
        Assert.Equal(100, received.Count);
        Assert.Equal(0, loopback.Server.Available);
        Assert.False(loopback.Server.Poll(0, SelectMode.SelectRead));
        Assert.False(send.IsCompleted);

        List<byte> update = new();
        Wire.WindowUpdate(update, connectionWindow ? 0u : 1u, 1000);
        loopback.Server.Send(update.ToArray());
        Assert.Equal(FrameType.WindowUpdate, (await client.ReadFrameAsync().AsTask().Within(Worker.DefaultTimeout)).Type);
        await send.Within(Patience);

        Wire.Frame last;
        do
        {
            last = Wire.ReceiveFrame(loopback.Server);
            Assert.Equal((byte)0x0, last.Type);
            received.AddRange(last.Payload);
        }
        while (received.Count < 300);

        Assert.Equal((byte)0x1, last.Flags);
        Assert.Equal(data, received.ToArray());
        Assert.Equal(1, waits.Count);
    }

    [Fact]
    public async Task ShrinkingInitialWindowSize_MakesWindowsNegative_AndDataWaits()
    {
        using Loopback loopback = new();
        CreditWaits waits = new();
        using Ht2Connection client = new(FrameTransport.Over(loopback.Client), new Ht2ConnectionOptions { AutoAcknowledge = false }, waits);
        Worker.Run("send", () => client.SendData(1, new byte[1000], endStream: false));
        Wire.ReceiveFrame(loopback.Server);
        Assert.Equal(64_535, client.GetStreamSendWindow(1));

        // §6.9.2: 65,535 → 0 moves stream 1 from 64,535 to -1,000.
        List<byte> settings = new();
        Wire.Settings(settings, false, (0x4, 0));
        loopback.Server.Send(settings.ToArray());
        await client.ReadFrameAsync().AsTask().Within(Worker.DefaultTimeout);
        Assert.Equal(-1000, client.GetStreamSendWindow(1));
        Assert.Equal(0, client.GetStreamSendWindow(5));

        Task send = client.SendDataAsync(1, new byte[10], endStream: true).AsTask();
        Assert.True(waits.Started.Within(Patience));
        List<byte> update = new();
        Wire.WindowUpdate(update, 1, 1010);
        loopback.Server.Send(update.ToArray());
        await client.ReadFrameAsync().AsTask().Within(Worker.DefaultTimeout);
        await send.Within(Patience);
        Wire.Frame frame = Wire.ReceiveFrame(loopback.Server);
        Assert.Equal(10, frame.Payload.Length);
        Assert.Equal(0, client.GetStreamSendWindow(1));
    }

    [Fact]
    public void DataFrameInABatch_BeyondTheWindow_IsRefusedWithoutWaiting()
    {
        ScriptedStream stream = new(Array.Empty<byte>());
        using Ht2Connection client = new(stream);
        using (Ht2Batch batch = client.BeginBatch())
        {
            for (int i = 0; i < 3; i++)
            {
                batch.Add(new DataFrame { StreamId = 1 }, new byte[16_384]);
            }

            batch.Add(new DataFrame { StreamId = 1 }, new byte[16_383]);
            Assert.Throws<InvalidOperationException>(() => batch.Add(new DataFrame { StreamId = 3 }, new byte[1]));
            batch.Send();
        }

        Assert.Equal(0, client.ConnectionSendWindow);
        Assert.Equal((4 * 9) + 65_535, stream.Output.Length);
    }

    [Fact]
    public async Task Dispose_WakesAWaitingSender()
    {
        ScriptedStream stream = new(Array.Empty<byte>());
        CreditWaits waits = new();
        Ht2Connection client = new(FrameTransport.Over(stream), null, waits);
        Worker.Run("send", () => client.SendData(1, new byte[65_535], endStream: false));
        Task send = Task.Factory.StartNew(() => client.SendData(1, new byte[1], endStream: true), TaskCreationOptions.LongRunning);
        Assert.True(waits.Started.Within(Patience));
        client.Dispose();
        await Assert.ThrowsAsync<ObjectDisposedException>(() => send.Within(Patience));
    }

    [Fact]
    public void ForgetStream_DropsItsWindow_TheConnectionWindowStaysSpent()
    {
        using Ht2Connection client = new(new ScriptedStream(Array.Empty<byte>()));
        client.SendFrame(new DataFrame { StreamId = 1 }, new byte[1000]);
        Assert.Equal(64_535, client.GetStreamSendWindow(1));
        client.ForgetStream(1);
        Assert.Equal(65_535, client.GetStreamSendWindow(1));
        Assert.Equal(64_535, client.ConnectionSendWindow);
    }

    /// <summary>The injected observer: counts waits for credit and releases a semaphore at each.</summary>
    private sealed class CreditWaits : IFlowControlObserver
    {
        private int _count;

        public SemaphoreSlim Started { get; } = new(0);

        public int Count => Volatile.Read(ref _count);

        public void WaitStarted(uint streamId)
        {
            Interlocked.Increment(ref _count);
            Started.Release();
        }
    }
}
