using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Linq;
using System.Threading.Tasks;
using Ht2.Conformance.Tests.Harness;

namespace Ht2.Conformance.Tests.Defences;

/// <summary>
/// A client that opens every allowed stream for 1 MiB responses and never reads: once the server's writes have made
/// no progress for its write-stall timeout (500 ms here), it drops the connection; other connections are served.
/// </summary>
[Collection(DefenceCollection.Name)]
public sealed class WriteStallDefenceTests(ShortTimeoutServerFixture server) : DefenceTest(server), IClassFixture<ShortTimeoutServerFixture>
{
    [Fact]
    public async Task Client_that_never_reads_is_dropped_after_the_write_stall_timeout()
    {
        await using RawConnection attacker = await RawConnection.OpenAsync(Port, (SettingId.InitialWindowSize, 0x7FFF_FFFF));
        uint streams = attacker.ServerSettings.GetValueOrDefault(SettingId.MaxConcurrentStreams, 100u);
        await attacker.SendAsync(Frames.WindowUpdate(0, 0x7FFF_FFFF - 65_535));
        await attacker.SendAsync(Enumerable.Range(0, (int)streams).Select(i => Frames.Headers((uint)((2 * i) + 1), Requests.Get)).ToArray());
        await AssertFreshRequestSucceedsAsync("while the attacker does not read");

        // Still without reading, the attacker writes frames of an unknown type, which the server reads and ignores
        // (§5.5), until a write fails: bytes that reach a connection the server has closed are answered with a TCP
        // reset. So the drop is seen without reading, which would let the stalled writes progress.
        Assert.True(await WriteUntilDroppedAsync(attacker), $"The server still read from a client that had not read for {ReactionDeadline.TotalSeconds} s.");
        attacker.ExpectationDeadline = ReactionDeadline;
        await attacker.ExpectCloseAsync();
        await AssertFreshRequestSucceedsAsync("after the attacker was dropped");
    }

    /// <summary>Writes ignorable frames until a write fails (true) or <see cref="DefenceTest.ReactionDeadline"/> passes (false).</summary>
    private static async Task<bool> WriteUntilDroppedAsync(RawConnection attacker)
    {
        byte[] ignorable = Frames.Raw(FrameKind.Unknown, 0, 0, new byte[16_000]);
        byte[] chunk = Enumerable.Repeat(ignorable, 4).SelectMany(f => f).ToArray();
        Stopwatch elapsed = Stopwatch.StartNew();
        while (elapsed.Elapsed < ReactionDeadline)
        {
            if (!await attacker.TrySendAsync(chunk))
            {
                return true;
            }
        }

        return false;
    }
}
