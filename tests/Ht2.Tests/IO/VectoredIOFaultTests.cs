using System;
using System.IO;
using Microsoft.Win32.SafeHandles;
using Xunit;

namespace Ht2.Tests.IO;

/// <summary>The write loop against a fake kernel: short writes, EAGAIN, EINTR, errors and IOV_MAX chunking.</summary>
public sealed unsafe class VectoredIOFaultTests
{
    // Never closed: the fake ignores the descriptor number.
    private static readonly SafeFileHandle FakeHandle = new((IntPtr)1000, ownsHandle: false);

    /// <summary>Pinned source bytes cut into entries of 0..7 bytes (some empty), so boundaries fall everywhere.</summary>
    // The entries hold raw pointers, which the GC does not see: without a reference the pinned array could be
    // collected (and its memory reused) before the write reads it. This keeps every one alive for the test run.
    private static readonly System.Collections.Concurrent.ConcurrentBag<byte[]> KeptAlive = new();

    private static (byte[] Bytes, Iovec[] Entries) MakeEntries(int count, int seed)
    {
        Random random = new(seed);
        int[] lengths = new int[count];
        int total = 0;
        for (int i = 0; i < count; i++)
        {
            lengths[i] = random.Next(0, 8);
            total += lengths[i];
        }

        byte[] bytes = GC.AllocateArray<byte>(Math.Max(total, 1), pinned: true);
        KeptAlive.Add(bytes);
        random.NextBytes(bytes);
        Iovec[] entries = new Iovec[count];
        fixed (byte* start = bytes)
        {
            // The array is on the pinned object heap, so these addresses stay valid after fixed ends.
            int offset = 0;
            for (int i = 0; i < count; i++)
            {
                entries[i] = new Iovec(start + offset, (nuint)lengths[i]);
                offset += lengths[i];
            }
        }

        return (bytes.AsSpan(0, total).ToArray(), entries);
    }

    /// <summary>
    /// Writes through the fake kernel on a <see cref="Worker"/>, bounded. A write loop that stops moving past an empty
    /// entry spins without calling the kernel, so the fake's call guard never runs: only a bounded wait fails such a
    /// bug instead of hanging the test on its own thread.
    /// </summary>
    private static long Write(Iovec[] entries, FakeWritevSyscall fake, bool isSocket)
    {
        long written = 0;
        Worker.Run(isSocket ? "sendmsg" : "writev", () => written = VectoredIO.Writev(FakeHandle, entries, fake, isSocket));
        return written;
    }

    [Theory]
    [InlineData(1)]
    [InlineData(3)]
    [InlineData(7)]
    [InlineData(4099)]
    public void ShortWrites_ResumeAtTheExactByte(int maxBytesPerCall)
    {
        (byte[] expected, Iovec[] entries) = MakeEntries(3000, maxBytesPerCall);
        FakeWritevSyscall fake = new() { MaxBytesPerCall = maxBytesPerCall };

        long written = Write(entries, fake, isSocket: false);

        Assert.Equal(expected.Length, written);
        Assert.Equal(expected, fake.Received.ToArray());
    }

    [Fact]
    public void OneByteAtATime_WithEagainAndEintr_LosesAndRepeatsNothing()
    {
        (byte[] expected, Iovec[] entries) = MakeEntries(2500, 42);
        FakeWritevSyscall fake = new() { MaxBytesPerCall = 1 };
        int[] eagain = [0, 1, 17, 500, 1024, 1025, 4000];
        int[] eintr = [2, 3, 18, 999, 2048, 5000];
        foreach (int call in eagain)
        {
            fake.FailCalls[call] = Errno.EAGAIN;
        }

        foreach (int call in eintr)
        {
            fake.FailCalls[call] = Errno.EINTR;
        }

        fake.FailPolls[1] = Errno.EINTR; // an interrupted poll is retried too

        long written = Write(entries, fake, isSocket: false);

        Assert.Equal(expected.Length, written);
        Assert.Equal(expected, fake.Received.ToArray());
        Assert.Equal(eagain.Length + 1, fake.PollCalls);
        Assert.Equal(expected.Length + eagain.Length + eintr.Length, fake.WriteCalls);
    }

