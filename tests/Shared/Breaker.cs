using System;
using System.Threading;

namespace Ht2.Testing;

/// <summary>
/// A circuit breaker for bounded waits. The first wait that runs out its full bound (<see cref="RanOut"/>) trips it, and
/// so does a trip elsewhere in the run; from then on every bound (<see cref="Bound"/>) is at most
/// <see cref="TrippedBound"/>. A healthy run never trips it: only a real timeout does, and that timeout already fails
/// its test. A broken build then fails the rest of its waits in half a second each, instead of one full bound (5-15 s)
/// after another, in sequence within a test class. A wait
/// whose own bound is already that short does not trip it: a test that expects silence waits that briefly.
/// </summary>
internal sealed class Breaker
{
    /// <summary>
    /// The bound of every wait once the breaker has tripped. The run has failed by then, so this bound only decides
    /// how long each later broken test takes to say so: it is enough for a wait that is not broken (a loopback
    /// handshake, a small exchange) on a loaded machine, and a wait that needs longer fails with a message that names
    /// the short bound and the first timeout. A healthy run never trips the breaker and never sees it.
    /// </summary>
    public static readonly TimeSpan TrippedBound = TimeSpan.FromMilliseconds(500);

    private readonly Lazy<bool> _disabled;
    private readonly Action<string> _tripped;
    private readonly Func<string?> _elsewhere;
    private string? _trippedBy;

    /// <param name="disabled">
    /// Asked once, at the first wait that runs out or the first trip seen elsewhere: true keeps the breaker from ever
    /// tripping.
    /// </param>
    /// <param name="tripped">Told what tripped the breaker, once.</param>
    /// <param name="elsewhere">
    /// Asked while the breaker has not tripped: what tripped the breaker of another test process of the same run, or
    /// null. Such a trip trips this breaker too: the run has failed already.
    /// </param>
    public Breaker(Func<bool> disabled, Action<string> tripped, Func<string?>? elsewhere = null)
    {
        _disabled = new Lazy<bool>(disabled, LazyThreadSafetyMode.ExecutionAndPublication);
        _tripped = tripped;
        _elsewhere = elsewhere ?? (() => null);
    }

    /// <summary>What ran out first and tripped the breaker; null while it has not tripped.</summary>
    public string? TrippedBy => Volatile.Read(ref _trippedBy);

    /// <summary>The bound a wait of <paramref name="normal"/> gets: <paramref name="normal"/>, or at most <see cref="TrippedBound"/> once tripped.</summary>
    public TimeSpan Bound(TimeSpan normal) => normal > TrippedBound && (TrippedBy is not null || TrippedElsewhere()) ? TrippedBound : normal;

    /// <summary>
    /// Records that the wait for <paramref name="what"/> ran out its whole <paramref name="bound"/>, trips the breaker
    /// (unless the bound was already short, or the breaker is disabled), and returns the message the failing test reports.
    /// </summary>
    public string RanOut(string what, TimeSpan bound)
    {
        string message = $"The wait for {what} ran out its {bound.TotalSeconds} s bound.";
        string? first = TrippedBy;
        if (first is not null)
        {
            return $"{message} (A short bound: the wait breaker had tripped on: {first})";
        }

        if (bound > TrippedBound && !_disabled.Value && Interlocked.CompareExchange(ref _trippedBy, message, null) is null)
        {
            _tripped(message);
        }

        return message;
    }

    private bool TrippedElsewhere()
    {
        string? other = _elsewhere();
        if (other is null || _disabled.Value)
        {
            return false;
        }

        if (Interlocked.CompareExchange(ref _trippedBy, other, null) is null)
        {
            _tripped(other);
        }

        return true;
    }
}
