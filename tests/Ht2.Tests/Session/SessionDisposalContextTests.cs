using System;
using System.Threading.Tasks;

namespace Ht2.Tests.Session;

/// <summary>
/// <see cref="Ht2Session.DisposeAsync"/> called on a thread with a <see cref="System.Threading.SynchronizationContext"/>
/// (a UI thread, say) does not resume on that context while it waits for the session's end: a caller that blocks the
/// context on the returned task would never see it complete.
/// </summary>
public sealed class SessionDisposalContextTests
{
    [Fact]
    public async Task DisposeAsync_waits_for_the_session_without_posting_to_the_callers_context()
    {
        await using SessionHarness h = await SessionHarness.StartServerAsync();

        // The final GOAWAY's write is held, so the session has not ended when DisposeAsync starts waiting for it.
        TaskCompletionSource gate = new(TaskCreationOptions.RunContinuationsAsynchronously);
        h.Transport.FlushGate = gate.Task;
        RecordingContext context = new();
        Task disposal = context.StartUnder(() => h.Session.DisposeAsync().AsTask());
        Assert.False(disposal.IsCompleted);
        gate.SetResult();
        await disposal.Within(TimeSpan.FromSeconds(10));
        Assert.Equal(0, context.Posts);
        WireFrame goAway = await h.ExpectAsync(WireFrame.GoAway);
        Assert.Equal((uint)Http2ErrorCode.NoError, goAway.ErrorCode);
    }
}