    [Theory]
    [InlineData(1, 1)]
    [InlineData(1023, 1)]
    [InlineData(1024, 1)]
    [InlineData(1025, 2)]
    [InlineData(2048, 2)]
    [InlineData(5000, 5)]
    public void AcceptingKernel_TakesCeilOfCountOver1024Calls(int count, int expectedCalls)
    {
        byte[] bytes = GC.AllocateArray<byte>(count, pinned: true);
        new Random(count).NextBytes(bytes);
        Iovec[] entries = new Iovec[count];
        fixed (byte* start = bytes)
        {
            for (int i = 0; i < count; i++)
            {
                entries[i] = new Iovec(start + i, 1);
            }
        }

        FakeWritevSyscall fake = new();

        Assert.Equal(count, Write(entries, fake, isSocket: false));
        Assert.Equal(expectedCalls, fake.WriteCalls);
        Assert.Equal(Math.Min(count, VectoredIO.IovMax), fake.MaxIovecsSeen);
        Assert.Equal(bytes, fake.Received.ToArray());
    }

    [Fact]
    public void Sockets_GoThroughSendmsg()
    {
        (byte[] expected, Iovec[] entries) = MakeEntries(100, 7);
        FakeWritevSyscall fake = new() { MaxBytesPerCall = 50 };

        Write(entries, fake, isSocket: true);

        Assert.Equal(fake.WriteCalls, fake.SendMsgCalls);
        Assert.Equal(expected, fake.Received.ToArray());
    }

    [Fact]
    public void HardErrors_BecomeIOExceptionsWithTheErrno()
    {
        foreach (int errno in new[] { Errno.EPIPE, Errno.ECONNRESET, Errno.EBADF })
        {
            (_, Iovec[] entries) = MakeEntries(200, errno);
            FakeWritevSyscall fake = new() { MaxBytesPerCall = 10 };
            fake.FailCalls[3] = errno;

            VectoredIOException error = Assert.Throws<VectoredIOException>(() => Write(entries, fake, isSocket: false));

            Assert.IsAssignableFrom<IOException>(error);
            Assert.Equal(errno, error.Errno);
            Assert.Equal(30, error.BytesWritten);
            Assert.Equal("writev", error.Operation);
            Assert.Contains($"errno {errno}", error.Message);
        }
    }

    [Fact]
    public void FailingPoll_Throws()
    {
        (_, Iovec[] entries) = MakeEntries(10, 1);
        FakeWritevSyscall fake = new();
        fake.FailCalls[0] = Errno.EAGAIN;
        fake.FailPolls[0] = Errno.EBADF;

        VectoredIOException error = Assert.Throws<VectoredIOException>(() => Write(entries, fake, isSocket: false));

        Assert.Equal("poll", error.Operation);
        Assert.Equal(Errno.EBADF, error.Errno);
    }

    [Fact]
    public void KernelThatAcceptsNothing_ThrowsInsteadOfSpinning()
    {
        (_, Iovec[] entries) = MakeEntries(10, 3);
        FakeWritevSyscall fake = new() { MaxBytesPerCall = 0 };

        IOException error = Assert.Throws<IOException>(() => Write(entries, fake, isSocket: false));

        Assert.Equal("The descriptor accepted no bytes although bytes were pending.", error.Message);
        Assert.Equal(1, fake.WriteCalls);
    }

    [Fact]
    public void EmptyAndAllEmptyEntries_WriteNothing()
    {
        FakeWritevSyscall fake = new();
        Assert.Equal(0, VectoredIO.Writev(FakeHandle, ReadOnlySpan<Iovec>.Empty, fake, isSocket: false));
        Assert.Equal(0, fake.WriteCalls);

        Iovec[] empties = new Iovec[3000];
        Assert.Equal(0, Write(empties, fake, isSocket: false));
        Assert.Equal(1, fake.WriteCalls); // a zero-byte result skips every empty entry at once
    }
}
