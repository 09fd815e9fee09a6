using System.Linq;
using System.Threading.Tasks;
using Ht2.Conformance.Tests.Harness;

namespace Ht2.Conformance.Tests.Defences;

/// <summary>
/// WINDOW_UPDATE on stream ids never opened (RFC 9113 §5.1: idle): the first one is a connection PROTOCOL_ERROR, so
/// no send window is ever created for an idle id. Many connections sending thousands of them each cost the server
/// bounded memory and leave it serving others.
/// </summary>
public sealed class IdleWindowUpdateDefenceTests(ServerFixture server) : DefenceTest(server)
{
    /// <summary>Attacking connections, all open at once.</summary>
    private const int Connections = 50;

    /// <summary>WINDOW_UPDATE frames per connection, each on a different idle odd id (13 bytes each on the wire).</summary>
    private const int FramesPerConnection = 2_000;

    [Fact]
    public async Task WINDOW_UPDATE_on_idle_streams_gets_GOAWAY_PROTOCOL_ERROR_on_every_connection_with_bounded_memory()
    {
        long baseline = DefenceMemory.ManagedBytes();
        RawConnection[] attackers = await Task.WhenAll(Enumerable.Range(0, Connections).Select(_ => OpenAsync()));
        try
        {
            Task<Frame>[] reactions = attackers.Select(a =>
            {
                a.ExpectationDeadline = ReactionDeadline;
                return a.ExpectConnectionErrorAsync(ErrorCode.ProtocolError);
            }).ToArray();
            await Task.WhenAll(attackers.Select(a => Flood.SendAsync(a, FramesPerConnection, i => Frames.WindowUpdate((uint)((2 * i) + 1), 1))));
            await AssertFreshRequestSucceedsAsync("during the attack");

            // No stream was ever opened: every GOAWAY names 0 as the last stream processed (§6.8).
            foreach (Frame goAway in await Task.WhenAll(reactions))
            {
                Assert.Equal(0u, goAway.LastStreamId);
            }

            AssertMemoryBounded(baseline);
        }
        finally
        {
            foreach (RawConnection attacker in attackers)
            {
                await attacker.DisposeAsync();
            }
        }

        await AssertFreshRequestSucceedsAsync("after the attack");
    }
}
