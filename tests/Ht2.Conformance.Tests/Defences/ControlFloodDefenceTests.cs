using System.Threading.Tasks;
using Ht2.Conformance.Tests.Harness;

namespace Ht2.Conformance.Tests.Defences;

/// <summary>
/// Floods of cheap frames (CVE-2019-9512, -9515, -9518 and the 2024 CONTINUATION floods): each must end in GOAWAY
/// (ENHANCE_YOUR_CALM, or PROTOCOL_ERROR for the CONTINUATION cap) and a close, with bounded memory.
/// </summary>
public sealed class ControlFloodDefenceTests(ServerFixture server) : DefenceTest(server)
{
    /// <summary>Frames per flood: 1.3–1.7 MB on the wire, far beyond any sane peer's need.</summary>
    private const int Frames_ = 100_000;

    [Fact]
    public Task PING_flood_without_reading_gets_GOAWAY_ENHANCE_YOUR_CALM() =>
        // The attacker never reads the ACKs while it floods: the server must cap what it queues, not buffer them all.
        AttackAsync(Frames_, i => Frames.Ping([(byte)i, 0, 0, 0, 0, 0, 0, 0]), readWhileSending: false, ErrorCode.EnhanceYourCalm);

    [Fact]
    public Task SETTINGS_flood_without_reading_gets_GOAWAY_ENHANCE_YOUR_CALM() =>
        AttackAsync(Frames_, _ => Frames.Settings(), readWhileSending: false, ErrorCode.EnhanceYourCalm);

    [Fact]
    public Task Empty_DATA_flood_gets_GOAWAY_ENHANCE_YOUR_CALM() =>
        AttackAsync(Frames_, i => i == 0 ? [.. Frames.Headers(1, Requests.Post, endStream: false), .. Frames.Data(1, 0)] : Frames.Data(1, 0), readWhileSending: true, ErrorCode.EnhanceYourCalm);

    [Fact]
    public Task Empty_CONTINUATION_flood_gets_GOAWAY() =>
        // A field block that never ends: a count cap (ENHANCE_YOUR_CALM) or a PROTOCOL_ERROR both stop it.
        AttackAsync(
            Frames_,
            i => i == 0 ? Frames.Headers(1, Requests.Get, endHeaders: false) : Frames.Continuation(1, [], endHeaders: false),
            readWhileSending: true,
            ErrorCode.EnhanceYourCalm,
            ErrorCode.ProtocolError);

    [Fact]
    public Task WINDOW_UPDATE_flood_gets_GOAWAY_ENHANCE_YOUR_CALM() =>
        AttackAsync(Frames_, _ => Frames.WindowUpdate(0, 1), readWhileSending: true, ErrorCode.EnhanceYourCalm);

    [Fact]
    public Task PRIORITY_flood_on_idle_streams_gets_GOAWAY_ENHANCE_YOUR_CALM() =>
        AttackAsync(Frames_, i => Frames.Priority((uint)((2 * i) + 1), 0, 15), readWhileSending: true, ErrorCode.EnhanceYourCalm);
}
