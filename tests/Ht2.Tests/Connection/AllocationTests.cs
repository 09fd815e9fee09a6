using System;
using System.Collections.Generic;
using System.Threading;
using System.Threading.Tasks;
using Ht2.Tests.IO;
using Ht2.Tests.Writing;

namespace Ht2.Tests.Connection;

/// <summary>Once warm, the synchronous send paths to a socket allocate nothing on the sending thread.</summary>
public sealed class AllocationTests
{
    private static long Measure(Action send)
    {
        for (int i = 0; i < 300; i++)
        {
            send();
        }

        long before = GC.GetAllocatedBytesForCurrentThread();
        for (int i = 0; i < 3000; i++)
        {
            send();
        }

        return GC.GetAllocatedBytesForCurrentThread() - before;
    }

    private static Worker Drain(Loopback loopback)
    {
        return Worker.Start("drain", () =>
        {
            byte[] sink = new byte[1 << 16];
            try
            {
                while (loopback.Server.Receive(sink) > 0)
                {
                }
            }
            catch (System.Net.Sockets.SocketException)
            {
            }
        });
    }

    [Fact]
    public void MultiFrameWriter_FlushToSocket_AllocatesNothing()
    {
        using Loopback loopback = new();
        Worker drain = Drain(loopback);
        using MultiFrameWriter writer = new();
        byte[] small = new byte[100];
        byte[] large = new byte[6000];
        byte[] block = new byte[20_000];
        long allocated = Measure(() =>
        {
            writer.Add(new HeadersFrame { StreamId = 1, Flags = FrameFlags.EndHeaders }, small);
            writer.Add(new DataFrame { StreamId = 1 }, large);
            writer.Add(new DataFrame { StreamId = 1, Flags = FrameFlags.Padded, PadLength = 7 }, small);
            writer.AddPrioritized(new PingFrame { OpaqueData = 5 }, default, 3);
            writer.AddHeadersWithContinuations(3, block, endStream: true, maxFrameSize: 16_384);
            writer.AddData(5, large, endStream: true);
            writer.FlushTo(loopback.Client);
        });
        loopback.Client.Shutdown(System.Net.Sockets.SocketShutdown.Send);
        drain.Join();
        Assert.Equal(0, allocated);
    }

    [Fact]
    public async Task Connection_SyncSends_AllocateNothing()
    {
        using Loopback loopback = new();

        // Open the windows wide first so SendDataFrames never waits during the measurement.
        List<byte> setup = new();
        Wire.Settings(setup, false, (0x4, 0x7FFF_FFFF));
        Wire.WindowUpdate(setup, 0, 0x7FFF_FFFF - 65_535);
        loopback.Server.Send(setup.ToArray());
        Worker drain = Drain(loopback);
        using Ht2Connection client = new(loopback.Client);
        await client.ReadFrameAsync();
        await client.ReadFrameAsync();

        PingFrame[] pings = { new() { OpaqueData = 1 }, new() { OpaqueData = 2 }, new() { OpaqueData = 3 } };
        ReadOnlyMemory<byte>[] chunks = { new byte[100], new byte[5000] };
        byte[] block = new byte[20_000];
        long allocated = 0;

        // Measured on a dedicated thread: the async read above may have left this test on a pool thread.
        Worker sender = Worker.Start("sender", () => allocated = Measure(() =>
        {
            client.SendFrames<PingFrame>(pings);
            client.SendFramesVectored<PingFrame>(pings);
            client.SendDataFrames(1, chunks, endStream: false);
            client.SendHeaders(3, block, endStream: false);
            client.SendFrame(new RstStreamFrame { StreamId = 3, ErrorCode = Http2ErrorCode.Cancel });
            using Ht2Batch batch = client.BeginBatch();
            batch.Add(new WindowUpdateFrame { StreamId = 0, WindowSizeIncrement = 1 });
            batch.AddPrioritized(new PingFrame { OpaqueData = 9 }, default, 1);
            batch.Send();
        }));
        sender.Join();
        loopback.Client.Shutdown(System.Net.Sockets.SocketShutdown.Send);
        drain.Join();
        Assert.Equal(0, allocated);
    }
}
