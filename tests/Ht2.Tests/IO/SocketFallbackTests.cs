using System;
using System.Threading;
using System.Threading.Tasks;
using Ht2.Tests.Writing;

namespace Ht2.Tests.IO;

/// <summary>
/// The write path of systems without gathering socket sends (Windows and the rest), chosen through the seam
/// <c>SocketTransport(socket, gather: false)</c> and run here on Linux: every byte arrives, in order, for the
/// transport alone and for a connection on top of it, and no gathering system call is made.
/// </summary>
public sealed class SocketFallbackTests
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(10);

    // Keeps the pinned copies reachable while a write may still read them.

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task CoalescedSocketWrites_DeliverEveryEntryInOrder(bool async)
    {
        using Loopback loopback = new();
        SocketTransport transport = new(loopback.Client, NoSyscalls.Instance, gather: false);
        byte[] first = [1, 2, 3], second = new byte[70_000], third = [9];
        new Random(5).NextBytes(second);
        byte[] expected = [.. first, .. second, .. third];
        byte[] received = new byte[expected.Length];
        Worker reader = loopback.StartReading(received, received.Length);

        long written = await WriteAsync(transport, async, first, second, third).Within(Patience);

        reader.Join(Patience);
        Assert.Equal(expected.Length, written);
        Assert.Equal(expected, received);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task ConnectionOverTheFallback_SendsExactFrames(bool async)
    {
        using Loopback loopback = new();
        using Ht2Connection connection = new(new SocketTransport(loopback.Client, NoSyscalls.Instance, gather: false));

        if (async)
        {
            await connection.SendGoAwayAsync(3, Http2ErrorCode.EnhanceYourCalm, "hi"u8.ToArray()).AsTask().Within(Patience);
        }
        else
        {
            connection.SendGoAway(3, Http2ErrorCode.EnhanceYourCalm, "hi"u8.ToArray());
        }

        // RFC 9113 §6.8 by hand: length 10, type 0x7, no flags, stream 0; last stream 3, ENHANCE_YOUR_CALM (0xb), "hi".
        byte[] expected = [0, 0, 10, 0x7, 0, 0, 0, 0, 0, 0, 0, 0, 3, 0, 0, 0, 0x0b, (byte)'h', (byte)'i'];
        Assert.Equal(expected, Wire.ReceiveExactly(loopback.Server, expected.Length));
    }

    private static async Task<long> WriteAsync(SocketTransport transport, bool async, params byte[][] parts)
    {
        (Iovec[] entries, byte[][] keepAlive) = Pin(parts);
        long written = async ? await transport.WriteAsync(entries, CancellationToken.None) : transport.Write(entries);
        GC.KeepAlive(keepAlive);
        return written;
    }

    [Fact]
    public void TheCopyingStream_IsBuiltOnce_SoAWarmWriteAllocatesNothing()
    {
        using Loopback loopback = new();
        SocketTransport transport = new(loopback.Client, NoSyscalls.Instance, gather: false);
        (Iovec[] entries, byte[][] keep) = Pin([1, 2, 3], [4, 5]);
        long allocated = 0;
        for (int round = 0; round < 3; round++)
        {
            long before = GC.GetAllocatedBytesForCurrentThread();
            transport.Write(entries);
            allocated = GC.GetAllocatedBytesForCurrentThread() - before;
            Assert.Equal(new byte[] { 1, 2, 3, 4, 5 }, Wire.ReceiveExactly(loopback.Server, 5));
        }

        Assert.Equal(0, allocated);
        GC.KeepAlive(keep);
    }

    internal static unsafe (Iovec[] Entries, byte[][] KeepAlive) Pin(params byte[][] parts)
    {
        // Each part is copied to the pinned object heap, so the entries point at memory that never moves.
        Iovec[] entries = new Iovec[parts.Length];
        byte[][] keepAlive = new byte[parts.Length][];
        for (int i = 0; i < parts.Length; i++)
        {
            byte[] pinned = GC.AllocateArray<byte>(parts[i].Length, pinned: true);
            parts[i].CopyTo(pinned, 0);
            keepAlive[i] = pinned;
            entries[i] = new Iovec((void*)System.Runtime.CompilerServices.Unsafe.AsPointer(ref pinned[0]), (nuint)pinned.Length);
        }

        return (entries, keepAlive);
    }

    /// <summary>Fails the test if the fallback reached a gathering system call.</summary>
    private sealed unsafe class NoSyscalls : IWritevSyscall
    {
        public static readonly NoSyscalls Instance = new();

        public nint Writev(int fd, Iovec* iov, int count, out int errno) => throw new InvalidOperationException("writev on the fallback path");

        public nint SendMsg(int fd, Iovec* iov, int count, out int errno) => throw new InvalidOperationException("sendmsg on the fallback path");

        public nint SendMsgDontWait(int fd, Iovec* iov, int count, out int errno) => throw new InvalidOperationException("sendmsg on the fallback path");

        public int PollWritable(int fd, out int errno) => throw new InvalidOperationException("poll on the fallback path");
    }
}
