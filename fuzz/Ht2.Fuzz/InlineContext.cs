using System.Collections.Generic;
using System.Threading;

namespace Ht2.Fuzz;

/// <summary>
/// A synchronization context pumped by the thread that runs the input: work the session posts to it (its read loop
/// yields once before it starts) runs on that thread, between the target's sends, instead of on the thread pool.
/// The session then runs on one thread, so an input takes the same path every time and costs no thread hand-offs.
/// </summary>
public sealed class InlineContext : SynchronizationContext
{
    private readonly Queue<(SendOrPostCallback Callback, object? State)> _queue = new();

    /// <inheritdoc />
    public override void Post(SendOrPostCallback d, object? state)
    {
        lock (_queue)
        {
            _queue.Enqueue((d, state));
        }
    }

    /// <summary>Runs everything posted so far, and what that posts, until the queue is empty.</summary>
    public void Pump()
    {
        while (true)
        {
            (SendOrPostCallback Callback, object? State) item;
            lock (_queue)
            {
                if (!_queue.TryDequeue(out item))
                {
                    return;
                }
            }

            item.Callback(item.State);
        }
    }
}
