using System;
using System.Buffers;
using System.IO.Pipelines;
using System.Threading.Tasks;
using Ht2.Tests.Session;
using Xunit.Abstractions;

namespace Ht2.Tests.IO;

/// <summary>
/// Once warm, a request through a session on the pipe transport allocates nothing: the PipeReader's bytes are read in
/// place, the response is copied once into the PipeWriter. Inline pipe schedulers run the session (read loop, handler,
/// writer) on the thread that flushes the requests, which the handler checks, so that thread's counter holds all of
/// its work. That thread is a driver of the test's own that never awaits: with inline schedulers an awaited read of
/// the session's output resumes inside the session's flush, on whatever thread the session runs, so a test that
/// awaited would go on driving from inside the session's own loops (which then read nothing until it returned).
/// </summary>
public sealed class PipeAllocationTests(ITestOutputHelper log)
{
    private const int Requests = 50_000;
    private static readonly TimeSpan Bound = TimeSpan.FromSeconds(10);

    /// <summary>The driver's whole run: the handshake, the warm-up and three measured rounds (seconds on a loaded machine).</summary>
    private static readonly TimeSpan Drive = TimeSpan.FromMinutes(2);

    [Theory]
    [InlineData(1, false)]
    [InlineData(16, false)]
    [InlineData(16, true)]
    public async Task Requests_over_a_pipe_allocate_zero_bytes_on_the_sessions_thread(int requestsPerFlush, bool withRequestBody)
    {
        // Inline schedulers and no back-pressure either way. A flush of the input never waits, even while a warm-up read
        // runs on another thread; and the driver drains the output only after each flush, so a writer paused on a full
        // output pipe while the driver keeps writing requests would see its streams pile up until the session's flood
        // defences end the connection (ENHANCE_YOUR_CALM).
        PipeOptions unbounded = new(readerScheduler: PipeScheduler.Inline, writerScheduler: PipeScheduler.Inline, pauseWriterThreshold: 0, resumeWriterThreshold: 0, useSynchronizationContext: false);
        Pipe input = new(unbounded);
        Pipe output = new(unbounded);
        SteadyStateLoad.Responder responder = new();
        // The driver pipelines requests without waiting for answers. While a loop still runs on the pool, the requests
        // of many flushes arrive in one read and open their streams before the writer ends any of them; a limit of 100
        // would refuse the rest, and the refusals would end the connection (ENHANCE_YOUR_CALM). A million streams is
        // more than the warm-up can send.
        Ht2Session server = Ht2Session.CreateServer(
            new DuplexPipe(input.Reader, output.Writer), responder, new Ht2SessionOptions { IdleTimeout = System.Threading.Timeout.InfiniteTimeSpan, MaxConcurrentStreams = 1_000_000 },
            new FakeTime()); // no timer ticks: a tick would wake the writer on the timer's thread
        Task run = server.RunAsync();
        try
        {
            long[] rounds = [];
            long written = 0;
            Worker.Run("pipe driver", () =>
            {
                // Preface, SETTINGS, its ACK and room on the connection window for every response; then wait for the PING ACK.
                Flush(input.Writer, Wire.Concat(Wire.Preface, Wire.Settings(), Wire.SettingsAck, Wire.WindowUpdate(0, 0x7FFF_FFFF - 65_535), Wire.Ping(7)));
                ReadUntilPingAck(output.Reader);

                byte[] requests = SteadyStateLoad.Pipelined(requestsPerFlush, withRequestBody);
                uint id = 1;
                RunRequests(input.Writer, output.Reader, requests, requestsPerFlush, ref id, 4_000);
                SettleOnThisThread(server, responder, input.Writer, output.Reader, requests, requestsPerFlush, ref id);
                responder.Watch(Environment.CurrentManagedThreadId);
                rounds = AllocationRounds.UntilNothingAllocated(
                    () => written = RunRequests(input.Writer, output.Reader, requests, requestsPerFlush, ref id, Requests), maxRounds: 3);
            }, Drive);

            long allocated = rounds[^1];
            log.WriteLine($"{requestsPerFlush} per flush, request body {withRequestBody}: rounds of {Requests} requests allocated {string.Join(", ", rounds)} B on the session's thread");
            Assert.Equal(Requests * rounds.Length, responder.Answered);
            Assert.Equal(0, responder.OffThread);
            Assert.True(written >= Requests * (long)SteadyStateLoad.MinResponseBytes, $"The session wrote only {written} bytes.");
            Assert.Equal(0, allocated);
            Assert.Equal(0, server.ActiveStreamCount);
            input.Writer.Complete();
            await run.Within(Bound);
        }
        finally
        {
            // Bounded: a failed assertion above must fail the test, not leave it waiting for the session to end.
            input.Writer.Complete();
            await server.DisposeAsync().AsTask().Within(Bound);
        }
    }

    /// <summary>
    /// The session's loops start on the thread pool (the first read after the handshake may still run there while the
    /// warm-up writes), and a loop that is busy when a flush comes picks the bytes up on its own thread. Once a loop
    /// awaits the pipe, every later flush resumes it inline here: warm-up rounds run until one is answered wholly on
    /// this thread, so the measured requests never race a pool thread.
    /// </summary>
    private static void SettleOnThisThread(Ht2Session server, SteadyStateLoad.Responder responder, PipeWriter input, PipeReader output, byte[] requests, int perFlush, ref uint id)
    {
        const int RoundRequests = 256;
        System.Diagnostics.Stopwatch waited = System.Diagnostics.Stopwatch.StartNew();
        while (true)
        {
            responder.Watch(Environment.CurrentManagedThreadId);
            RunRequests(input, output, requests, perFlush, ref id, RoundRequests);
            if (responder.Answered == RoundRequests && responder.OffThread == 0)
            {
                return;
            }

            Assert.True(waited.Elapsed < Bound, $"The session never answered a round of {RoundRequests} requests wholly on the test thread (last: {responder.Answered} answered, {responder.OffThread} off the thread; {server.ActiveStreamCount} streams active, close reason {server.CloseReason?.ToString() ?? "none"}).");
        }
    }

    /// <summary>Writes the requests into the pipe, <paramref name="perFlush"/> per flush (the session runs inline on the flush), and drains what it answered.</summary>
    private static long RunRequests(PipeWriter input, PipeReader output, byte[] requests, int perFlush, ref uint id, int count)
    {
        long written = 0;
        for (int sent = 0; sent < count; sent += perFlush)
        {
            SteadyStateLoad.Renumber(requests, perFlush, ref id);
            Flush(input, requests);
            if (output.TryRead(out ReadResult result))
            {
                written += result.Buffer.Length;
                output.AdvanceTo(result.Buffer.End);
            }
        }

        return written;
    }

    /// <summary>Writes <paramref name="bytes"/> and flushes; the input pipe has no back-pressure, so the flush never waits.</summary>
    private static void Flush(PipeWriter input, byte[] bytes)
    {
        input.Write(bytes);
        ValueTask<FlushResult> flush = input.FlushAsync();
        Assert.True(flush.IsCompletedSuccessfully, "the flush waited");
        _ = flush.Result;
    }

    /// <summary>Reads the session's output until the PING ACK, each read a bounded blocking wait (this thread has no context to resume on).</summary>
    private static void ReadUntilPingAck(PipeReader output)
    {
        while (true)
        {
            ReadResult result = output.ReadAsync().AsTask().Within(Bound).GetAwaiter().GetResult();
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
