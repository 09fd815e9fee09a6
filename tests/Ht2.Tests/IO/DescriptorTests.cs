using System;
using System.IO;
using System.IO.Pipes;
using System.Net.Sockets;
using System.Threading;
using Microsoft.Win32.SafeHandles;
using Xunit;

namespace Ht2.Tests.IO;

/// <summary>Real descriptors: a non-blocking TCP socket with a tiny send buffer, a dead peer, pipes, a file.</summary>
public sealed unsafe class DescriptorTests
{
    [Fact]
    public void FiveThousandFrames_OverNonBlockingTcp_WithTinySendBuffer_AreByteExact()
    {
        using Loopback loopback = new(sendBufferSize: 4096);
        loopback.Client.Blocking = false; // sendmsg now returns EAGAIN whenever the small buffer is full

        byte[] source = MixedBatch.Source(20_000, 11);
        IovecBuilder builder = new(stackalloc Iovec[64], stackalloc byte[2048]);
        try
        {
            byte[] expected = MixedBatch.Add(ref builder, source, 5000, seed: 12);
            Assert.True(builder.IovecCount > VectoredIO.IovMax, $"only {builder.IovecCount} entries");

            byte[] received = new byte[expected.Length];
            Worker reader = loopback.StartReading(received, expected.Length);
            CountingSyscalls counting = new();

            long written = builder.WriteTo(loopback.Client.SafeHandle, counting, isSocket: true);
            reader.Join();

            Assert.Equal(expected.Length, written);
            Assert.Equal(expected, received);
            Assert.True(counting.Polls > 0, "the small send buffer should have filled at least once");
        }
        finally
        {
            builder.Dispose();
        }
    }

    [Fact]
    public void PublicSocketOverload_IsByteExact()
    {
        using Loopback loopback = new();
        byte[] source = MixedBatch.Source(20_000, 13);
        IovecBuilder builder = new(stackalloc Iovec[64], stackalloc byte[2048]);
        try
        {
            byte[] expected = MixedBatch.Add(ref builder, source, 2500, seed: 14);
            byte[] received = new byte[expected.Length];
            Worker reader = loopback.StartReading(received, expected.Length, chunk: 65536);

            Assert.Equal(expected.Length, builder.WriteTo(loopback.Client));
            reader.Join();
            Assert.Equal(expected, received);
        }
        finally
        {
            builder.Dispose();
        }
    }

    [Fact]
    public void ResetPeer_ThrowsIOException_NotACrash()
    {
        // Disposed only once the writes ended: a write spinning on its worker holds a reference to the socket, and
        // disposing the socket would wait for that write instead of letting the test fail.
        Loopback loopback = new();
        loopback.Server.LingerState = new LingerOption(true, 0);
        loopback.Server.Close(); // sends RST

        byte[] bytes = GC.AllocateArray<byte>(65536, pinned: true);
        Iovec[] entries = new Iovec[4];
        fixed (byte* start = bytes)
        {
            for (int i = 0; i < entries.Length; i++)
            {
                entries[i] = new Iovec(start + (i * 16384), 16384);
            }
        }

        // On a worker, bounded: a write loop that retried the error instead of throwing would spin on this thread.
        VectoredIOException? error = null;
        Worker.Run("writev", () => error = Assert.Throws<VectoredIOException>(() =>
        {
            // The first writes may still be buffered locally; the RST makes a later one fail.
            for (int i = 0; i < 100_000; i++)
            {
                VectoredIO.Writev(loopback.Client, entries);
            }
        }));
        Assert.NotNull(error);

        Assert.True(error.Errno == Errno.EPIPE || error.Errno == Errno.ECONNRESET, error.Message);
        Assert.Equal("sendmsg", error.Operation);
        loopback.Dispose();
        GC.KeepAlive(bytes); // the entries' raw pointers do not keep the pinned array alive
    }

