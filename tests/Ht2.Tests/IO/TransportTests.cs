using System;
using System.Buffers;
using System.Collections.Generic;
using System.IO;
using System.IO.Pipelines;
using System.Threading;
using System.Threading.Tasks;
using Ht2.Tests.Writing;

namespace Ht2.Tests.IO;

/// <summary>The transport seam: the same batch reaches the peer byte for byte over a socket, a stream and a pipe, sync and async.</summary>
public sealed class TransportTests
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(10);

    // PING (RFC 9113 §6.7): length 8, type 6, flags 0, stream 0, opaque data 1..8.
    private static readonly byte[] Ping =
    [
        0, 0, 8, 6, 0, 0, 0, 0, 0,
        1, 2, 3, 4, 5, 6, 7, 8,
    ];

    private static void AddPing(MultiFrameWriter writer) => writer.Add(new PingFrame { OpaqueData = 0x0102030405060708 });

    [Fact]
    public async Task Pipe_WriteThenFlush_ReachesTheReaderExactly()
    {
        Pipe pipe = new();
        IFrameTransport transport = FrameTransport.Over(pipe.Writer);
        using MultiFrameWriter writer = new();
        AddPing(writer);
        AddPing(writer);

        long written = await writer.FlushToAsync(transport, CancellationToken.None).AsTask().Within(Timeout);

        Assert.Equal(2 * Ping.Length, written);
        ReadResult result = await pipe.Reader.ReadAsync().AsTask().Within(Timeout);
        Assert.Equal([.. Ping, .. Ping], result.Buffer.ToArray());
        pipe.Reader.AdvanceTo(result.Buffer.End);
    }

    [Fact]
    public async Task DuplexPipe_ReadsConsumeExactlyWhatWasCopied()
    {
        Pipe input = new();
        Pipe output = new();
        IFrameTransport transport = FrameTransport.Over(new Duplex(input.Reader, output.Writer));
        await input.Writer.WriteAsync(Ping).AsTask().Within(Timeout);

        byte[] first = new byte[5];
        Assert.Equal(5, await transport.ReadAsync(first, CancellationToken.None).AsTask().Within(Timeout));
        byte[] rest = new byte[64];
        int n = transport.Read(rest);

        Assert.Equal(Ping.AsSpan(0, 5).ToArray(), first);
        Assert.Equal(Ping.AsSpan(5).ToArray(), rest.AsSpan(0, n).ToArray());

        input.Writer.Complete();
        Assert.Equal(0, await transport.ReadAsync(rest, CancellationToken.None).AsTask().Within(Timeout));
    }

    [Fact]
    public void PipeWriterOnly_ReadIsNotSupported()
    {
        IFrameTransport transport = FrameTransport.Over(new Pipe().Writer);
        Assert.Throws<NotSupportedException>(() => transport.Read(new byte[1]));
    }

    [Fact]
    public void Stream_FlushToTransport_WritesAndFlushes()
    {
        CountingStream stream = new();
        using MultiFrameWriter writer = new();
        AddPing(writer);

        writer.FlushTo(FrameTransport.Over(stream));

        Assert.Equal(Ping, stream.ToArray());
        Assert.Equal(1, stream.Flushes);
    }

    [Fact]
    public void Stream_PublicFlushTo_DoesNotFlushTheStream()
    {
        CountingStream stream = new();
        using MultiFrameWriter writer = new();
        AddPing(writer);

        writer.FlushTo(stream);

        Assert.Equal(Ping, stream.ToArray());
        Assert.Equal(0, stream.Flushes);
    }

    [Fact]
    public async Task Socket_AsyncFlushOfALargeBatch_ArrivesWholeAndInOrder()
    {
        using Loopback loopback = new(sendBufferSize: 4096);
        IFrameTransport transport = FrameTransport.Over(loopback.Client);
        using MultiFrameWriter writer = new() { CopyThreshold = 0 };
        byte[] body = new byte[200_000];
        new Random(7).NextBytes(body);
        writer.AddData(1, body, endStream: true);
        long total = writer.TotalLength;
        byte[] received = new byte[total];
        Worker reader = loopback.StartReading(received, (int)total);

        long written = await writer.FlushToAsync(transport, CancellationToken.None).AsTask().Within(Timeout);

        reader.Join(Timeout);
        Assert.Equal(total, written);
        List<byte> expected = [];
        for (int offset = 0; offset < body.Length; offset += 16384)
        {
            int length = Math.Min(16384, body.Length - offset);
            Wire.Data(expected, 1, body.AsSpan(offset, length).ToArray(), endStream: offset + length == body.Length);
        }

        Assert.Equal(expected.ToArray(), received);
    }

    [Fact]
    public async Task Socket_ReadAsync_ReceivesWhatThePeerSent()
    {
        using Loopback loopback = new();
        IFrameTransport transport = FrameTransport.Over(loopback.Client);
        loopback.Server.Send(Ping);
        byte[] buffer = new byte[Ping.Length];
        int got = 0;
        while (got < buffer.Length)
        {
            int n = await transport.ReadAsync(buffer.AsMemory(got), CancellationToken.None).AsTask().Within(Timeout);
            Assert.NotEqual(0, n);
            got += n;
        }

        Assert.Equal(Ping, buffer);
    }

    [Fact]
    public async Task Connection_OverADuplexPipe_SendsAndReads()
    {
        Pipe toUs = new();
        Pipe toPeer = new();
        using Ht2Connection connection = new(FrameTransport.Over(new Duplex(toUs.Reader, toPeer.Writer)), new Ht2ConnectionOptions { AutoAcknowledge = false });

        await connection.SendFrameAsync(new PingFrame { OpaqueData = 0x0102030405060708 }).AsTask().Within(Timeout);
        ReadResult sent = await toPeer.Reader.ReadAsync().AsTask().Within(Timeout);
        Assert.Equal(Ping, sent.Buffer.ToArray());
        toPeer.Reader.AdvanceTo(sent.Buffer.End);

        await toUs.Writer.WriteAsync(Ping).AsTask().Within(Timeout);
        ReceivedFrame frame = await connection.ReadFrameAsync().AsTask().Within(Timeout);
        Assert.Equal(FrameType.Ping, frame.Header.Type);
        Assert.Equal(Ping.AsSpan(9).ToArray(), frame.Payload.ToArray());
    }

    private sealed class Duplex(PipeReader input, PipeWriter output) : IDuplexPipe
    {
        public PipeReader Input => input;

        public PipeWriter Output => output;
    }

    private sealed class CountingStream : MemoryStream
    {
        public int Flushes { get; private set; }

        public override void Flush()
        {
            Flushes++;
            base.Flush();
        }
    }
}
