using System;
using System.Buffers;
using System.IO.Pipelines;
using System.Threading;
using System.Threading.Tasks;

namespace Ht2.Tests.IO;

/// <summary>
/// The pipe transport's own rules: what it reads and consumes, what a flush and a half-close do, and how an operation
/// that races with <see cref="PipeTransport.Close"/> is reported (the race is made deterministic by pipe ends that
/// close the transport inside the operation, then fail the way a completed pipe does).
/// </summary>
public sealed class PipeTransportTests
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(10);

    private static readonly byte[] Bytes = [1, 2, 3, 4, 5, 6, 7, 8, 9, 10];

    [Fact]
    public async Task Read_CopiesWhatFits_AndConsumesExactlyThat()
    {
        Pipe input = new();
        PipeTransport transport = new(new Pipe().Writer, input.Reader);
        await input.Writer.WriteAsync(Bytes).AsTask().Within(Patience);

        byte[] first = new byte[3];
        Assert.Equal(3, transport.Read(first));
        byte[] rest = new byte[20];
        Assert.Equal(7, transport.Read(rest));

        Assert.Equal(new byte[] { 1, 2, 3 }, first);
        Assert.Equal(Bytes.AsSpan(3).ToArray(), rest.AsSpan(0, 7).ToArray());
    }

    [Fact]
    public async Task ASyncRead_ThatHasToWait_ReturnsOnceBytesArrive()
    {
        Pipe input = new();
        CountingReader reader = new(input.Reader);
        PipeTransport transport = new(new Pipe().Writer, reader);
        byte[] received = new byte[16];
        int count = 0;
        Worker worker = Worker.Start("sync read", () => count = transport.Read(received));

        // The pipe is empty when the read asks it, so the read waits for the bytes written here.
        Assert.True(reader.Reading.Within(Patience), "the read never started");
        await input.Writer.WriteAsync(Bytes.AsMemory(0, 4)).AsTask().Within(Patience);
        worker.Join(Patience);

        Assert.Equal(4, count);
        Assert.Equal(Bytes.AsSpan(0, 4).ToArray(), received.AsSpan(0, 4).ToArray());
    }

    [Fact]
    public async Task BufferedReads_ReturnThePipesBytes_AndAdvanceToConsumesThem()
    {
        Pipe input = new();
        PipeTransport transport = new(new Pipe().Writer, input.Reader);
        await input.Writer.WriteAsync(Bytes).AsTask().Within(Patience);

        ReadResult result = transport.Checked(await transport.ReadBufferedAsync(CancellationToken.None).AsTask().Within(Patience));
        Assert.Equal(Bytes, result.Buffer.ToArray());
        transport.AdvanceTo(result.Buffer.GetPosition(4), result.Buffer.End);
        await input.Writer.WriteAsync(new byte[] { 11 }).AsTask().Within(Patience);

        ReadResult next = await transport.ReadBufferedAsync(CancellationToken.None).AsTask().Within(Patience);
        Assert.Equal([.. Bytes.AsSpan(4), 11], next.Buffer.ToArray());
    }

    [Fact]
    public async Task WithoutAReader_EveryReadIsNotSupported()
    {
        PipeTransport transport = new(new Pipe().Writer, reader: null);

        Assert.False(transport.CanReadBuffered);
        Assert.Throws<NotSupportedException>(() => transport.Read(new byte[1]));
        await Assert.ThrowsAsync<NotSupportedException>(() => transport.ReadAsync(new byte[1], CancellationToken.None).AsTask());
        Assert.Throws<NotSupportedException>(() => transport.ReadBufferedAsync(CancellationToken.None));
        Assert.Throws<NotSupportedException>(() => transport.AdvanceTo(default, default));
        Assert.Throws<ArgumentNullException>(() => new PipeTransport(null!, null));
    }

    [Fact]
    public async Task Flush_HandsTheBytesToTheReader_SyncAndAsync_AndABufferWriterNeedsNone()
    {
        Pipe output = new();
        PipeTransport transport = new(output.Writer, null);
        Span<byte> span = output.Writer.GetSpan(2);
        span[0] = 7;
        span[1] = 8;
        output.Writer.Advance(2);
        Assert.False(output.Reader.TryRead(out _));

        transport.Flush();
        Assert.True(output.Reader.TryRead(out ReadResult flushed));
        Assert.Equal(new byte[] { 7, 8 }, flushed.Buffer.ToArray());
        output.Reader.AdvanceTo(flushed.Buffer.End);

        output.Writer.GetSpan(1)[0] = 9;
        output.Writer.Advance(1);
        await transport.FlushAsync(CancellationToken.None).AsTask().Within(Patience);
        Assert.True(output.Reader.TryRead(out ReadResult again));
        Assert.Equal(new byte[] { 9 }, again.Buffer.ToArray());

        PipeTransport plain = new(new ArrayBufferWriter<byte>(), null);
        plain.Flush();
        Assert.True(plain.FlushAsync(CancellationToken.None).IsCompletedSuccessfully);
    }

    [Fact]
    public async Task ASyncFlush_HeldByBackPressure_ReturnsOnceTheReaderTakesTheBytes()
    {
        Pipe output = new(new PipeOptions(pauseWriterThreshold: 16, resumeWriterThreshold: 8));
        CountingWriter writer = new(output.Writer);
        PipeTransport transport = new(writer, null);
        writer.GetSpan(64);
        writer.Advance(64);
        Worker flush = Worker.Start("sync flush", transport.Flush);

        // 64 bytes are above the pause threshold: the flush waits until the reader has taken them.
        Assert.True(writer.Flushing.Within(Patience), "the flush never started");
        ReadResult read = await output.Reader.ReadAsync().AsTask().Within(Patience);
        Assert.Equal(64, read.Buffer.Length);
        output.Reader.AdvanceTo(read.Buffer.End);
        flush.Join(Patience);
    }

    [Fact]
    public void ASyncFlush_HeldByBackPressure_FailsAsObjectDisposed_WhenClosed()
    {
        Pipe output = new(new PipeOptions(pauseWriterThreshold: 16, resumeWriterThreshold: 8));
        CountingWriter writer = new(output.Writer);
        PipeTransport transport = new(writer, null);
        writer.GetSpan(64);
        writer.Advance(64);
        Exception? failure = null;
        Worker flush = Worker.Start("sync flush", () => failure = Record.Exception(transport.Flush));

        Assert.True(writer.Flushing.Within(Patience), "the flush never started");
        transport.Close();
        flush.Join(Patience);

        Assert.IsType<ObjectDisposedException>(failure);
    }

    [Fact]
    public async Task AFlushCancelledByTheApplication_IsNotAClose()
    {
        Pipe output = new();
        PipeTransport transport = new(output.Writer, null);

        output.Writer.CancelPendingFlush();
        transport.Flush();
        output.Writer.CancelPendingFlush();
        await transport.FlushAsync(CancellationToken.None).AsTask().Within(Patience);

        transport.Write(ReadOnlySpan<Iovec>.Empty);
    }

    [Fact]
    public void ACancelledAsyncWrite_WritesNothing()
    {
        ArrayBufferWriter<byte> writer = new();
        PipeTransport transport = new(writer, null);

        Assert.Throws<OperationCanceledException>(() => transport.WriteAsync(ReadOnlyMemory<Iovec>.Empty, new CancellationToken(canceled: true)));
        Assert.True(transport.WriteAsync(ReadOnlyMemory<Iovec>.Empty, CancellationToken.None).IsCompletedSuccessfully);
    }

    [Fact]
    public void ShutdownOutput_CompletesTheWriterOnce_AndCloseDoesNotTouchItAgain()
    {
        CountingWriter writer = new(new Pipe().Writer);
        Pipe input = new();
        PipeTransport transport = new(writer, input.Reader);

        transport.ShutdownOutput();
        transport.ShutdownOutput();
        Assert.Equal((1, 0), (writer.Completes, writer.FlushCancels));

        transport.Close();
        transport.Close();
        Assert.Equal((1, 0), (writer.Completes, writer.FlushCancels));
    }

    [Fact]
    public void Close_CancelsAndCompletesBothEndsOnce_AndShutdownAfterwardsDoesNothing()
    {
        CountingWriter writer = new(new Pipe().Writer);
        CountingReader reader = new(new Pipe().Reader);
        PipeTransport transport = new(writer, reader);

        transport.Close();
        transport.Close();
        transport.ShutdownOutput();

        Assert.Equal((1, 1), (writer.Completes, writer.FlushCancels));
        Assert.Equal((1, 1), (reader.Completes, reader.ReadCancels));
    }

    [Fact]
    public void CloseWithoutAReader_CompletesTheWriter()
    {
        CountingWriter writer = new(new Pipe().Writer);
        new PipeTransport(writer, null).Close();
        Assert.Equal((1, 1), (writer.Completes, writer.FlushCancels));
    }

    [Fact]
    public async Task AfterClose_EveryOperationIsObjectDisposed()
    {
        Pipe input = new();
        await input.Writer.WriteAsync(Bytes).AsTask().Within(Patience);
        PipeTransport transport = new(new Pipe().Writer, input.Reader);
        ReadResult early = await transport.ReadBufferedAsync(CancellationToken.None).AsTask().Within(Patience);
        Assert.Equal(Bytes, transport.Checked(early).Buffer.ToArray());

        transport.Close();

        Assert.Throws<ObjectDisposedException>(() => transport.Checked(early));
        Assert.Throws<ObjectDisposedException>(() => transport.ReadBufferedAsync(CancellationToken.None));
        Assert.Throws<ObjectDisposedException>(() => transport.Read(new byte[1]));
        Assert.Throws<ObjectDisposedException>(() => transport.Write(ReadOnlySpan<Iovec>.Empty));
        Assert.IsType<ObjectDisposedException>(transport.Translate(new InvalidOperationException()));
        ArgumentException other = new();
        Assert.Same(other, transport.Translate(other));
    }

    [Fact]
    public void BeforeClose_APipeFailureIsReportedAsItIs()
    {
        PipeTransport transport = new(new Pipe().Writer, new Pipe().Reader);
        InvalidOperationException failure = new();

        Assert.Same(failure, transport.Translate(failure));
    }

    [Fact]
    public void AWriteRacingWithClose_FailsAsObjectDisposed()
    {
        RacingPipe pipe = new();
        PipeTransport transport = new(pipe.Writer, pipe.Reader);
        pipe.Transport = transport;
        pipe.Writer.FailWrite = true;

        Assert.Throws<ObjectDisposedException>(() => transport.Write(OneEntry()));
        Assert.Equal(1, pipe.Writer.Completes);
    }

    [Fact]
    public async Task AsyncOperationsRacingWithClose_FailAsObjectDisposed()
    {
        foreach (string operation in new[] { "flush", "read", "syncread", "advance", "consume" })
        {
            RacingPipe pipe = new();
            PipeTransport transport = new(pipe.Writer, pipe.Reader);
            pipe.Transport = transport;
            pipe.Reader.FailIn = operation == "syncread" ? "read" : operation;
            pipe.Writer.FailFlush = operation == "flush";

            Task attempt = operation switch
            {
                "flush" => transport.FlushAsync(CancellationToken.None).AsTask(),
                "read" or "consume" => transport.ReadAsync(new byte[4], CancellationToken.None).AsTask(),
                "syncread" => Task.Run(() => transport.Read(new byte[4])),
                _ => Task.Run(() => transport.AdvanceTo(default, default)),
            };

            await Assert.ThrowsAsync<ObjectDisposedException>(() => attempt.Within(Patience));
        }
    }

    [Fact]
    public async Task AReadThatReturnsBytesAfterClose_CopiesNothingAndFailsAsObjectDisposed()
    {
        foreach (bool sync in new[] { true, false })
        {
            RacingPipe pipe = new();
            PipeTransport transport = new(pipe.Writer, pipe.Reader);
            pipe.Transport = transport;
            pipe.Reader.FailIn = "close";
            byte[] destination = new byte[4];

            Task attempt = sync
                ? Task.Run(() => transport.Read(destination))
                : transport.ReadAsync(destination, CancellationToken.None).AsTask();

            await Assert.ThrowsAsync<ObjectDisposedException>(() => attempt.Within(Patience));
            Assert.Equal(new byte[4], destination);
        }
    }

    [Fact]
    public async Task APipeFailureWithoutAClose_IsReportedAsItIs()
    {
        foreach (string operation in new[] { "flush", "read", "syncread", "advance", "consume", "write" })
        {
            RacingPipe pipe = new() { CloseFirst = false };
            PipeTransport transport = new(pipe.Writer, pipe.Reader);
            pipe.Transport = transport;
            pipe.Reader.FailIn = operation == "syncread" ? "read" : operation;
            pipe.Writer.FailFlush = operation == "flush";
            pipe.Writer.FailWrite = operation == "write";

            Task attempt = operation switch
            {
                "flush" => transport.FlushAsync(CancellationToken.None).AsTask(),
                "read" or "consume" => transport.ReadAsync(new byte[4], CancellationToken.None).AsTask(),
                "syncread" => Task.Run(() => transport.Read(new byte[4])),
                "write" => Task.Run(() => transport.Write(OneEntry())),
                _ => Task.Run(() => transport.AdvanceTo(default, default)),
            };

            await Assert.ThrowsAsync<InvalidOperationException>(() => attempt.Within(Patience));
        }
    }

    private static readonly byte[] Pinned = GC.AllocateArray<byte>(4, pinned: true);

    private static unsafe Iovec[] OneEntry()
        => [new Iovec(System.Runtime.CompilerServices.Unsafe.AsPointer(ref Pinned[0]), 4)]; // static, pinned object heap
}
