using System;
using System.Threading;

namespace Ht2.Tests;

/// <summary>
/// A <see cref="SynchronizationContext"/> that counts posts and runs them on the thread pool, so nothing waits on it:
/// a library await that resumes on the caller's context shows as a post. A stalled one never runs what is posted to
/// it, like the context of a UI thread that is blocked waiting for the very work it started.
/// </summary>
internal sealed class RecordingContext(bool stalled = false) : SynchronizationContext
{
    private int _posts;

    public int Posts => Volatile.Read(ref _posts);

    /// <summary>
    /// Starts <paramref name="start"/> with this context as the current one, then restores the old one. The test's own
    /// awaits inside <paramref name="start"/> use ConfigureAwait(false), so only the library's could post.
    /// </summary>
    public T StartUnder<T>(Func<T> start)
    {
        SynchronizationContext? previous = Current;
        SetSynchronizationContext(this);
        try
        {
            return start();
        }
        finally
        {
            SetSynchronizationContext(previous);
        }
    }

    public override void Post(SendOrPostCallback d, object? state)
    {
        Interlocked.Increment(ref _posts);
        if (!stalled)
        {
            ThreadPool.QueueUserWorkItem(_ => d(state));
        }
    }

    public override void Send(SendOrPostCallback d, object? state)
    {
        Interlocked.Increment(ref _posts);
        d(state);
    }
}
