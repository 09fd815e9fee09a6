using System;
using System.Runtime.CompilerServices;
using System.Threading;
using System.Threading.Tasks;

namespace Ht2.Testing;

/// <summary>
/// The tests' bounded waits, each through <see cref="WaitBreaker"/>: the bound is the breaker's, and a wait that runs
/// out fails the test with what it waited for and trips the breaker. A task's own failure (including its own
/// <see cref="TimeoutException"/>) passes through unchanged.
/// </summary>
internal static class BoundedWaits
{
    /// <summary>Awaits <paramref name="task"/> for at most the breaker's bound for <paramref name="normal"/>.</summary>
    public static async Task Within(this Task task, TimeSpan normal, CancellationToken cancellationToken = default, [CallerArgumentExpression(nameof(task))] string what = "")
    {
        TimeSpan bound = WaitBreaker.Bound(normal);
        try
        {
            await task.WaitAsync(bound, cancellationToken).ConfigureAwait(false);
        }
        catch (TimeoutException e) when (!task.IsCompleted)
        {
            throw new TimeoutException(WaitBreaker.RanOut(what, bound), e);
        }
    }

    /// <summary>Awaits <paramref name="task"/> for at most the breaker's bound for <paramref name="normal"/>.</summary>
    public static async Task<T> Within<T>(this Task<T> task, TimeSpan normal, CancellationToken cancellationToken = default, [CallerArgumentExpression(nameof(task))] string what = "")
    {
        await ((Task)task).Within(normal, cancellationToken, what).ConfigureAwait(false);
        return await task.ConfigureAwait(false);
    }

    /// <summary>Awaits <paramref name="task"/> for at most the breaker's bound for <paramref name="normal"/>.</summary>
    public static Task Within(this ValueTask task, TimeSpan normal, CancellationToken cancellationToken = default, [CallerArgumentExpression(nameof(task))] string what = "")
        => task.AsTask().Within(normal, cancellationToken, what);

    /// <summary>Awaits <paramref name="task"/> for at most the breaker's bound for <paramref name="normal"/>.</summary>
    public static Task<T> Within<T>(this ValueTask<T> task, TimeSpan normal, CancellationToken cancellationToken = default, [CallerArgumentExpression(nameof(task))] string what = "")
        => task.AsTask().Within(normal, cancellationToken, what);

    /// <summary>Takes <paramref name="semaphore"/> within the breaker's bound for <paramref name="normal"/>; false (and the breaker tripped) if it ran out.</summary>
    public static async Task<bool> WithinAsync(this SemaphoreSlim semaphore, TimeSpan normal, [CallerArgumentExpression(nameof(semaphore))] string what = "")
    {
        TimeSpan bound = WaitBreaker.Bound(normal);
        bool taken = await semaphore.WaitAsync(bound).ConfigureAwait(false);
        return taken || Ran(what, bound);
    }

    /// <summary>Takes <paramref name="semaphore"/> within the breaker's bound for <paramref name="normal"/>, blocking; false (and the breaker tripped) if it ran out.</summary>
    public static bool Within(this SemaphoreSlim semaphore, TimeSpan normal, [CallerArgumentExpression(nameof(semaphore))] string what = "")
    {
        TimeSpan bound = WaitBreaker.Bound(normal);
        return semaphore.Wait(bound) || Ran(what, bound);
    }

    /// <summary>Waits for <paramref name="signal"/> within the breaker's bound for <paramref name="normal"/>; false (and the breaker tripped) if it ran out.</summary>
    public static bool Within(this ManualResetEventSlim signal, TimeSpan normal, [CallerArgumentExpression(nameof(signal))] string what = "")
    {
        TimeSpan bound = WaitBreaker.Bound(normal);
        return signal.Wait(bound) || Ran(what, bound);
    }

    private static bool Ran(string what, TimeSpan bound)
    {
        _ = WaitBreaker.RanOut(what, bound);
        return false;
    }
}
