using System.Threading.Tasks;
using Ht2.Conformance.Tests.Harness;

namespace Ht2.Conformance.Tests.Defences;

/// <summary>
/// Stream errors per connection: a peer that provokes them more slowly than the MadeYouReset rate still meets the
/// cap over the connection's life (1,024 by default), answered with GOAWAY ENHANCE_YOUR_CALM.
/// </summary>
public sealed class StreamErrorLimitDefenceTests(StreamErrorLimitServerFixture server) : DefenceTest(server), IClassFixture<StreamErrorLimitServerFixture>
{
    /// <summary>The engine's default <c>MaxStreamErrors</c>.</summary>
    private const int Limit = 1_024;

    [Fact]
    public async Task Stream_errors_up_to_the_limit_are_stream_errors_and_the_next_one_gets_GOAWAY_ENHANCE_YOUR_CALM()
    {
        await using RawConnection attacker = await OpenAsync();
        attacker.ExpectationDeadline = ReactionDeadline;

        // Up to the limit, each malformed request (an uppercase field name, §8.2.1) is a stream PROTOCOL_ERROR.
        byte[] Malformed(uint id) => Frames.Headers(id, Requests.MalformedGet);
        await Flood.SendAsync(attacker, Limit, i => Malformed((uint)((2 * i) + 1)));
        for (int i = 0; i < Limit; i++)
        {
            await attacker.ExpectRstStreamAsync((uint)((2 * i) + 1), ErrorCode.ProtocolError);
        }

        await attacker.ExpectHealthyAsync();
        await AssertFreshRequestSucceedsAsync("at the limit");

        await attacker.SendAsync(Malformed((2 * Limit) + 1));
        await attacker.ExpectConnectionErrorAsync(ErrorCode.EnhanceYourCalm);
        await AssertFreshRequestSucceedsAsync("after the attack");
    }
}
