using System;
using System.Collections.Generic;
using System.Threading;
using System.Threading.Tasks;
using Ht2.Tests.IO;
using Ht2.Tests.Writing;

namespace Ht2.Tests.Connection;

/// <summary>Many senders on one connection: every call's frames arrive whole and contiguous.</summary>
public sealed class ConcurrencyTests
{
    private const int Threads = 8;
    private const int Batches = 1000;
    private const int FramesPerBatch = 4;

    private static ulong Tag(int thread, int batch, int index) => ((ulong)thread << 40) | ((ulong)batch << 8) | (uint)index;

    [Fact]
    public async Task EightThreads_ThousandBatchesEach_ArriveWholeAndUninterleaved()
    {
        // A small send buffer keeps writers blocked on the socket while others queue on the mutex.
        using Loopback loopback = new(sendBufferSize: 8 * 1024);
        using Ht2Connection client = new(loopback.Client);
        List<Wire.Frame> received = new();
        // Takes exactly the frames the senders send, then resets: senders that repeat bytes fail instead of blocking.
        Worker reader = loopback.StartReader("reader", () =>
        {
            for (int i = 0; i < Threads * Batches * FramesPerBatch; i++)
            {
                received.Add(Wire.ReceiveFrame(loopback.Server));
            }
        });

        using Barrier start = new(Threads);
        Task[] senders = new Task[Threads];
        for (int t = 0; t < Threads; t++)
        {
            int thread = t;
            senders[t] = Task.Factory.StartNew(() => Send(client, thread, start), TaskCreationOptions.LongRunning).Unwrap();
        }

        await Task.WhenAll(senders).Within(TimeSpan.FromMinutes(2));
        reader.Join(TimeSpan.FromMinutes(1));

        int[] nextBatch = new int[Threads];
        for (int f = 0; f < received.Count; f += FramesPerBatch)
        {
            ulong first = Opaque(received[f]);
            int thread = (int)(first >> 40);
            int batch = (int)((first >> 8) & 0xFFFF_FFFF);
            Assert.Equal(nextBatch[thread]++, batch);
            for (int i = 0; i < 3; i++)
            {
                Assert.Equal((byte)0x6, received[f + i].Type);
                Assert.Equal(Tag(thread, batch, i), Opaque(received[f + i]));
            }

            Wire.Frame fourth = received[f + 3];
            if (thread % 3 == 2)
            {
                Assert.Equal(Tag(thread, batch, 3), Opaque(fourth));
            }
            else
            {
                Assert.Equal((byte)0x1, fourth.Type);
                Assert.Equal((uint)(((thread * Batches) + batch) * 2) + 1, fourth.StreamId);
                Assert.Equal(new byte[] { (byte)thread, (byte)(batch >> 8), (byte)batch }, fourth.Payload);
            }
        }

        Assert.All(nextBatch, n => Assert.Equal(Batches, n));
    }

    /// <summary>Thread kinds: sync batch (PINGs + HEADERS), async batch, SendFrames of four PINGs.</summary>
    private static async Task Send(Ht2Connection client, int thread, Barrier start)
    {
        start.SignalAndWait();
        PingFrame[] pings = new PingFrame[4];
        for (int b = 0; b < Batches; b++)
        {
            byte[] block = { (byte)thread, (byte)(b >> 8), (byte)b };
            uint stream = (uint)(((thread * Batches) + b) * 2) + 1;
            switch (thread % 3)
            {
                case 0:
                    using (Ht2Batch batch = client.BeginBatch())
                    {
                        AddPings(batch, thread, b);
                        batch.AddHeaders(stream, block, endStream: false);
                        batch.Send();
                    }

                    break;

                case 1:
                    Ht2Batch asyncBatch = await client.BeginBatchAsync();
                    try
                    {
                        AddPings(asyncBatch, thread, b);
                        asyncBatch.AddHeaders(stream, block, endStream: false);
                        await asyncBatch.SendAsync();
                    }
                    finally
                    {
                        asyncBatch.Dispose();
                    }

                    break;

                default:
                    for (int i = 0; i < 4; i++)
                    {
                        pings[i] = new PingFrame { OpaqueData = Tag(thread, b, i) };
                    }

                    client.SendFrames<PingFrame>(pings);
                    break;
            }
        }
    }

    private static void AddPings(Ht2Batch batch, int thread, int b)
    {
        for (int i = 0; i < 3; i++)
        {
            batch.Add(new PingFrame { OpaqueData = Tag(thread, b, i) });
        }
    }

    private static ulong Opaque(Wire.Frame frame)
    {
        Assert.Equal(8, frame.Payload.Length);
        return System.Buffers.Binary.BinaryPrimitives.ReadUInt64BigEndian(frame.Payload);
    }
}
