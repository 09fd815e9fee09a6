using System;
using System.Threading.Tasks;
using Ht2.Conformance.Tests.Harness;

namespace Ht2.Conformance.Tests.Defences;

/// <summary>
/// One attack against the server: the attacker's connection must end with GOAWAY (ENHANCE_YOUR_CALM or the RFC code)
/// and a close; a fresh request on another connection must succeed during and after the attack; the process's
/// managed memory, measured after a forced GC while the attacker is still connected, must stay under
/// <see cref="MemoryBound"/>.
/// </summary>
[Collection(DefenceCollection.Name)]
public abstract class DefenceTest(ServerFixture server) : ConformanceTest(server)
{
    /// <summary>The most managed memory one attacking connection may cost the server.</summary>
    protected const long MemoryBound = 64L * 1024 * 1024;

    /// <summary>How long the attacker waits for the server's reaction once the flood is sent.</summary>
    protected static readonly TimeSpan ReactionDeadline = TimeSpan.FromSeconds(10);

    /// <summary>
    /// Runs the attack: <paramref name="count"/> units from <paramref name="unit"/> on one connection. With
    /// <paramref name="readWhileSending"/> the attacker reads (and answers) while it floods; without, it reads only
    /// after the flood and the checks.
    /// </summary>
    protected async Task AttackAsync(int count, Func<int, byte[]> unit, bool readWhileSending, params ErrorCode[] codes)
    {
        long baseline = DefenceMemory.ManagedBytes();
        await using RawConnection attacker = await OpenAsync();
        attacker.ExpectationDeadline = ReactionDeadline;
        Task<Frame>? reaction = readWhileSending ? attacker.ExpectConnectionErrorAsync(codes) : null;

        await Flood.SendAsync(attacker, count, unit);
        await AssertFreshRequestSucceedsAsync("during the attack");
        AssertMemoryBounded(baseline);

        await (reaction ?? attacker.ExpectConnectionErrorAsync(codes));
        await AssertFreshRequestSucceedsAsync("after the attack");
    }

    /// <summary>A new connection's GET gets a whole response (its windows are wide enough for any response body).</summary>
    protected async Task AssertFreshRequestSucceedsAsync(string when)
    {
        try
        {
            await using RawConnection fresh = await OpenAsync((SettingId.InitialWindowSize, 0x7FFF_FFFF));
            await fresh.SendAsync(Frames.WindowUpdate(0, 0x7FFF_FFFF - 65_535), Frames.Headers(1, Requests.Get));
            await fresh.ExpectCompleteResponseAsync(1);
        }
        catch (Exception e) when (e is not Xunit.Sdk.XunitException)
        {
            Assert.Fail($"A fresh request {when} failed: {e.GetType().Name}: {e.Message}");
        }
    }

    /// <summary>Managed memory now, less <paramref name="baseline"/>, is within <see cref="MemoryBound"/>.</summary>
    protected static void AssertMemoryBounded(long baseline)
    {
        long grown = DefenceMemory.ManagedBytes() - baseline;
        Assert.True(grown < MemoryBound, $"Managed memory grew by {grown / (1024 * 1024)} MiB during the attack; the bound is {MemoryBound / (1024 * 1024)} MiB.");
    }
}
