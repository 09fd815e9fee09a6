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
    private const int WarmRounds = 300;
    private const int MeasuredRounds = 3000;

    private static long Measure(Action send)
    {
        for (int i = 0; i < WarmRounds; i++)
        {
            send();
        }

        long before = GC.GetAllocatedBytesForCurrentThread();
        for (int i = 0; i < MeasuredRounds; i++)
        {
            send();
        }

        return GC.GetAllocatedBytesForCurrentThread() - before;
    }

    [Fact]
    public void MultiFrameWriter_FlushToSocket_AllocatesNothing()
    {
        // The wire size of one round, from the frame layout (9-byte header + payload, RFC 9113 §4.1): the drain takes
        // exactly that many bytes, so a writer that repeats bytes fails on the reset instead of sending for ever.
        const long round = (9 + 100) // HEADERS
            + (9 + 6000) // DATA
            + (9 + 1 + 100 + 7) // padded DATA: pad length, payload, padding
            + (9 + 8) // PING
            + (9 + 16_384) + (9 + 3616) // HEADERS + CONTINUATION of the 20 000-byte block
            + (9 + 6000); // AddData: one frame under the 16 384 maximum
        using Loopback loopback = new();
        Worker drain = loopback.StartDraining(round * (WarmRounds + MeasuredRounds));
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

        // Every byte the client sends, from the frame layout (9-byte header + payload, RFC 9113 §4.1): the drain takes
        // exactly that many, so a writer that repeats bytes fails on the reset instead of sending for ever.
        const long settingsAndAck = 9 + 9; // our empty SETTINGS before the ACK of the peer's (§3.4)
        const long round = (3 * (9 + 8)) // SendFrames: three PINGs
            + (3 * (9 + 8)) // SendFramesVectored: the same
            + (9 + 100) + (9 + 5000) // SendDataFrames: a frame never crosses a chunk
            + (9 + 16_384) + (9 + 3616) // SendHeaders: HEADERS + CONTINUATION of the 20 000-byte block
            + (9 + 4) // RST_STREAM
            + (9 + 4) + (9 + 8); // the batch: WINDOW_UPDATE and PING
        Worker drain = loopback.StartDraining(settingsAndAck + (round * (WarmRounds + MeasuredRounds)));
        using Ht2Connection client = new(loopback.Client);
        await client.ReadFrameAsync().AsTask().Within(Worker.DefaultTimeout);
        await client.ReadFrameAsync().AsTask().Within(Worker.DefaultTimeout);

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
        drain.Join();
        Assert.Equal(0, allocated);
    }
}
