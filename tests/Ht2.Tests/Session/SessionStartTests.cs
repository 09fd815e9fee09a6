using System;
using System.Threading.Tasks;

namespace Ht2.Tests.Session;

/// <summary>A session starts once: a second start, or a refusal without a reason, is refused with a message that says why.</summary>
public sealed class SessionStartTests
{
    [Fact]
    public async Task A_second_RunAsync_is_refused_and_the_first_run_goes_on()
    {
        await using SessionHarness h = await SessionHarness.StartServerAsync();
        InvalidOperationException e = Assert.Throws<InvalidOperationException>(() => { _ = h.Session.RunAsync(); });
        Assert.Equal("The session runs already.", e.Message);
        await h.SyncAsync();
    }

    [Fact]
    public async Task RefuseAsync_without_a_reason_names_the_parameter_and_starts_nothing()
    {
        MemoryTransport transport = new();
        Ht2Session session = new(transport, Ht2SessionRole.Server, new RecordingHandler(), null, new FakeTime());
        ArgumentNullException e = Assert.Throws<ArgumentNullException>(() => { _ = session.RefuseAsync(Http2ErrorCode.InadequateSecurity, null!); });
        Assert.Equal("reason", e.ParamName);

        // Not started: a normal run still can be.
        Task run = session.RunAsync();
        await session.DisposeAsync().AsTask().Within(TimeSpan.FromSeconds(10));
        await run.Within(TimeSpan.FromSeconds(10));
    }
}
