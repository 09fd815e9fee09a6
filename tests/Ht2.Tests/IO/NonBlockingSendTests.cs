using System;
using System.IO;
using System.Net.Sockets;
using System.Threading;
using System.Threading.Tasks;
using Ht2.Tests.Writing;
using Microsoft.Win32.SafeHandles;

namespace Ht2.Tests.IO;

/// <summary>
/// The async gathering path of a socket transport against a fake kernel: sendmsg(MSG_DONTWAIT) goes through the test's
/// <see cref="FakeWritevSyscall"/> (which fails a looping write within its call budget), EAGAIN hands the rest of the
/// current entry to the real socket's SendAsync, EINTR retries, other errors throw, and every byte goes out once.
/// </summary>
[System.Runtime.Versioning.SupportedOSPlatform("linux")]
public sealed class NonBlockingSendTests
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(10);

    // Never closed: the fake ignores the descriptor number.
    private static readonly SafeFileHandle FakeHandle = new((IntPtr)1000, ownsHandle: false);

    /// <summary>Entries over <paramref name="parts"/> copied to the pinned object heap (the arrays are returned to keep them alive).</summary>
    private static unsafe (Iovec[] Entries, byte[][] KeepAlive) Pin(params byte[][] parts)
    {
        Iovec[] entries = new Iovec[parts.Length];
        byte[][] keepAlive = new byte[parts.Length][];
        for (int i = 0; i < parts.Length; i++)
        {
            byte[] pinned = GC.AllocateArray<byte>(Math.Max(parts[i].Length, 1), pinned: true);
            parts[i].CopyTo(pinned, 0);
            keepAlive[i] = pinned;

            // The array is on the pinned object heap: the address stays valid.
            entries[i] = new Iovec(System.Runtime.CompilerServices.Unsafe.AsPointer(ref pinned[0]), (nuint)parts[i].Length);
        }

        return (entries, keepAlive);
    }

    /// <summary>
    /// The write on the thread pool, bounded: a gathering loop that stops advancing spins without awaiting, and must
    /// fail this test instead of holding the test's thread.
    /// </summary>
    private static Task<long> WriteOffTheTestThread(SocketTransport transport, Iovec[] entries)
        => Task.Run(() => transport.WriteAsync(entries, CancellationToken.None).AsTask()).Within(Patience);

    private static byte[] Bytes(int length, byte first)
    {
        byte[] bytes = new byte[length];
        for (int i = 0; i < length; i++)
        {
            bytes[i] = (byte)(first + i);
        }

        return bytes;
    }

    [Fact]
    public async Task ShortWritesAndEintr_ResumeAtTheExactByte_AcrossEntries()
    {
        using Loopback loopback = new();
        byte[] a = Bytes(10, 0), b = Bytes(0, 0), c = Bytes(7, 100), d = Bytes(9, 200);
        (Iovec[] entries, byte[][] keep) = Pin(a, b, c, d);
        FakeWritevSyscall fake = new() { MaxBytesPerCall = 4 };
        fake.FailCalls[1] = Errno.EINTR;
        fake.FailCalls[2] = Errno.EINTR;
        SocketTransport transport = new(loopback.Client, fake, gather: true);

        // The fake completes synchronously, so every call runs on the thread that started the write.
        (long written, long calls) = await Task.Run(() =>
        {
            long callsBefore = VectoredIO.SystemCallsOnCurrentThread;
            ValueTask<long> write = transport.WriteAsync(entries, CancellationToken.None);
            Assert.True(write.IsCompleted, "the write waited although the fake kernel took every call");
            return (write.Result, VectoredIO.SystemCallsOnCurrentThread - callsBefore);
        }).Within(Patience);

        Assert.Equal(fake.DontWaitCalls, calls);
        Assert.Equal(26, written);
        Assert.Equal([.. a, .. c, .. d], fake.Received.ToArray());

        // 26 bytes at 4 per call: 7 writes, plus the two interrupted ones; no other system call.
        Assert.Equal(9, fake.DontWaitCalls);
        Assert.Equal(0, fake.WriteCalls - fake.DontWaitCalls);
        Assert.Equal(0, fake.PollCalls);
        GC.KeepAlive(keep);
    }

    [Fact]
    public async Task Eagain_SendsTheRestOfTheCurrentEntryThroughTheSocket_ThenGathersAgain()
    {
        using Loopback loopback = new();
        byte[] a = Bytes(10, 0), b = Bytes(6, 50), c = Bytes(5, 100);
        (Iovec[] entries, byte[][] keep) = Pin(a, b, c);
        FakeWritevSyscall fake = new() { MaxBytesPerCall = 3 };
        fake.FailCalls[1] = Errno.EAGAIN;
        SocketTransport transport = new(loopback.Client, fake, gather: true);

        long written = await WriteOffTheTestThread(transport, entries);

        // Call 0 took a[0..3]; call 1 was EAGAIN, so a[3..10] went through Socket.SendAsync; gathering resumed at b.
        Assert.Equal(21, written);
        Assert.Equal(a.AsSpan(3).ToArray(), Wire.ReceiveExactly(loopback.Server, 7));
        Assert.Equal([.. a.AsSpan(0, 3), .. b, .. c], fake.Received.ToArray());
        Assert.Equal(6, fake.DontWaitCalls); // a[0..3], the EAGAIN, then b and c in two calls each
        GC.KeepAlive(keep);
    }

    [Fact]
    public async Task EagainInsideAnEntry_SendsOnlyItsUnsentBytes()
    {
        using Loopback loopback = new();
        byte[] a = Bytes(4, 0), b = Bytes(12, 40);
        (Iovec[] entries, byte[][] keep) = Pin(a, b);
        FakeWritevSyscall fake = new() { MaxBytesPerCall = 9 };
        fake.FailCalls[1] = Errno.EAGAIN;
        SocketTransport transport = new(loopback.Client, fake, gather: true);

        long written = await WriteOffTheTestThread(transport, entries);

        // Call 0 took a and b[0..5]; the socket got b[5..12]; nothing was left for the fake.
        Assert.Equal(16, written);
        Assert.Equal(b.AsSpan(5).ToArray(), Wire.ReceiveExactly(loopback.Server, 7));
        Assert.Equal([.. a, .. b.AsSpan(0, 5)], fake.Received.ToArray());
        Assert.Equal(2, fake.DontWaitCalls);
        GC.KeepAlive(keep);
    }

    [Theory]
    [InlineData(32)]
    [InlineData(104)]
    [InlineData(9)]
    public async Task HardErrors_ThrowTheErrno_FromSendmsg(int errno)
    {
        using Loopback loopback = new();
        (Iovec[] entries, byte[][] keep) = Pin(Bytes(10, 0), Bytes(10, 10));
        FakeWritevSyscall fake = new() { MaxBytesPerCall = 15 };
        fake.FailCalls[1] = errno;
        SocketTransport transport = new(loopback.Client, fake, gather: true);

        VectoredIOException error = await Assert.ThrowsAsync<VectoredIOException>(
            () => WriteOffTheTestThread(transport, entries));

        Assert.Equal("sendmsg", error.Operation);
        Assert.Equal(errno, error.Errno);
        Assert.Equal(2, fake.DontWaitCalls);
        GC.KeepAlive(keep);
    }

    [Fact]
    public unsafe void MoreThanIovMaxEntries_AreOfferedAtMost1024AtATime_FromTheGivenOffset()
    {
        byte[] source = Bytes(1500, 0);
        (Iovec[] entries, byte[][] keep) = Pin(source);
        Iovec[] many = new Iovec[1500];
        for (int i = 0; i < many.Length; i++)
        {
            many[i] = new Iovec((byte*)entries[0].Base + i, 1);
        }

        many[0] = new Iovec(entries[0].Base, 1);
        FakeWritevSyscall fake = new();

        long sent = VectoredIO.TrySendNonBlocking(FakeHandle, fake, many, 0, nuint.MaxValue);

        Assert.Equal(VectoredIO.IovMax, sent);
        Assert.Equal(VectoredIO.IovMax, fake.MaxIovecsSeen);
        Assert.Equal(source.AsSpan(0, VectoredIO.IovMax).ToArray(), fake.Received.ToArray());
        GC.KeepAlive(keep);
    }

    [Fact]
    public unsafe void FirstOffset_SkipsThatManyBytesOfTheFirstEntryOnly_AndLeavesTheEntriesUnchanged()
    {
        byte[] a = Bytes(8, 0), b = Bytes(4, 100);
        (Iovec[] entries, byte[][] keep) = Pin(a, b);
        Iovec[] before = (Iovec[])entries.Clone();
        FakeWritevSyscall fake = new();

        long sent = VectoredIO.TrySendNonBlocking(FakeHandle, fake, entries, 5, nuint.MaxValue);

        Assert.Equal(7, sent);
        Assert.Equal([.. a.AsSpan(5), .. b], fake.Received.ToArray());
        Assert.True(entries[0].Base == before[0].Base && entries[0].Length == before[0].Length);
        GC.KeepAlive(keep);
    }

    [Fact]
    public void EagainReturnsMinusOne_EintrRetries_AndTheCounterCountsEveryCall()
    {
        (Iovec[] entries, byte[][] keep) = Pin(Bytes(6, 0));
        FakeWritevSyscall fake = new();
        fake.FailCalls[0] = Errno.EINTR;
        fake.FailCalls[1] = Errno.EINTR;
        fake.FailCalls[2] = Errno.EAGAIN;
        long callsBefore = VectoredIO.SystemCallsOnCurrentThread;

        Assert.Equal(-1, VectoredIO.TrySendNonBlocking(FakeHandle, fake, entries, 0, nuint.MaxValue));
        Assert.Equal(3, VectoredIO.SystemCallsOnCurrentThread - callsBefore);
        Assert.Equal(6, VectoredIO.TrySendNonBlocking(FakeHandle, fake, entries, 0, nuint.MaxValue));
        Assert.Equal(4, VectoredIO.SystemCallsOnCurrentThread - callsBefore);
        Assert.Equal(0, fake.PollCalls);
        GC.KeepAlive(keep);
    }

    [Fact]
    public void NoEntries_SendNothing_AndAClosedHandleIsRefused()
    {
        FakeWritevSyscall fake = new();
        Assert.Equal(0, VectoredIO.TrySendNonBlocking(FakeHandle, fake, ReadOnlySpan<Iovec>.Empty, 0, nuint.MaxValue));
        Assert.Equal(0, fake.WriteCalls);

        (Iovec[] entries, byte[][] keep) = Pin(Bytes(3, 0));
        SafeFileHandle closed = new((IntPtr)1001, ownsHandle: false);
        closed.Dispose();
        Assert.Throws<ObjectDisposedException>(() => VectoredIO.TrySendNonBlocking(closed, fake, entries, 0, nuint.MaxValue));
        Assert.Equal(0, fake.WriteCalls);
        GC.KeepAlive(keep);
    }

    [Fact]
    public void TheHandle_IsReleasedAfterEachCall_SoItCanBeClosed()
    {
        (Iovec[] entries, byte[][] keep) = Pin(Bytes(3, 0));
        FakeWritevSyscall fake = new();
        fake.FailCalls[1] = Errno.EPIPE;
        ReleaseCountingHandle handle = new();

        Assert.Equal(3, VectoredIO.TrySendNonBlocking(handle, fake, entries, 0, nuint.MaxValue));
        Assert.Throws<VectoredIOException>(() => VectoredIO.TrySendNonBlocking(handle, fake, entries, 0, nuint.MaxValue));
        handle.Dispose();

        // Only after the last reference is released does the handle run ReleaseHandle.
        Assert.True(handle.Released);
        GC.KeepAlive(keep);
    }
}
