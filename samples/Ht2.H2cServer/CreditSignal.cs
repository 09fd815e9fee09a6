using System.Threading;
using System.Threading.Tasks;

namespace Ht2.H2cServer;

/// <summary>
/// Wakes padded-DATA senders when the read loop applied flow-control credit (WINDOW_UPDATE or SETTINGS). A sender
/// takes <see cref="Next"/> BEFORE it looks at the windows, so credit that arrives in between is never missed.
/// </summary>
internal sealed class CreditSignal
{
    private TaskCompletionSource _next = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>Completes at the next <see cref="Pulse"/>.</summary>
    public Task Next => Volatile.Read(ref _next).Task;

    /// <summary>Completes the current task and arms a fresh one.</summary>
    public void Pulse()
    {
        TaskCompletionSource fired = Interlocked.Exchange(ref _next, new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously));
        fired.TrySetResult();
    }
}
