using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Ht2.Conformance.Tests.Harness;

namespace Ht2.Conformance.Tests.Defences;

/// <summary>
/// Many clients that stop reading while the server has responses, RST_STREAM and GOAWAY queued for them: no send
/// may block a thread-pool thread, so a fresh request on a new connection is answered while all of them are stalled.
/// The server runs in this process, so its thread pool is the one measured here.
/// </summary>
public sealed class StalledReadersDefenceTests(LargeBodyServerFixture server) : DefenceTest(server), IClassFixture<LargeBodyServerFixture>
{
    /// <summary>Stalled connections: the number that starved the thread pool of a server with blocking sends.</summary>
    private const int Connections = 40;

    /// <summary>Requests per stalled connection, each for a 1 MiB response the client never reads.</summary>
    private const int Requests_ = 20;

    /// <summary>Work items the thread pool may have waiting while the stalled connections sit there.</summary>
    private const long PendingWorkBound = 1_000;

    /// <summary>The most managed memory all stalled connections together may cost the server.</summary>
    private const long StalledMemoryBound = 128L * 1024 * 1024;

    [Fact]
    public async Task Forty_stalled_readers_with_queued_responses_resets_and_GOAWAYs_block_no_thread()
    {
        long baseline = DefenceMemory.ManagedBytes();
        List<RawConnection> stalled = [];
        try
        {
            for (int c = 0; c < Connections; c++)
            {
                RawConnection attacker = await OpenAsync((SettingId.InitialWindowSize, 0x7FFF_FFFF));
                stalled.Add(attacker);
                await attacker.SendAsync(
                    [Frames.WindowUpdate(0, 0x7FFF_FFFF - 65_535), .. Enumerable.Range(0, Requests_).Select(i => Frames.Headers((uint)((2 * i) + 1), Requests.Get))]);

                // A WINDOW_UPDATE of 0 on a stream is a stream PROTOCOL_ERROR (§6.9): a RST_STREAM joins the queue.
                // Every other connection also sends one on an idle stream, a connection PROTOCOL_ERROR: a GOAWAY joins it.
                await attacker.SendAsync(Frames.WindowUpdate(1, 0));
                if (c % 2 == 0)
                {
                    await attacker.SendAsync(Frames.WindowUpdate((uint)((2 * Requests_) + 101), 1));
                }
            }

            // Every stalled connection's frames were sent before this request's; the server is served all the same.
            await AssertFreshRequestSucceedsAsync($"while {Connections} clients do not read");
            long pending = ThreadPool.PendingWorkItemCount;
            Assert.True(pending < PendingWorkBound, $"{pending} work items wait in the thread pool while {Connections} clients do not read; the bound is {PendingWorkBound}.");

            long grown = DefenceMemory.ManagedBytes() - baseline;
            Assert.True(grown < StalledMemoryBound, $"Managed memory grew by {grown / (1024 * 1024)} MiB with {Connections} stalled clients; the bound is {StalledMemoryBound / (1024 * 1024)} MiB.");
            await AssertFreshRequestSucceedsAsync($"a second time while {Connections} clients do not read");
        }
        finally
        {
            foreach (RawConnection attacker in stalled)
            {
                await attacker.DisposeAsync();
            }
        }

        await AssertFreshRequestSucceedsAsync("after the stalled clients left");
    }
}
