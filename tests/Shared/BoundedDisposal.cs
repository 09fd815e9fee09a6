using System;
using System.Runtime.CompilerServices;
using System.Threading.Tasks;

namespace Ht2.Testing;

/// <summary>
/// Disposes <c>target</c> within the wait breaker's bound: <c>await using var _ = session.DisposedWithin(bound);</c>.
/// A session's disposal writes its final GOAWAY, so in a broken build it can wait for the session's write stall
/// timeout (30 s) after the test has already failed. While the breaker has not tripped, a disposal that runs out fails
/// the test like any bounded wait. Once it has tripped (the run has failed), a disposal that runs out its short bound
/// is left to finish in the background without a failure of its own: it would only hide the test's own failure.
/// </summary>
internal readonly struct BoundedDisposal(IAsyncDisposable target, TimeSpan normal, string what) : IAsyncDisposable
{
    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        Task disposal = target.DisposeAsync().AsTask();
        TimeSpan bound = WaitBreaker.Bound(normal);
        if (bound == normal)
        {
            await disposal.Within(normal, what: $"the disposal of {what}").ConfigureAwait(false);
            return;
        }

        if (await Task.WhenAny(disposal, Task.Delay(bound)).ConfigureAwait(false) == disposal)
        {
            await disposal.ConfigureAwait(false);
        }
    }
}

/// <summary>Creates <see cref="BoundedDisposal"/>s.</summary>
internal static class BoundedDisposals
{
    /// <summary>Disposes <paramref name="target"/> within the breaker's bound for <paramref name="normal"/> (see <see cref="BoundedDisposal"/>).</summary>
    public static BoundedDisposal DisposedWithin(this IAsyncDisposable target, TimeSpan normal, [CallerArgumentExpression(nameof(target))] string what = "")
        => new(target, normal, what);
}
