using System;

namespace Ht2.Testing;

/// <summary>
/// One deadline for a wait made of many steps (a loop that skips frames until the one it expects), with its bound from
/// <see cref="WaitBreaker"/>: a peer that writes for ever cannot keep the loop going, and running out trips the breaker.
/// </summary>
internal readonly struct WaitDeadline
{
    private readonly long _end;

    private WaitDeadline(TimeSpan bound)
    {
        Bound = bound;
        _end = Environment.TickCount64 + (long)bound.TotalMilliseconds;
    }

    /// <summary>The bound this deadline was given.</summary>
    public TimeSpan Bound { get; }

    /// <summary>Whether the deadline has passed.</summary>
    public bool Passed => Environment.TickCount64 >= _end;

    /// <summary>A deadline the breaker's bound for <paramref name="normal"/> from now.</summary>
    public static WaitDeadline Start(TimeSpan normal) => new(WaitBreaker.Bound(normal));

    /// <summary>Fails the test if the deadline has passed, saying what did not come, and trips the breaker.</summary>
    public void Check(string what)
    {
        if (Passed)
        {
            Assert.Fail(WaitBreaker.RanOut(what, Bound));
        }
    }
}