    [Fact]
    public void Pipe_IsByteExact()
    {
        using AnonymousPipeServerStream writeEnd = new(PipeDirection.Out);
        using AnonymousPipeClientStream readEnd = new(PipeDirection.In, writeEnd.ClientSafePipeHandle);
        byte[] source = MixedBatch.Source(20_000, 15);
        IovecBuilder builder = new(stackalloc Iovec[64], stackalloc byte[2048]);
        try
        {
            byte[] expected = MixedBatch.Add(ref builder, source, 3000, seed: 16);
            byte[] received = new byte[expected.Length];
            // Once every expected byte is read the read end closes: a write loop that repeats bytes then fails with
            // EPIPE instead of blocking on the full pipe.
            Worker reader = Worker.Start("pipe reader", () =>
            {
                readEnd.ReadExactly(received);
                readEnd.Dispose();
            });

            Assert.Equal(expected.Length, builder.WriteTo(writeEnd.SafePipeHandle));
            reader.Join();
            Assert.Equal(expected, received);
        }
        finally
        {
            builder.Dispose();
        }
    }

    [Fact]
    public void PipeWithoutReader_ThrowsEpipe_SoSigpipeIsIgnored()
    {
        using AnonymousPipeServerStream writeEnd = new(PipeDirection.Out);
        writeEnd.ClientSafePipeHandle.Dispose(); // the only read end

        byte[] bytes = GC.AllocateArray<byte>(100, pinned: true);
        Iovec[] entries = new Iovec[1];
        fixed (byte* start = bytes)
        {
            entries[0] = new Iovec(start, 100);
        }

        // With SIGPIPE's default action the process would die here instead of getting EPIPE. On a worker, bounded: a
        // write loop that retried the error instead of throwing would spin on this thread.
        VectoredIOException? error = null;
        Worker.Run("writev", () => error = Assert.Throws<VectoredIOException>(() => VectoredIO.Writev(writeEnd.SafePipeHandle, entries)));
        Assert.NotNull(error);
        Assert.Equal(Errno.EPIPE, error.Errno);
        Assert.Equal("writev", error.Operation);
        GC.KeepAlive(bytes); // the entries' raw pointers do not keep the pinned array alive
    }

    [Fact]
    public void Runtime_IgnoresSigpipe()
    {
        if (!OperatingSystem.IsLinux())
        {
            return; // the check reads /proc
        }

        foreach (string line in File.ReadLines("/proc/self/status"))
        {
            if (line.StartsWith("SigIgn:", StringComparison.Ordinal))
            {
                ulong ignored = Convert.ToUInt64(line.Substring(7).Trim(), 16);
                Assert.NotEqual(0UL, ignored & (1UL << (13 - 1))); // SIGPIPE is signal 13
                return;
            }
        }

        Assert.Fail("No SigIgn line.");
    }

    /// <summary>
    /// A regular file (a sealed memfd of exactly the batch's size): a write loop that repeats bytes fails on the seal
    /// instead of writing until the disk is full.
    /// </summary>
    [Fact]
    public void File_IsByteExact()
    {
        byte[] source = MixedBatch.Source(20_000, 17);
        IovecBuilder builder = new(stackalloc Iovec[64], stackalloc byte[2048]);
        try
        {
            byte[] expected = MixedBatch.Add(ref builder, source, 3000, seed: 18);
            using SafeFileHandle file = SealedMemoryFile.Create(expected.Length);
            Assert.Equal(expected.Length, builder.WriteTo(file));
            Assert.Equal(expected, SealedMemoryFile.ReadAll(file, expected.Length));
        }
        finally
        {
            builder.Dispose();
        }
    }

    [Fact]
    public void ClosedHandle_ThrowsObjectDisposed()
    {
        SafeFileHandle file = SealedMemoryFile.Create(0);
        file.Dispose();
        Iovec[] entries = new Iovec[1];
        Assert.Throws<ObjectDisposedException>(() => VectoredIO.Writev(file, entries));
    }
}
