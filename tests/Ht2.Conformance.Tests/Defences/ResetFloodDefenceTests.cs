using System.Threading.Tasks;
using Ht2.Conformance.Tests.Harness;

namespace Ht2.Conformance.Tests.Defences;

/// <summary>
/// Rapid Reset (CVE-2023-44487): the client opens streams and resets them at once. MadeYouReset (CVE-2025-8671): the
/// client sends frames that make the server reset its streams. Both must end in GOAWAY ENHANCE_YOUR_CALM.
/// </summary>
public sealed class ResetFloodDefenceTests(ServerFixture server) : DefenceTest(server)
{
    /// <summary>Pairs or triples sent: several times nghttpd's threshold (about 2,100 pairs), small enough to be quick.</summary>
    private const int Streams = 20_000;

    private static uint Id(int i) => (uint)((2 * i) + 1);

    [Fact]
    public Task Rapid_Reset_HEADERS_and_RST_STREAM_pairs_get_GOAWAY_ENHANCE_YOUR_CALM() =>
        AttackAsync(Streams, i => [.. Frames.Headers(Id(i), Requests.Get), .. Frames.RstStream(Id(i), ErrorCode.Cancel)], readWhileSending: true, ErrorCode.EnhanceYourCalm);

    [Fact]
    public Task Rapid_Reset_without_reading_gets_GOAWAY_ENHANCE_YOUR_CALM() =>
        // The attacker also leaves every response unread: the work the server starts must stay bounded.
        AttackAsync(Streams, i => [.. Frames.Headers(Id(i), Requests.Get), .. Frames.RstStream(Id(i), ErrorCode.Cancel)], readWhileSending: false, ErrorCode.EnhanceYourCalm);

    [Fact]
    public Task MadeYouReset_WINDOW_UPDATE_overflow_on_each_stream_gets_GOAWAY_ENHANCE_YOUR_CALM() =>
        // Each stream's send window (65535) + 2^31-1 overflows: the server must reset it with FLOW_CONTROL_ERROR.
        AttackAsync(Streams, i => [.. Frames.Headers(Id(i), Requests.Get), .. Frames.WindowUpdate(Id(i), 0x7FFF_FFFF)], readWhileSending: true, ErrorCode.EnhanceYourCalm);

    [Fact]
    public Task MadeYouReset_WINDOW_UPDATE_of_0_on_each_stream_gets_GOAWAY_ENHANCE_YOUR_CALM() =>
        AttackAsync(Streams, i => [.. Frames.Headers(Id(i), Requests.Get), .. Frames.WindowUpdate(Id(i), 0)], readWhileSending: true, ErrorCode.EnhanceYourCalm);

    [Fact]
    public Task MadeYouReset_DATA_on_each_half_closed_stream_gets_GOAWAY_ENHANCE_YOUR_CALM() =>
        // The request ended with END_STREAM; DATA after it is a stream error STREAM_CLOSED the server must answer.
        AttackAsync(Streams, i => [.. Frames.Headers(Id(i), Requests.Get), .. Frames.Data(Id(i), 1)], readWhileSending: true, ErrorCode.EnhanceYourCalm);

    [Fact]
    public Task MadeYouReset_malformed_request_on_each_stream_gets_GOAWAY_ENHANCE_YOUR_CALM() =>
        // An uppercase field name makes the request malformed (§8.2.1): a stream PROTOCOL_ERROR for each.
        AttackAsync(Streams, i => Frames.Headers(Id(i), Requests.MalformedGet), readWhileSending: true, ErrorCode.EnhanceYourCalm);

    [Fact]
    public Task MadeYouReset_PRIORITY_self_dependency_on_each_open_stream_gets_GOAWAY_ENHANCE_YOUR_CALM() =>
        // A stream made to depend on itself is a stream PROTOCOL_ERROR (§5.3.1): the open POST streams are reset.
        AttackAsync(Streams, i => [.. Frames.Headers(Id(i), Requests.Post, endStream: false), .. Frames.Priority(Id(i), Id(i), 15)], readWhileSending: true, ErrorCode.EnhanceYourCalm);
}
