using System;
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

    [Theory]
    [InlineData(1, false)]
    [InlineData(16, false)]
    [InlineData(16, true)]
    public async Task Hundred_thousand_requests_allocate_zero_bytes_per_request(int requestsPerRead, bool withRequestBody)
    {
        SteadyStateLoad.Responder responder = new();
        await using SessionHarness h = await SessionHarness.StartServerAsync(
            new Ht2SessionOptions { IdleTimeout = Timeout.InfiniteTimeSpan, MaxConcurrentStreams = 100 }, handler: responder);
        h.Send(Wire.WindowUpdate(0, 0x7FFF_FFFF - 65_535));
        await h.SyncAsync();

        byte[] input = SteadyStateLoad.Pipelined(requestsPerRead, withRequestBody);
        uint id = 1;
        Drive(h, input, requestsPerRead, ref id, 4_000);
        responder.Watch(Environment.CurrentManagedThreadId);
        long written = 0, processAllocated = 0;
        long[] rounds = AllocationRounds.UntilNothingAllocated(() =>
        {
            long processBefore = GC.GetTotalAllocatedBytes(precise: true);
            written = Drive(h, input, requestsPerRead, ref id, Requests);
            processAllocated = GC.GetTotalAllocatedBytes(precise: true) - processBefore;
        }, maxRounds: 3);
        long threadAllocated = rounds[^1];

        output.WriteLine($"{requestsPerRead} per read, request body {withRequestBody}: rounds of {Requests} requests allocated {string.Join(", ", rounds)} B on the session's thread; last round {processAllocated} B process-wide");
        Assert.Equal(Requests * rounds.Length, responder.Answered);
        Assert.Equal(0, responder.OffThread);
        Assert.True(written >= Requests * (long)SteadyStateLoad.MinResponseBytes, $"The session wrote only {written} bytes.");
        // The session's read loop, handler and writer all ran on this thread (OffThread is 0), so this is the whole
        // of its work. The process-wide figure is printed, not asserted: other threads of the test host (the runner's
        // reporting, loops and timers left by earlier tests) allocate kilobytes to megabytes meanwhile.
        Assert.Equal(0, threadAllocated);
        Assert.Equal(0, h.Session.ActiveStreamCount);
    }

    /// <summary>Sends <paramref name="total"/> requests in reads of <paramref name="perRead"/>, renumbering the streams in place.</summary>
    private static long Drive(SessionHarness h, byte[] input, int perRead, ref uint id, int total)
    {
        long written = 0;
        for (int sent = 0; sent < total; sent += perRead)
        {
            SteadyStateLoad.Renumber(input, perRead, ref id);
            h.Transport.Send(input);
            written += h.Transport.DiscardOutput();
        }

        return written;
    }
}
