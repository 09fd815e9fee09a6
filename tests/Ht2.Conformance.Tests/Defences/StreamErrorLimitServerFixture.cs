using Ht2.Conformance.Tests.Harness;
using Ht2.H2cServer;

namespace Ht2.Conformance.Tests.Defences;

/// <summary>
/// A server whose MadeYouReset rate limit is out of reach, so the cap on stream errors over a connection's life
/// (<see cref="Ht2SessionOptions.MaxStreamErrors"/>, default 1,024) is what a slow trickle of malformed requests meets.
/// </summary>
public sealed class StreamErrorLimitServerFixture : ServerFixture
{
    protected override H2cServerOptions Options => new()
    {
        Session = new Ht2SessionOptions { LocalResets = new RateLimit(1_000_000, 1_000_000) },
    };
}
