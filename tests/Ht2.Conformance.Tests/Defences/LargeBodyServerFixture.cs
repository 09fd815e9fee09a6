using Ht2.Conformance.Tests.Harness;
using Ht2.H2cServer;

namespace Ht2.Conformance.Tests.Defences;

/// <summary>A server whose responses are 1 MiB, so a client that does not read leaves real bytes with nowhere to go.</summary>
public sealed class LargeBodyServerFixture : ServerFixture
{
    protected override H2cServerOptions Options => new() { BodyBytes = 1024 * 1024 };
}
