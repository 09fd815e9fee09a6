using System;
using System.IO;
using System.Net.Sockets;
using System.Threading;
using System.Threading.Tasks;

namespace Ht2.Tests.IO;

/// <summary>
/// The stream and socket transports' own calls: one write per batch (in place for a single entry), flushes, reads,
/// the half-close and the close, and the pointer memory that carries a pinned entry to an async write.
/// </summary>
public sealed class StreamTransportTests
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(10);

    private static readonly byte[] First = GC.AllocateArray<byte>(3, pinned: true);
    private static readonly byte[] Second = GC.AllocateArray<byte>(2, pinned: true);

    static StreamTransportTests()
    {
        First[0] = 1;
        First[1] = 2;
        First[2] = 3;
        Second[0] = 4;
        Second[1] = 5;
    }

    // Both arrays are static and on the pinned object heap.
    private static unsafe Iovec Entry(byte[] pinned) => new(System.Runtime.CompilerServices.Unsafe.AsPointer(ref pinned[0]), (nuint)pinned.Length);

    [Fact]
    public async Task Writes_AreOneCallPerBatch_SyncAndAsync_InPlaceForOneEntry()
    {
        RecordingStream stream = new();
        IFrameTransport transport = FrameTransport.Over(stream);

        Assert.Equal(5, transport.Write([Entry(First), Entry(Second)]));
        Assert.Equal(3, transport.Write([Entry(First)]));
        Assert.Equal(5, await transport.WriteAsync(new[] { Entry(First), Entry(Second) }, CancellationToken.None).AsTask().Within(Patience));
        Assert.Equal(2, await transport.WriteAsync(new[] { Entry(Second) }, CancellationToken.None).AsTask().Within(Patience));

        Assert.Equal(new byte[] { 1, 2, 3, 4, 5, 1, 2, 3, 1, 2, 3, 4, 5, 4, 5 }, stream.ToArray());
        Assert.Equal((2, 2), (stream.Writes, stream.AsyncWrites));
    }

    [Fact]
    public async Task AnAsyncWrite_PassesTheCancellationToken()
    {
        RecordingStream stream = new();
        IFrameTransport transport = FrameTransport.Over(stream);
        using CancellationTokenSource cancelled = new();
        cancelled.Cancel();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => transport.WriteAsync(new[] { Entry(First) }, cancelled.Token).AsTask().Within(Patience));
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => transport.WriteAsync(new[] { Entry(First), Entry(Second) }, cancelled.Token).AsTask().Within(Patience));
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => transport.FlushAsync(cancelled.Token).AsTask().Within(Patience));
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => transport.ReadAsync(new byte[1], cancelled.Token).AsTask().Within(Patience));
        Assert.Equal(0, stream.Length);
    }

    [Fact]
    public async Task FlushAndRead_GoToTheStream()
    {
        RecordingStream stream = new();
        stream.Write([9, 8, 7]);
        stream.Position = 0;
        IFrameTransport transport = FrameTransport.Over(stream);

        transport.Flush();
        await transport.FlushAsync(CancellationToken.None).AsTask().Within(Patience);
        byte[] one = new byte[1];
        byte[] two = new byte[2];
        Assert.Equal(1, transport.Read(one));
        Assert.Equal(2, await transport.ReadAsync(two, CancellationToken.None).AsTask().Within(Patience));

        Assert.Equal((2, 9, 8, 7), (stream.Flushes, one[0], two[0], two[1]));
    }

    [Fact]
    public void Close_DisposesTheStreamOnce()
    {
        RecordingStream stream = new();
        IFrameTransport transport = FrameTransport.Over(stream);

        transport.Close();
        Assert.Equal(1, stream.Disposals); // the first close is the one that disposes
        transport.Close();

        Assert.Equal(1, stream.Disposals);
    }

    [Fact]
    public async Task SocketReads_ReceiveWhatThePeerSent_SyncAndAsync()
    {
        using Loopback loopback = new();
        IFrameTransport transport = FrameTransport.Over(loopback.Client);
        loopback.Server.Send([1, 2, 3]);
        byte[] buffer = new byte[3];
        int got = 0;
        while (got < 2)
        {
            got += transport.Read(buffer.AsSpan(got, 2 - got));
        }

        loopback.Server.Shutdown(SocketShutdown.Send);
        Assert.Equal(1, await transport.ReadAsync(buffer.AsMemory(2), CancellationToken.None).AsTask().Within(Patience));
        Assert.Equal(0, await transport.ReadAsync(buffer.AsMemory(2), CancellationToken.None).AsTask().Within(Patience));

        Assert.Equal(new byte[] { 1, 2, 3 }, buffer);
    }

    [Fact]
    public void SocketShutdownOutput_AfterTheSocketIsGone_IsQuiet()
    {
        using Loopback loopback = new();
        IFrameTransport transport = FrameTransport.Over(loopback.Client);
        transport.Close();

        transport.ShutdownOutput();

        Assert.Throws<ObjectDisposedException>(() => loopback.Client.Send([0]));
    }

    [Fact]
    public void SocketShutdownOutput_OfASocketNeverConnected_IsQuiet()
    {
        using Socket unconnected = new(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        IFrameTransport transport = FrameTransport.Over(unconnected);

        // shutdown(2) of an unconnected socket fails with ENOTCONN; the transport has nothing left to say then.
        Assert.Throws<SocketException>(() => unconnected.Shutdown(SocketShutdown.Send));
        transport.ShutdownOutput();
        transport.Close();
        Assert.Throws<ObjectDisposedException>(() => unconnected.Shutdown(SocketShutdown.Send));
    }

    [Fact]
    public async Task GatheringSocketWrites_GoThroughTheKernelSeam_SyncAndAsync()
    {
        using Loopback loopback = new();
        FakeWritevSyscall fake = new();
        SocketTransport transport = new(loopback.Client, fake, gather: true);

        Assert.Equal(5, transport.Write([Entry(First), Entry(Second)]));
        Assert.Equal(3, await transport.WriteAsync(new[] { Entry(First) }, CancellationToken.None).AsTask().Within(Patience));

        Assert.Equal(new byte[] { 1, 2, 3, 4, 5, 1, 2, 3 }, fake.Received.ToArray());
        Assert.Equal((1, 1), (fake.SendMsgCalls, fake.DontWaitCalls));
    }

    [Fact]
    public void PointerMemory_PinsInsideItsLengthOnly()
    {
        PointerMemoryManager memory = new();
        unsafe
        {
            byte* start = (byte*)System.Runtime.CompilerServices.Unsafe.AsPointer(ref First[0]); // static, pinned object heap
            memory.Set(start, 3);
            Assert.Equal(new byte[] { 1, 2, 3 }, memory.Memory.ToArray());
            using (System.Buffers.MemoryHandle handle = memory.Pin(3))
            {
                Assert.True(handle.Pointer == start + 3);
            }

            using (System.Buffers.MemoryHandle handle = memory.Memory.Slice(1).Pin())
            {
                Assert.True(handle.Pointer == start + 1);
            }
        }

        Assert.Throws<ArgumentOutOfRangeException>(() => memory.Pin(4));
        Assert.Throws<ArgumentOutOfRangeException>(() => memory.Pin(-1));
        memory.Unpin();
        ((IDisposable)memory).Dispose();
    }

    /// <summary>A stream over memory that counts each kind of call once (a MemoryStream forwards some to others).</summary>
    private sealed class RecordingStream : Stream
    {
        private readonly MemoryStream _inner = new();

        public int Writes { get; private set; }

        public int AsyncWrites { get; private set; }

        public int Flushes { get; private set; }

        public int Disposals { get; private set; }

        public override bool CanRead => true;

        public override bool CanSeek => true;

        public override bool CanWrite => true;

        public override long Length => _inner.Length;

        public override long Position { get => _inner.Position; set => _inner.Position = value; }

        public byte[] ToArray() => _inner.ToArray();

        public override int Read(byte[] buffer, int offset, int count) => _inner.Read(buffer, offset, count);

        public override int Read(Span<byte> buffer) => _inner.Read(buffer);

        public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
            => _inner.ReadAsync(buffer, cancellationToken);

        public override long Seek(long offset, SeekOrigin origin) => _inner.Seek(offset, origin);

        public override void SetLength(long value) => _inner.SetLength(value);

        public override void Write(byte[] buffer, int offset, int count)
        {
            Writes++;
            _inner.Write(buffer, offset, count);
        }

        public override void Write(ReadOnlySpan<byte> buffer)
        {
            Writes++;
            _inner.Write(buffer);
        }

        public override Task WriteAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken)
        {
            AsyncWrites++;
            return _inner.WriteAsync(buffer, offset, count, cancellationToken);
        }

        public override ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default)
        {
            AsyncWrites++;
            return _inner.WriteAsync(buffer, cancellationToken);
        }

        public override void Flush() => Flushes++;

        public override Task FlushAsync(CancellationToken cancellationToken)
        {
            Flushes++;
            return cancellationToken.IsCancellationRequested ? Task.FromCanceled(cancellationToken) : Task.CompletedTask;
        }

        protected override void Dispose(bool disposing)
        {
            Disposals++;
            base.Dispose(disposing);
        }
    }
}
