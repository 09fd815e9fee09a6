using System;
using System.Buffers;
using System.IO;
using System.IO.Pipelines;
using System.Net.Sockets;
using System.Threading;
using System.Threading.Tasks;

namespace Ht2.Tests.IO;

/// <summary>The end of a transport's life: ShutdownOutput lets the peer read the last bytes then the end; Close ends both ways.</summary>
public sealed class TransportLifecycleTests
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(10);

    private sealed class Duplex(PipeReader input, PipeWriter output) : IDuplexPipe
    {
        public PipeReader Input => input;

        public PipeWriter Output => output;
    }

    /// <summary>A pipe transport reading from <paramref name="input"/> and writing into <paramref name="output"/>.</summary>
    private static IFrameTransport OverPipes(Pipe input, Pipe output) => FrameTransport.Over(new Duplex(input.Reader, output.Writer));

    [Fact]
    public async Task Socket_ShutdownOutput_ThePeerReadsTheBytesThenTheEnd_AndCloseDisposesTheSocket()
    {
        using Loopback loopback = new();
        IFrameTransport transport = FrameTransport.Over(loopback.Client);
        using MultiFrameWriter writer = new();
        writer.AddBytes([1, 2, 3]);
        await writer.FlushToAsync(transport, CancellationToken.None).AsTask().Within(Timeout);

        transport.ShutdownOutput();

        byte[] received = new byte[8];
        int got = 0;
        int n;
        while ((n = await loopback.Server.ReceiveAsync(received.AsMemory(got), SocketFlags.None).AsTask().Within(Timeout)) > 0)
        {
            got += n;
        }

        Assert.Equal(new byte[] { 1, 2, 3 }, received.AsSpan(0, got).ToArray());

        transport.Close();
        transport.Close();
        Assert.Throws<ObjectDisposedException>(() => loopback.Client.Send([0]));
    }

    [Fact]
    public void Stream_CloseDisposesTheStreamOnce_AndShutdownOutputLeavesItOpen()
    {
        MemoryStream stream = new();
        IFrameTransport transport = FrameTransport.Over(stream);

        transport.ShutdownOutput();
        Assert.True(stream.CanWrite);

        transport.Close();
        transport.Close();
        Assert.False(stream.CanWrite);
    }

    [Fact]
    public async Task Pipe_ShutdownOutput_CompletesTheWriterAfterTheBytes()
    {
        Pipe output = new();
        IFrameTransport transport = OverPipes(new Pipe(), output);
        using MultiFrameWriter writer = new();
        writer.AddBytes([7, 8]);
        await writer.FlushToAsync(transport, CancellationToken.None).AsTask().Within(Timeout);

        transport.ShutdownOutput();

        ReadResult result = await output.Reader.ReadAsync().AsTask().Within(Timeout);
        Assert.Equal(new byte[] { 7, 8 }, result.Buffer.ToArray());
        Assert.True(result.IsCompleted);
    }

    [Fact]
    public async Task Pipe_Close_FailsAWaitingRead_AndCompletesBothEnds()
    {
        Pipe input = new();
        Pipe output = new();
        IFrameTransport transport = OverPipes(input, output);
        ValueTask<int> pending = transport.ReadAsync(new byte[16], CancellationToken.None);
        Assert.False(pending.IsCompleted);

        transport.Close();

        await Assert.ThrowsAsync<ObjectDisposedException>(() => pending.AsTask().Within(Timeout));
        await Assert.ThrowsAsync<ObjectDisposedException>(() => transport.ReadAsync(new byte[16], CancellationToken.None).AsTask());
        Assert.Throws<ObjectDisposedException>(() => transport.Write(ReadOnlySpan<Iovec>.Empty));

        // The peer's side sees both ends completed: its reads end, its writes are no longer read.
        ReadResult peerRead = await output.Reader.ReadAsync().AsTask().Within(Timeout);
        Assert.True(peerRead.IsCompleted);
        FlushResult peerFlush = await input.Writer.WriteAsync(new byte[] { 1 }).AsTask().Within(Timeout);
        Assert.True(peerFlush.IsCompleted);
    }

    [Fact]
    public async Task Pipe_Close_FailsAFlushWaitingOnBackPressure()
    {
        IFrameTransport transport = OverPipes(new Pipe(), new Pipe(new PipeOptions(pauseWriterThreshold: 16, resumeWriterThreshold: 8)));
        using MultiFrameWriter writer = new();
        writer.AddBytes(new byte[64]);
        ValueTask<long> flush = writer.FlushToAsync(transport, CancellationToken.None);
        Assert.False(flush.IsCompleted);

        transport.Close();

        await Assert.ThrowsAsync<ObjectDisposedException>(() => flush.AsTask().Within(Timeout));
    }
}
