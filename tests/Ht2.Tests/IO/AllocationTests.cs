using System;
using System.IO;
using System.Runtime.InteropServices;
using System.Threading;
using Microsoft.Win32.SafeHandles;
using Xunit;

namespace Ht2.Tests.IO;

/// <summary>Once warm, building and writing batches allocates nothing on the writing thread.</summary>
public sealed class AllocationTests
{
    private const int Frames = 40;
    private const int WarmBatches = 200;
    private const int MeasuredBatches = 10_000;

    private readonly byte[][] _payloads = new byte[Frames][];
    private readonly TestDataFrame[] _data = new TestDataFrame[Frames];
    private readonly TestPingFrame[] _pings = new TestPingFrame[Frames];
    private readonly long _batchLength;

    // The test's own pool: other test classes running in parallel rent from BufferPool.Shared and can take the
    // buffer this thread just returned, which would make the measured thread allocate a fresh one.
    private readonly BufferPool _pool = new();

    // The descriptor test's sink: a sealed memfd of one batch's size, rewound before each batch.
    private SafeFileHandle? _batchFile;

    public AllocationTests()
    {
        Random random = new(3);
        for (int i = 0; i < Frames; i++)
        {
            // A third large (zero-copy, pinned per batch), the rest small (copied); every third padded.
            _payloads[i] = new byte[i % 3 == 0 ? random.Next(2048, 9000) : random.Next(0, 200)];
            random.NextBytes(_payloads[i]);
            _data[i] = new TestDataFrame((uint)i + 1, i % 3 == 1 ? (byte)i : null);
            _pings[i] = new TestPingFrame((ulong)i);
            _batchLength += _data[i].PrefixLength + _payloads[i].Length + _data[i].PaddingLength + 17;
        }
    }

    private long WriteBatch(SafeHandle? handle, System.Net.Sockets.Socket? socket, Stream? stream)
    {
        // Small scratch on purpose, so the pooled growth paths are part of what is measured.
        IovecBuilder builder = new(stackalloc Iovec[16], stackalloc byte[512], _pool);
        if (_batchFile is not null)
        {
            SealedMemoryFile.Rewind(_batchFile);
        }

        try
        {
            for (int i = 0; i < Frames; i++)
            {
                builder.AddFrame(in _data[i], _payloads[i]);
                builder.AddFrame(in _pings[i]);
            }

            return handle is not null ? builder.WriteTo(handle) : socket is not null ? builder.WriteTo(socket) : builder.WriteTo(stream!);
        }
        finally
        {
            builder.Dispose();
        }
    }

    // The measured batches run in rounds of equal size, all of them (each sink expects the exact total): something
    // allocated per batch makes every round allocate, while tiered compilation or a GC-triggered pool trim can cost
    // a few bytes once. The steady state allocates nothing when one round does.
    private const int Rounds = 5;

    private long[] AllocatedDuring(SafeHandle? handle, System.Net.Sockets.Socket? socket, Stream? stream)
    {
        for (int i = 0; i < WarmBatches; i++)
        {
            Assert.Equal(_batchLength, WriteBatch(handle, socket, stream));
        }

        long[] rounds = new long[Rounds];
        for (int r = 0; r < Rounds; r++)
        {
            long before = GC.GetAllocatedBytesForCurrentThread();
            for (int i = 0; i < MeasuredBatches / Rounds; i++)
            {
                WriteBatch(handle, socket, stream);
            }

            rounds[r] = GC.GetAllocatedBytesForCurrentThread() - before;
        }

        return rounds;
    }

    private static void AssertSteadyStateAllocatesNothing(long[] rounds) =>
        Assert.True(Array.IndexOf(rounds, 0L) >= 0, $"Every round of {MeasuredBatches / Rounds} batches allocated: {string.Join(", ", rounds)} B.");

    // Every sink below takes exactly the bytes a correct writer sends and fails the writer on the next one, so a
    // write loop that repeats bytes fails the test instead of spinning for ever into a sink that accepts everything.
    private long RunLength => _batchLength * (WarmBatches + MeasuredBatches);

    [Fact]
    public void TenThousandBatches_ToADescriptor_AllocateNothing()
    {
        using SafeFileHandle file = SealedMemoryFile.Create((int)_batchLength);
        _batchFile = file;
        AssertSteadyStateAllocatesNothing(AllocatedDuring(file, null, null));
        Assert.Equal(_batchLength, SealedMemoryFile.Rewind(file));
    }

    [Fact]
    public void TenThousandBatches_ToASocket_AllocateNothing()
    {
        using Loopback loopback = new();
        Worker drain = loopback.StartDraining(RunLength);
        long[] allocated = AllocatedDuring(null, loopback.Client, null);
        drain.Join();
        AssertSteadyStateAllocatesNothing(allocated);
    }

    [Fact]
    public void TenThousandBatches_ToAStream_AllocateNothing()
    {
        ExactSinkStream sink = new(RunLength);
        AssertSteadyStateAllocatesNothing(AllocatedDuring(null, null, sink));
        Assert.Equal(RunLength, sink.Written);
    }
}
