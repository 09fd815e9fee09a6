using System;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.Win32.SafeHandles;

namespace Ht2.Tests.IO;

/// <summary>
/// A bare descriptor as a transport, against a fake kernel: sockets take sendmsg and other descriptors writev, an
/// async write is the blocking write, reads are refused, and the close releases the descriptor exactly once.
/// </summary>
public sealed class DescriptorTransportTests
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(10);

    /// <summary>Five bytes on the pinned object heap and the one entry over them.</summary>
    private static unsafe (Iovec[] Entries, byte[] KeepAlive) FiveBytes()
    {
        byte[] bytes = PinnedBytes.Counting(5, 1);

        // Pinned object heap: the address never changes.
        return ([new Iovec(System.Runtime.CompilerServices.Unsafe.AsPointer(ref bytes[0]), 5)], bytes);
    }

    [Fact]
    public void NullArguments_AreRefused()
    {
        using SafeFileHandle handle = new((IntPtr)1000, ownsHandle: false);
        Assert.Throws<ArgumentNullException>(() => new DescriptorTransport(null!, new FakeWritevSyscall()));
        Assert.Throws<ArgumentNullException>(() => new DescriptorTransport(handle, null!));
        Assert.Throws<ArgumentNullException>(() => new SocketTransport(null!, new FakeWritevSyscall(), gather: true));
    }

    [Fact]
    public async Task AFileDescriptor_TakesWritev_SyncAndAsync()
    {
        using SafeFileHandle handle = new((IntPtr)1000, ownsHandle: false);
        FakeWritevSyscall fake = new();
        DescriptorTransport transport = new(handle, fake);
        (Iovec[] entries, byte[] keep) = FiveBytes();

        Assert.Equal(5, transport.Write(entries));
        Assert.Equal(5, await transport.WriteAsync(entries, CancellationToken.None).AsTask().Within(Patience));

        Assert.Equal(new byte[] { 1, 2, 3, 4, 5, 1, 2, 3, 4, 5 }, fake.Received.ToArray());
        Assert.Equal((2, 0), (fake.WriteCalls, fake.SendMsgCalls));
        Assert.Same(handle, transport.Handle);
        GC.KeepAlive(keep);
    }

    [Fact]
    public void ASocketDescriptor_TakesSendmsg()
    {
        using Loopback loopback = new();
        FakeWritevSyscall fake = new();
        DescriptorTransport transport = new(loopback.Client.SafeHandle, fake);
        (Iovec[] entries, byte[] keep) = FiveBytes();

        Assert.Equal(5, transport.Write(entries));

        Assert.Equal((1, 1), (fake.WriteCalls, fake.SendMsgCalls));
        GC.KeepAlive(keep);
    }

    [Fact]
    public void ACancelledAsyncWrite_WritesNothing()
    {
        using SafeFileHandle handle = new((IntPtr)1000, ownsHandle: false);
        FakeWritevSyscall fake = new();
        DescriptorTransport transport = new(handle, fake);
        (Iovec[] entries, byte[] keep) = FiveBytes();

        Assert.Throws<OperationCanceledException>(() => transport.WriteAsync(entries, new CancellationToken(canceled: true)));

        Assert.Equal(0, fake.WriteCalls);
        GC.KeepAlive(keep);
    }

    [Fact]
    public async Task Reads_AreNotSupported_AndFlushAndShutdownDoNothing()
    {
        using SafeFileHandle handle = new((IntPtr)1000, ownsHandle: false);
        FakeWritevSyscall fake = new();
        IFrameTransport transport = new DescriptorTransport(handle, fake);

        NotSupportedException sync = Assert.Throws<NotSupportedException>(() => transport.Read(new byte[1]));
        NotSupportedException async = await Assert.ThrowsAsync<NotSupportedException>(() => transport.ReadAsync(new byte[1], CancellationToken.None).AsTask());
        Assert.Contains("Reading needs a Socket", sync.Message);
        Assert.Contains("Reading needs a Socket", async.Message);

        transport.Flush();
        Assert.True(transport.FlushAsync(CancellationToken.None).IsCompletedSuccessfully);
        transport.ShutdownOutput();
        Assert.False(handle.IsClosed);
        Assert.Equal(0, fake.WriteCalls + fake.PollCalls);
    }

    [Fact]
    public void Close_ClosesTheDescriptorOnce()
    {
        SafeFileHandle handle = new((IntPtr)1000, ownsHandle: false);
        CountingClose transport = new(handle);

        transport.Close();
        Assert.True(handle.IsClosed);
        transport.Close();

        Assert.Equal(1, transport.Closes);
    }

    [Fact]
    public void FrameTransportOverAHandle_IsADescriptorTransport_ThatClosesIt()
    {
        SafeFileHandle handle = new((IntPtr)1000, ownsHandle: false);
        IFrameTransport transport = FrameTransport.Over(handle);

        Assert.Same(handle, Assert.IsType<DescriptorTransport>(transport).Handle);
        transport.Close();
        Assert.True(handle.IsClosed);
    }

    /// <summary>Counts how often the transport releases its target.</summary>
    private sealed class CountingClose(SafeFileHandle handle) : DescriptorTransport(handle, new FakeWritevSyscall())
    {
        public int Closes { get; private set; }

        protected override void CloseTarget()
        {
            Closes++;
            base.CloseTarget();
        }
    }
}
