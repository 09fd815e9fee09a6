using System;
using System.Collections.Generic;
using System.Threading;
using System.Threading.Tasks;
using Ht2.Tests.Writing;

namespace Ht2.Tests.Connection;

/// <summary>
/// The peer's SETTINGS as ReadFrameAsync applies them (RFC 9113 §6.5.2): every value read back, the RFC's initial
/// values before any SETTINGS, "unlimited" (2^32-1) shown as -1, entries applied in order, and a larger
/// SETTINGS_INITIAL_WINDOW_SIZE waking a sender that waits for stream credit (§6.9.2).
/// </summary>
public sealed class PeerSettingsReadTests
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(10);

    private static Ht2ConnectionOptions NoAcks => new() { AutoAcknowledge = false };

    [Fact]
    public void BeforeAnySettings_TheRfcInitialValuesHold()
    {
        using Ht2Connection client = new(new ScriptedStream(Array.Empty<byte>()));
        Assert.Equal(4096, client.PeerHeaderTableSize);
        Assert.True(client.PeerEnablePush);
        Assert.Equal(-1, client.PeerMaxConcurrentStreams);
        Assert.Equal(65_535, client.PeerInitialWindowSize);
        Assert.Equal(16_384, client.PeerMaxFrameSize);
        Assert.Equal(-1, client.PeerMaxHeaderListSize);
    }

    [Fact]
    public async Task EverySetting_IsReadBack_AndTwoToThe32MinusOneMeansUnlimited()
    {
        List<byte> input = new();
        Wire.Settings(input, false, (0x2, 0), (0x3, 0xFFFF_FFFE), (0x6, 8000));
        Wire.Settings(input, false, (0x3, 0), (0x6, 0xFFFF_FFFF), (0x2, 1));
        Wire.Settings(input, false, (0x3, 0xFFFF_FFFF), (0x6, 0));
        using Ht2Connection client = new(new ScriptedStream(input.ToArray()), NoAcks);

        await BoundedRead.Frame(client);
        Assert.False(client.PeerEnablePush);
        Assert.Equal(0xFFFF_FFFE, client.PeerMaxConcurrentStreams);
        Assert.Equal(8000, client.PeerMaxHeaderListSize);

        await BoundedRead.Frame(client);
        Assert.True(client.PeerEnablePush);
        Assert.Equal(0, client.PeerMaxConcurrentStreams);
        Assert.Equal(-1, client.PeerMaxHeaderListSize);

        await BoundedRead.Frame(client);
        Assert.Equal(-1, client.PeerMaxConcurrentStreams);
        Assert.Equal(0, client.PeerMaxHeaderListSize);
    }

    [Fact]
    public async Task EntriesOfOneFrame_AreAppliedInOrder_TheLastOfAParameterWins()
    {
        List<byte> input = new();
        Wire.Settings(input, false, (0x5, 20_000), (0x4, 10), (0x1, 0), (0x5, 30_000), (0x4, 70_000), (0x1, 100));
        using Ht2Connection client = new(new ScriptedStream(input.ToArray()), NoAcks);
        await BoundedRead.Frame(client);
        Assert.Equal(30_000, client.PeerMaxFrameSize);
        Assert.Equal(70_000, client.PeerInitialWindowSize);
        Assert.Equal(70_000, client.GetStreamSendWindow(1));
        Assert.Equal(100, client.PeerHeaderTableSize);
        Assert.Equal(65_535, client.ConnectionSendWindow);
    }

    [Fact]
    public async Task AutoAcknowledge_AnswersEachSettingsAndPingOnce_NeverAnAck()
    {
        List<byte> input = new();
        Wire.Settings(input, false, (0x3, 5));
        Wire.Settings(input, true);
        Wire.Ping(input, 7, ack: true);
        Wire.Settings(input, false);
        Wire.Ping(input, 8);
        ScriptedStream stream = new(input.ToArray());
        using Ht2Connection client = new(stream);
        for (int i = 0; i < 5; i++)
        {
            await BoundedRead.Frame(client);
        }

        Assert.Equal(5, client.PeerMaxConcurrentStreams);

        // Our own empty SETTINGS only before the first ACK (RFC 9113 §3.4); no answer to either ACK (§6.5.3, §6.7).
        List<byte> expected = new();
        Wire.Settings(expected, false);
        Wire.Settings(expected, true);
        Wire.Settings(expected, true);
        Wire.Ping(expected, 8, ack: true);
        Assert.Equal(expected.ToArray(), stream.Output.ToArray());
    }

    /// <summary>
    /// Stream 1's window is spent; the connection's is not. Only the peer's larger SETTINGS_INITIAL_WINDOW_SIZE
    /// gives stream 1 credit, and it must wake the waiting sender (sync: a monitor wait; async: an awaited signal).
    /// </summary>
    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task LargerInitialWindowSize_WakesASenderWaitingForStreamCredit(bool async)
    {
        List<byte> input = new();
        Wire.WindowUpdate(input, 0, 100_000);
        Wire.Settings(input, false, (0x4, 65_535 + 30));
        ScriptedStream stream = new(input.ToArray());
        WaitSignal waits = new();
        using Ht2Connection client = new(FrameTransport.Over(stream), NoAcks, waits);
        await BoundedRead.Frame(client);
        Worker.Run("spend stream 1", () => client.SendData(1, new byte[65_535], endStream: false));
        Assert.Equal(0, client.GetStreamSendWindow(1));
        stream.Output.SetLength(0);

        byte[] body = [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20];
        Task send = async
            ? client.SendDataAsync(1, body, endStream: true).AsTask()
            : Task.Factory.StartNew(() => client.SendData(1, body, endStream: true), TaskCreationOptions.LongRunning);
        Assert.True(waits.Started.Within(Patience), "The sender never waited for credit.");
        Assert.False(send.IsCompleted);

        Assert.Equal(FrameType.Settings, (await BoundedRead.Frame(client)).Type);
        await send.Within(Patience);

        // DATA, 20 bytes, END_STREAM, stream 1 (RFC 9113 §6.1); 10 bytes of stream credit left.
        List<byte> expected = new() { 0x00, 0x00, 0x14, 0x00, 0x01, 0x00, 0x00, 0x00, 0x01 };
        expected.AddRange(body);
        Assert.Equal(expected.ToArray(), stream.Output.ToArray());
        Assert.Equal(10, client.GetStreamSendWindow(1));
        Assert.Equal(100_000 - 20, client.ConnectionSendWindow);
    }

    private sealed class WaitSignal : IFlowControlObserver
    {
        public SemaphoreSlim Started { get; } = new(0);

        public void WaitStarted(uint streamId) => Started.Release();
    }
}
