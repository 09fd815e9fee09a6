using System.Collections.Generic;
using System.Linq;
using System.Threading.Tasks;
using Ht2.Conformance.Tests.Harness;

namespace Ht2.Conformance.Tests.Defences;

/// <summary>
/// A client that opens as many streams as allowed, with huge flow-control windows, and never reads: the server's
/// memory stays bounded (a bounded outbound queue), and other connections are served. The drop after the write-stall
/// timeout is <see cref="WriteStallDefenceTests"/>'s case.
/// </summary>
[Collection(DefenceCollection.Name)]
public sealed class SlowReaderDefenceTests(LargeBodyServerFixture server) : IClassFixture<LargeBodyServerFixture>
{
    private const long MemoryBound = 64L * 1024 * 1024;

    [Fact]
    public async Task Client_that_opens_streams_and_never_reads_costs_bounded_memory()
    {
        long baseline = DefenceMemory.ManagedBytes();
        await using RawConnection attacker = await RawConnection.OpenAsync(server.Port, (SettingId.InitialWindowSize, 0x7FFF_FFFF));
        uint streams = attacker.ServerSettings.GetValueOrDefault(SettingId.MaxConcurrentStreams, 100u);
        await attacker.SendAsync(Frames.WindowUpdate(0, 0x7FFF_FFFF - 65_535));
        await attacker.SendAsync(Enumerable.Range(0, (int)streams).Select(i => Frames.Headers((uint)((2 * i) + 1), Requests.Get)).ToArray());

        // A fresh connection is served while the attacker's responses are stuck (1 MiB each, nowhere to go).
        await using (RawConnection fresh = await RawConnection.OpenAsync(server.Port))
        {
            await fresh.SendAsync(Frames.Headers(1, Requests.Get));
            await fresh.ExpectResponseAsync(1);
        }

        long grown = DefenceMemory.ManagedBytes() - baseline;
        Assert.True(grown < MemoryBound, $"Managed memory grew by {grown / (1024 * 1024)} MiB with {streams} unread 1 MiB responses; the bound is {MemoryBound / (1024 * 1024)} MiB.");
    }
}
