using System;
using System.Linq;
using System.Text;
using System.Threading.Tasks;
using Ht2.Conformance.Tests.Harness;

namespace Ht2.Conformance.Tests.Defences;

/// <summary>
/// HPACK bomb (RFC 7541 §7.3, RFC 9113 §10.5.1): one large dynamic-table entry referenced many times per header block,
/// block after block. Decoding stops at the advertised SETTINGS_MAX_HEADER_LIST_SIZE: each such request is answered
/// 431 (docs/session.md), the dynamic table stays in step, and the server's memory stays bounded.
/// </summary>
public sealed class HpackBombDefenceTests(ServerFixture server) : DefenceTest(server)
{
    /// <summary>Bytes of the entry's value: with its name and 32 octets of overhead it fills the 4,096-octet table.</summary>
    private const int EntryValueBytes = 4_000;

    /// <summary>References to the entry per block: one octet each on the wire, about 4 MB each if decoded in full.</summary>
    private const int ReferencesPerBlock = 1_000;

    /// <summary>Bomb requests on the connection: about 8 GB of fields if nothing stopped the decoding.</summary>
    private const int Bombs = 2_000;

    /// <summary>The first index of the dynamic table (RFC 7541 §2.3.3): the entry the first request inserted.</summary>
    private const int EntryIndex = 62;

    private static uint Id(int i) => (uint)((2 * i) + 3);

    [Fact]
    public async Task Header_blocks_referencing_a_large_entry_many_times_get_431_each_with_bounded_memory()
    {
        long baseline = DefenceMemory.ManagedBytes();
        await using RawConnection attacker = await OpenAsync();
        attacker.ExpectationDeadline = ReactionDeadline;

        // Stream 1 inserts the entry ("x-bomb", 4,000 octets: 4,038 of the table) within every limit.
        await attacker.SendAsync(Frames.Headers(1, new HeaderBlock().GetRequest().Incremental("x-bomb", new string('a', EntryValueBytes)).ToArray()));
        await attacker.ExpectCompleteResponseAsync(1);

        HeaderBlock bomb = new HeaderBlock().GetRequest();
        for (int r = 0; r < ReferencesPerBlock; r++)
        {
            bomb.Indexed(EntryIndex);
        }

        byte[] block = bomb.ToArray();
        Task answers = ExpectEach431Async(attacker);
        await Flood.SendAsync(attacker, Bombs, i => Frames.Headers(Id(i), block));
        await AssertFreshRequestSucceedsAsync("during the attack");
        AssertMemoryBounded(baseline);
        await answers;

        // The decoder kept the dynamic table in step: one reference to the entry is a request within the limit.
        uint last = Id(Bombs);
        await attacker.SendAsync(Frames.Headers(last, new HeaderBlock().GetRequest().Indexed(EntryIndex).ToArray()));
        await attacker.ExpectCompleteResponseAsync(last);
        await attacker.ExpectHealthyAsync();
        await AssertFreshRequestSucceedsAsync("after the attack");
    }

    /// <summary>Every bomb stream gets a response whose status is the literal 431 (static name index 8, raw "431").</summary>
    private static async Task ExpectEach431Async(RawConnection attacker)
    {
        byte[] status431 = Encoding.ASCII.GetBytes("431");
        for (int i = 0; i < Bombs; i++)
        {
            Frame response = await attacker.ExpectResponseAsync(Id(i));
            Assert.True(
                response.Payload.AsSpan().IndexOf(status431) >= 0 && !ResponseBlock.IsStatus200(response),
                $"Stream {Id(i)} was answered without a 431: {response}.");
        }
    }
}
