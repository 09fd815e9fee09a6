using System;
using System.Buffers;
using System.Buffers.Binary;
using System.IO.Pipelines;
using System.Threading.Tasks;
using Ht2.Tests.Session;

namespace Ht2.Tests.IO;

/// <summary>
/// Once warm, a request through a session on the pipe transport allocates nothing: the PipeReader's bytes are read in
/// place, the response is copied once into the PipeWriter. Inline pipe schedulers run the session on the test thread.
/// </summary>
public sealed class PipeAllocationTests
{
    private static readonly TimeSpan Bound = TimeSpan.FromSeconds(10);
    private static readonly byte[] Body = new byte[1024];

    private sealed class Responder : Ht2SessionHandler
    {
        public override void OnRequest(Ht2Stream stream, Ht2Headers headers, bool endStream)
        {
            stream.SendHeaderBlock(Wire.Status200Block, endStream: false);
            _ = stream.SendDataAsync(Body, endStream: true);
        }
    }

    [Fact]
    public async Task Ten_thousand_requests_over_a_pipe_allocate_zero_bytes_after_warm_up()
    {
        PipeOptions inline = new(readerScheduler: PipeScheduler.Inline, writerScheduler: PipeScheduler.Inline, useSynchronizationContext: false);
        // No back-pressure on the input: a flush never waits, even while a warm-up read runs on another thread.
        Pipe input = new(new PipeOptions(readerScheduler: PipeScheduler.Inline, writerScheduler: PipeScheduler.Inline, pauseWriterThreshold: 0, resumeWriterThreshold: 0, useSynchronizationContext: false));
        Pipe output = new(inline);
        await using Ht2Session server = Ht2Session.CreateServer(
            new DuplexPipe(input.Reader, output.Writer), new Responder(), new Ht2SessionOptions { IdleTimeout = System.Threading.Timeout.InfiniteTimeSpan });
        Task run = server.RunAsync();

        // Preface, SETTINGS, its ACK and room on the connection window for every response; then wait for the PING ACK.
        await input.Writer.WriteAsync(Wire.Concat(Wire.Preface, Wire.Settings(), Wire.SettingsAck, Wire.WindowUpdate(0, 0x7FFF_FFFF - 65_535), Wire.Ping(7)));
        await ReadUntilPingAckAsync(output.Reader).WaitAsync(Bound);

        byte[] request = Wire.Headers(1, Wire.GetBlock, endStream: true);
        uint id = 1;
        RunRequests(input.Writer, output.Reader, request, ref id, 2000);

        long before = GC.GetAllocatedBytesForCurrentThread();
        long written = RunRequests(input.Writer, output.Reader, request, ref id, 10_000);
        long allocated = GC.GetAllocatedBytesForCurrentThread() - before;

        Assert.True(written >= 10_000L * (9 + 1 + 9 + 1024), $"The session wrote only {written} bytes.");
        Assert.Equal(0, allocated);
        Assert.Equal(0, server.ActiveStreamCount);
        input.Writer.Complete();
        await run.WaitAsync(Bound);
    }

    /// <summary>Writes each request into the pipe (the session runs inline on this flush) and drains what it answered.</summary>
    private static long RunRequests(PipeWriter input, PipeReader output, byte[] request, ref uint id, int count)
    {
        long written = 0;
        for (int i = 0; i < count; i++)
        {
            BinaryPrimitives.WriteUInt32BigEndian(request.AsSpan(5), id);
            id += 2;
            input.Write(request);
            ValueTask<FlushResult> flush = input.FlushAsync();
            Assert.True(flush.IsCompletedSuccessfully, "the flush waited");
            _ = flush.Result;
            if (output.TryRead(out ReadResult result))
            {
                written += result.Buffer.Length;
                output.AdvanceTo(result.Buffer.End);
            }
        }

        return written;
    }

    private static async Task ReadUntilPingAckAsync(PipeReader output)
    {
        while (true)
        {
            ReadResult result = await output.ReadAsync();
            ReadOnlySequence<byte> buffer = result.Buffer;
            byte[] bytes = buffer.ToArray();
            int offset = 0;
            bool acked = false;
            foreach (WireFrame frame in Wire.Parse(bytes, ref offset))
            {
                acked |= frame.Type == WireFrame.Ping && frame.Has(Wire.Ack);
            }

            output.AdvanceTo(buffer.GetPosition(offset), buffer.End);
            if (acked)
            {
                return;
            }

            Assert.False(result.IsCompleted, "the session closed");
        }
    }
}
