using System;
using System.Threading;

namespace Ht2.Tests;

/// <summary>
/// A <see cref="SynchronizationContext"/> that counts posts and runs them on the thread pool, so nothing waits on it:
/// a library await that resumes on the caller's context shows as a post.
/// </summary>
internal sealed class RecordingContext : SynchronizationContext
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
        ThreadPool.QueueUserWorkItem(_ => d(state));
    }

    public override void Send(SendOrPostCallback d, object? state)
    {
        Interlocked.Increment(ref _posts);
        d(state);
    }
}
