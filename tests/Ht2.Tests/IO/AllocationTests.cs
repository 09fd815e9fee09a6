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

    private readonly byte[][] _payloads = new byte[Frames][];
    private readonly TestDataFrame[] _data = new TestDataFrame[Frames];
    private readonly TestPingFrame[] _pings = new TestPingFrame[Frames];
    private readonly long _batchLength;

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
        IovecBuilder builder = new(stackalloc Iovec[16], stackalloc byte[512]);
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

    private long AllocatedDuring(SafeHandle? handle, System.Net.Sockets.Socket? socket, Stream? stream)
    {
        for (int i = 0; i < 200; i++)
        {
            Assert.Equal(_batchLength, WriteBatch(handle, socket, stream));
        }

        long before = GC.GetAllocatedBytesForCurrentThread();
        for (int i = 0; i < 10_000; i++)
        {
            WriteBatch(handle, socket, stream);
        }

        return GC.GetAllocatedBytesForCurrentThread() - before;
    }

    [Fact]
    public void TenThousandBatches_ToADescriptor_AllocateNothing()
    {
        using SafeFileHandle devNull = File.OpenHandle("/dev/null", FileMode.Open, FileAccess.Write);
        Assert.Equal(0, AllocatedDuring(devNull, null, null));
    }

    [Fact]
    public void TenThousandBatches_ToASocket_AllocateNothing()
    {
        using Loopback loopback = new();
        Worker drain = Worker.Start("drain", () =>
        {
            byte[] sink = new byte[1 << 16];
            while (loopback.Server.Receive(sink) > 0)
            {
            }
        });

        long allocated = AllocatedDuring(null, loopback.Client, null);
        loopback.Client.Shutdown(System.Net.Sockets.SocketShutdown.Send);
        drain.Join();
        Assert.Equal(0, allocated);
    }

    [Fact]
    public void TenThousandBatches_ToAStream_AllocateNothing()
        => Assert.Equal(0, AllocatedDuring(null, null, Stream.Null));
}
