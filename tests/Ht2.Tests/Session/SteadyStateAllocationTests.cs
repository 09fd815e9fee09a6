using System;
using System.Buffers.Binary;
using System.Threading;
using System.Threading.Tasks;
using Xunit.Abstractions;

namespace Ht2.Tests.Session;

/// <summary>Runs alone, so the process-wide allocation counter sees only the session under test.</summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class SteadyStateCollection
{
    public const string Name = "Steady-state allocation (process-wide counter)";
}

/// <summary>
/// 100,000 requests through a server session over an in-memory transport, answered like the sample server does
/// (field list encoded by the session, then a body), with several requests per read the way h2load pipelines them.
/// Two counters: the calling thread's (the session's read loop, handler and writer all run inline on it, which the
/// handler checks) and the whole process's, which would also catch work that escaped to another thread.
/// </summary>
[Collection(SteadyStateCollection.Name)]
public sealed class SteadyStateAllocationTests(ITestOutputHelper output)
{
    private const int Requests = 100_000;
    private static readonly byte[] Body = new byte[1024];

    private static readonly Ht2Field[] Fields =
        [new(":status"u8.ToArray(), "200"u8.ToArray()), new("content-length"u8.ToArray(), "1024"u8.ToArray()), new("server"u8.ToArray(), "ht2"u8.ToArray())];

    [Theory]
    [InlineData(1, false)]
    [InlineData(16, false)]
    [InlineData(16, true)]
    public async Task Hundred_thousand_requests_allocate_zero_bytes_per_request(int requestsPerRead, bool withRequestBody)
    {
        Responder responder = new();
        await using SessionHarness h = await SessionHarness.StartServerAsync(
            new Ht2SessionOptions { IdleTimeout = Timeout.InfiniteTimeSpan, MaxConcurrentStreams = 100 }, handler: responder);
        h.Send(Wire.WindowUpdate(0, 0x7FFF_FFFF - 65_535));
        await h.SyncAsync();

        byte[] input = Pipelined(requestsPerRead, withRequestBody);
        uint id = 1;
        Drive(h, input, requestsPerRead, ref id, 4_000);
        responder.Watch(Environment.CurrentManagedThreadId);

        long threadBefore = GC.GetAllocatedBytesForCurrentThread();
        long processBefore = GC.GetTotalAllocatedBytes(precise: true);
        long written = Drive(h, input, requestsPerRead, ref id, Requests);
        long processAllocated = GC.GetTotalAllocatedBytes(precise: true) - processBefore;
        long threadAllocated = GC.GetAllocatedBytesForCurrentThread() - threadBefore;

        output.WriteLine($"{requestsPerRead} per read, request body {withRequestBody}: {threadAllocated} B on the session's thread, {processAllocated} B process-wide over {Requests} requests");
        Assert.Equal(Requests, responder.Answered);
        Assert.Equal(0, responder.OffThread);
        Assert.True(written >= Requests * (long)(9 + 9 + Body.Length), $"The session wrote only {written} bytes.");
        // The session's read loop, handler and writer all ran on this thread (OffThread is 0), so this is the whole
        // of its work. The process-wide figure is printed, not asserted: other threads of the test host (the runner's
        // reporting, loops and timers left by earlier tests) allocate kilobytes to megabytes meanwhile.
        Assert.Equal(0, threadAllocated);
        Assert.Equal(0, h.Session.ActiveStreamCount);
    }

    /// <summary>One read's worth of requests: HEADERS (GET, END_STREAM) or HEADERS + 1 KiB DATA (POST).</summary>
    private static byte[] Pipelined(int count, bool withRequestBody)
    {
        byte[] one = withRequestBody
            ? Wire.Concat(Wire.Headers(1, Wire.PostBlock, endStream: false), Wire.Data(1, 1024, endStream: true))
            : Wire.Headers(1, Wire.GetBlock, endStream: true);
        byte[] all = new byte[one.Length * count];
        for (int i = 0; i < count; i++)
        {
            one.CopyTo(all, i * one.Length);
        }

        return all;
    }

    /// <summary>Sends <paramref name="total"/> requests in reads of <paramref name="perRead"/>, renumbering the streams in place.</summary>
    private static long Drive(SessionHarness h, byte[] input, int perRead, ref uint id, int total)
    {
        int frameBytes = input.Length / perRead;
        bool hasData = frameBytes > 9 + Wire.GetBlock.Length;
        long written = 0;
        for (int sent = 0; sent < total; sent += perRead)
        {
            for (int i = 0; i < perRead; i++)
            {
                Span<byte> request = input.AsSpan(i * frameBytes, frameBytes);
                BinaryPrimitives.WriteUInt32BigEndian(request.Slice(5), id);
                if (hasData)
                {
                    BinaryPrimitives.WriteUInt32BigEndian(request.Slice(9 + Wire.PostBlock.Length + 5), id);
                }

                id += 2;
            }

            h.Transport.Send(input);
            written += h.Transport.DiscardOutput();
        }

        return written;
    }

    /// <summary>Answers like the sample server; counts answers and any that ran away from the measuring thread.</summary>
    private sealed class Responder : Ht2SessionHandler
    {
        private int _thread;

        public int Answered { get; private set; }

        public int OffThread { get; private set; }

        public void Watch(int thread)
        {
            _thread = thread;
            Answered = 0;
        }

        public override void OnRequest(Ht2Stream stream, Ht2Headers headers, bool endStream)
        {
            Answered++;
            if (_thread != 0 && Environment.CurrentManagedThreadId != _thread)
            {
                OffThread++;
            }

            stream.SendHeaders(Fields, endStream: false);
            _ = stream.SendDataAsync(Body, endStream: true);
        }
    }
}
