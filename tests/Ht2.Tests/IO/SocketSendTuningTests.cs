using System;
using System.Net.Sockets;
using System.Threading;
using System.Threading.Tasks;
using Ht2.Tests.Session;

namespace Ht2.Tests.IO;

/// <summary>
/// How a session tunes its socket's sends. The cap on the bytes of one sendmsg
/// (<see cref="Ht2SessionOptions.MaxBytesPerSend"/>): a socket write longer than the cap takes several calls, cut at
/// the exact byte, and every byte still arrives in order, alone and under a session. TCP_NOTSENT_LOWAT
/// (<see cref="Ht2SessionOptions.NotSentLowWatermark"/>): set on the session's socket, or left alone when null.
/// </summary>
public sealed class SocketSendTuningTests
{
    // Linux's IPPROTO_TCP level and its TCP_NOTSENT_LOWAT option (linux/tcp.h).
    private const int IpProtocolTcp = 6;
    private const int TcpNotSentLowWatermark = 25;

    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(10);

    [Theory]
    [InlineData(16_384, 5)]           // 70,012 bytes: four calls of 16,384, the fifth 4,476 (cut inside the middle entry)
    [InlineData(70_012, 1)]           // exactly the write
    [InlineData(int.MaxValue, 1)]     // the transport's own default: one call per write
    [InlineData(4_096, 18)]           // seventeen calls of 4,096, the eighteenth 380
    public async Task AsyncSocketWrite_TakesOneCallPerCapOfBytes(int maxBytesPerSend, int expectedCalls)
    {
        // A send buffer far above the write, so every call takes all it is offered and the write completes inline.
        using Loopback loopback = new(sendBufferSize: 4 << 20);
        SocketTransport transport = new(loopback.Client) { MaxBytesPerSend = maxBytesPerSend };
        byte[] first = [1, 2, 3], second = new byte[70_000], third = [7, 8, 9, 10, 11, 12, 13, 14, 15];
        new Random(11).NextBytes(second);
        byte[] expected = [.. first, .. second, .. third];
        byte[] received = new byte[expected.Length];
        (Iovec[] entries, byte[][] keepAlive) = SocketFallbackTests.Pin(first, second, third);

        long callsBefore = VectoredIO.SystemCallsOnCurrentThread;
        ValueTask<long> write = transport.WriteAsync(entries, CancellationToken.None);
        long calls = VectoredIO.SystemCallsOnCurrentThread - callsBefore;
        Assert.True(write.IsCompletedSuccessfully, "the socket buffer took the whole write without waiting");
        long written = await write;
        GC.KeepAlive(keepAlive);

        Worker reader = loopback.StartReading(received, received.Length);
        reader.Join(Patience);
        Assert.Equal(expectedCalls, calls);
        Assert.Equal(expected.Length, written);
        Assert.Equal(expected, received);
    }

    [Fact]
    public void MaxBytesPerSend_DefaultsTo60KiB_AndRefusesLessThanOneByte()
    {
        Assert.Equal(60 * 1024, new Ht2SessionOptions().MaxBytesPerSend);
        new Ht2SessionOptions { MaxBytesPerSend = 1 }.Validate();
        Assert.Throws<ArgumentOutOfRangeException>(() => new Ht2SessionOptions { MaxBytesPerSend = 0 }.Validate());
        Assert.Throws<ArgumentOutOfRangeException>(() => new Ht2SessionOptions { MaxBytesPerSend = -1 }.Validate());
    }

    [Fact]
    public void NotSentLowWatermark_DefaultsTo32KiB_AndRefusesNegativeValues()
    {
        Assert.Equal(32 * 1024, new Ht2SessionOptions().NotSentLowWatermark);
        new Ht2SessionOptions { NotSentLowWatermark = 0 }.Validate();
        new Ht2SessionOptions { NotSentLowWatermark = null }.Validate();
        Assert.Throws<ArgumentOutOfRangeException>(() => new Ht2SessionOptions { NotSentLowWatermark = -1 }.Validate());
    }

    [Theory]
    [InlineData(32 * 1024)]
    [InlineData(5000)]
    public async Task SessionOverATcpSocket_SetsItsNotSentLowWatermark(int bytes)
    {
        if (!OperatingSystem.IsLinux())
        {
            return; // TCP_NOTSENT_LOWAT is set on Linux only
        }

        using Loopback loopback = new();
        Ht2Session session = Ht2Session.CreateServer(loopback.Server, new RecordingHandler(), new Ht2SessionOptions { NotSentLowWatermark = bytes });
        await using BoundedDisposal sessionDisposal = session.DisposedWithin(Patience);

        Assert.Equal(bytes, ReadNotSentLowWatermark(loopback.Server));
    }

    [Fact]
    public async Task SessionOverATcpSocket_WithoutALowWatermark_LeavesTheSocketAlone()
    {
        if (!OperatingSystem.IsLinux())
        {
            return; // TCP_NOTSENT_LOWAT is set on Linux only
        }

        using Loopback loopback = new();
        int before = ReadNotSentLowWatermark(loopback.Server);
        Ht2Session session = Ht2Session.CreateServer(loopback.Server, new RecordingHandler(), new Ht2SessionOptions { NotSentLowWatermark = null });
        await using BoundedDisposal sessionDisposal = session.DisposedWithin(Patience);

        Assert.Equal(before, ReadNotSentLowWatermark(loopback.Server));
        Assert.NotEqual(32 * 1024, before);
    }

    [Fact]
    public async Task SessionOverASocket_WithSmallSends_DeliversAWholeBody()
    {
        using Loopback loopback = new();

        // 1,000 bytes per call: cuts fall inside frame headers and payloads alike.
        byte[] body = new byte[300_000];
        new Random(3).NextBytes(body);
        RecordingHandler handler = new()
        {
            Request = (stream, ended) =>
            {
                stream.SendHeaders([new(":status"u8.ToArray(), "200"u8.ToArray())], endStream: false);
                _ = stream.SendDataAsync(body, endStream: true);
            },
        };
        Ht2Session server = Ht2Session.CreateServer(loopback.Server, handler, new Ht2SessionOptions { MaxBytesPerSend = 1000 });
        await using BoundedDisposal serverDisposal = server.DisposedWithin(Patience);
        BodyCollector collector = new();
        Ht2SessionOptions clientOptions = new() { Windows = new Ht2WindowPolicy { StreamWindowSize = 1 << 20, ConnectionWindowSize = 1 << 20 } };
        Ht2Session client = Ht2Session.CreateClient(loopback.Client, collector, clientOptions);
        await using BoundedDisposal clientDisposal = client.DisposedWithin(Patience);
        Task serverRun = server.RunAsync();
        Task clientRun = client.RunAsync();

        Ht2Field[] request = Wire.GetFields;
        client.OpenStream(request, endStream: true);
        byte[] received = await collector.Done.Task.Within(Patience);

        Assert.Equal(body, received);
        client.Shutdown();
        await clientRun.Within(Patience);
        await serverRun.Within(Patience);
    }

    private static int ReadNotSentLowWatermark(Socket socket)
    {
        byte[] value = new byte[sizeof(int)];
        Assert.Equal(sizeof(int), socket.GetRawSocketOption(IpProtocolTcp, TcpNotSentLowWatermark, value));
        return BitConverter.ToInt32(value);
    }
}
