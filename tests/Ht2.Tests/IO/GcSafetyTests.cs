using System;
using System.Diagnostics;
using System.Threading;
using Xunit;
using Xunit.Abstractions;

namespace Ht2.Tests.IO;

/// <summary>
/// Zero-copy payloads are movable managed arrays pinned only through the builder's MemoryHandles; compacting
/// collections run on another thread while batches are written, and the receiver checks every byte.
/// </summary>
public sealed class GcSafetyTests(ITestOutputHelper output)
{
    private const int Batches = 10_000;

    // A free-running Collect loop made the run time depend on the scheduler (3-38 s on 2 cores, up to 20,000
    // GCs preempting the writer). Instead the writer releases the collector once per this many batches: the
    // collections still land at arbitrary points of the batches (while payloads are pinned and in the kernel),
    // but their number is bounded (400 here). The batch count keeps the test to a few seconds on a loaded machine:
    // every mutant of the staging code runs it, and a soak that outlasts the mutation run's limit turns a mutant
    // that this or a faster test kills into a timeout.
    private const int BatchesPerCollection = 25;

    [Fact]
    public void CompactingGcsDuringWrites_NeverCorruptABatch()
    {
        using Loopback loopback = new(lifetime: TimeSpan.FromMinutes(3)); // the joins' bound below
        // Not disposed: when a run fails its joins, the collector may still wait on it after this method returns,
        // and a disposed semaphore would crash the test host from that thread instead of failing this test.
        SemaphoreSlim gate = new(0);
        int collections = 0;
        Stopwatch time = Stopwatch.StartNew();
        Worker collector = Worker.Start("collector", () =>
        {
            for (int c = 0; c < Batches / BatchesPerCollection; c++)
            {
                Assert.True(gate.Within(Worker.DefaultTimeout), "The writer stopped releasing the collector.");
                GC.Collect(2, GCCollectionMode.Forced, blocking: true, compacting: true);
                collections++;
            }
        });

        bool readerFailed = false;
        Worker reader = loopback.StartReader("receiver", () =>
        {
            try
            {
                byte[] received = new byte[1 << 16];
                for (int i = 0; i < Batches; i++)
                {
                    byte[] expected = ExpectedBatch(i);
                    ReceiveExactly(loopback, received, expected.Length);
                    if (!received.AsSpan(0, expected.Length).SequenceEqual(expected))
                    {
                        throw new InvalidOperationException($"Batch {i} differs.");
                    }
                }
            }
            catch
            {
                readerFailed = true; // the writer stops; the reader's reset unblocks a send in progress
                throw;
            }
        });

        for (int i = 0; i < Batches && !readerFailed; i++)
        {
            WriteBatch(loopback, i);
            if (i % BatchesPerCollection == 0)
            {
                gate.Release();
            }
        }

        // A guard against a broken build hanging the suite, not a timing assertion: a correct run takes seconds.
        reader.Join(TimeSpan.FromMinutes(3));
        collector.Join(TimeSpan.FromMinutes(3));
        output.WriteLine($"{Batches} batches, {collections} compacting GCs, {time.ElapsedMilliseconds} ms");
        Assert.Equal(Batches / BatchesPerCollection, collections);
    }

    private static void ReceiveExactly(Loopback loopback, byte[] buffer, int length)
    {
        for (int got = 0; got < length;)
        {
            int n = loopback.Server.Receive(buffer, got, length - got, System.Net.Sockets.SocketFlags.None);
            Assert.NotEqual(0, n);
            got += n;
        }
    }

    private static void WriteBatch(Loopback loopback, int i)
    {
        // Fresh gen0 arrays with garbage between them, so that compaction has something to move.
        (byte[] small, byte[] big, byte[] segment) = Payloads(i);
        _ = new byte[(i % 7) * 16];
        IovecBuilder builder = new(stackalloc Iovec[8], stackalloc byte[256]) { CopyThreshold = 64 };
        try
        {
            TestDataFrame first = new((uint)(i % 1000) + 1);
            builder.AddFrame(in first, small);
            TestDataFrame second = new((uint)(i % 1000) + 1, Pad(i));
            builder.AddFrame(in second, big);
            builder.AddSegment(segment);
            builder.WriteTo(loopback.Client);
        }
        finally
        {
            builder.Dispose();
        }
    }

    private static byte[] ExpectedBatch(int i)
    {
        (byte[] small, byte[] big, byte[] segment) = Payloads(i);
        byte[] a = ReferenceEncoding.Encode(new TestDataFrame((uint)(i % 1000) + 1), small);
        byte[] b = ReferenceEncoding.Encode(new TestDataFrame((uint)(i % 1000) + 1, Pad(i)), big);
        return [.. a, .. b, .. segment];
    }

    private static byte? Pad(int i) => i % 3 == 0 ? (byte)(i % 256) : null;

    private static (byte[] Small, byte[] Big, byte[] Segment) Payloads(int i)
    {
        byte[] small = new byte[1 + (i % 40)];
        byte[] big = new byte[64 + (i * 37 % 240)];
        byte[] segment = new byte[64 + (i % 100)];
        for (int k = 0; k < small.Length; k++)
        {
            small[k] = (byte)(i + k);
        }

        for (int k = 0; k < big.Length; k++)
        {
            big[k] = (byte)((i * 7) + (k * 3));
        }

        for (int k = 0; k < segment.Length; k++)
        {
            segment[k] = (byte)((i * 13) ^ k);
        }

        return (small, big, segment);
    }
}
