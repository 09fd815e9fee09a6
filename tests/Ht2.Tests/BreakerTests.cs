using System;
using System.Collections.Generic;
using System.Threading.Tasks;

namespace Ht2.Tests;

/// <summary>The circuit breaker of the bounded waits (tests/Shared), on breakers of their own, never the process's.</summary>
public class BreakerTests
{
    private static readonly TimeSpan Ten = TimeSpan.FromSeconds(10);

    [Fact]
    public void Until_a_wait_runs_out_every_bound_is_the_normal_one()
    {
        Breaker breaker = new(() => false, _ => { });
        Assert.Equal(Ten, breaker.Bound(Ten));
        Assert.Equal(TimeSpan.FromSeconds(60), breaker.Bound(TimeSpan.FromSeconds(60)));
        Assert.Equal(TimeSpan.FromMilliseconds(500), breaker.Bound(TimeSpan.FromMilliseconds(500)));
        Assert.Null(breaker.TrippedBy);
    }

    [Fact]
    public void The_first_wait_that_runs_out_trips_the_breaker_and_later_bounds_are_short()
    {
        List<string> trips = new();
        Breaker breaker = new(() => false, trips.Add);

        string first = breaker.RanOut("the reader thread", Ten);

        Assert.Equal("The wait for the reader thread ran out its 10 s bound.", first);
        Assert.Equal(first, breaker.TrippedBy);
        Assert.Equal(new[] { first }, trips);
        Assert.Equal(TimeSpan.FromMilliseconds(500), breaker.Bound(Ten));
        Assert.Equal(TimeSpan.FromMilliseconds(500), breaker.Bound(TimeSpan.FromSeconds(60)));
        Assert.Equal(TimeSpan.FromMilliseconds(500), breaker.Bound(TimeSpan.FromSeconds(1)));
        Assert.Equal(TimeSpan.FromMilliseconds(200), breaker.Bound(TimeSpan.FromMilliseconds(200)));

        // Later waits that run out name the first one, and the trip is reported once.
        string later = breaker.RanOut("the session's completion", TimeSpan.FromMilliseconds(500));
        Assert.StartsWith("The wait for the session's completion ran out its 0.5 s bound.", later);
        Assert.Contains(first, later);
        Assert.Single(trips);
    }

    [Fact]
    public void A_wait_with_a_bound_already_short_does_not_trip_the_breaker()
    {
        int asked = 0;
        Breaker breaker = new(() => { asked++; return false; }, _ => Assert.Fail("tripped"));

        Assert.Equal("The wait for silence ran out its 0.5 s bound.", breaker.RanOut("silence", TimeSpan.FromMilliseconds(500)));

        Assert.Null(breaker.TrippedBy);
        Assert.Equal(Ten, breaker.Bound(Ten));
        Assert.Equal(0, asked);
    }

    [Fact]
    public void A_disabled_breaker_never_trips_and_is_asked_once()
    {
        int asked = 0;
        Breaker breaker = new(() => { asked++; return true; }, _ => Assert.Fail("tripped"));

        breaker.RanOut("One", Ten);
        breaker.RanOut("Two", Ten);

        Assert.Null(breaker.TrippedBy);
        Assert.Equal(Ten, breaker.Bound(Ten));
        Assert.Equal(1, asked);
    }

    [Fact]
    public async Task A_bounded_wait_passes_the_task_s_own_failure_through_unchanged()
    {
        TimeoutException own = new("the task's own");
        Task failed = Task.FromException(own);

        Assert.Same(own, await Assert.ThrowsAsync<TimeoutException>(() => failed.Within(Ten)));
        Assert.Equal(42, await Task.FromResult(42).Within(Ten));
    }

    [Fact]
    public async Task A_bounded_wait_that_runs_out_names_what_it_waited_for()
    {
        // 50 ms: a bound this short never trips the process's breaker.
        Task never = new TaskCompletionSource().Task;

        TimeoutException e = await Assert.ThrowsAsync<TimeoutException>(() => never.Within(TimeSpan.FromMilliseconds(50)));

        Assert.StartsWith("The wait for never ran out its 0.05 s bound.", e.Message);
    }

    [Fact]
    public void A_trip_in_another_process_of_the_run_trips_this_breaker_once()
    {
        string? elsewhere = null;
        List<string> trips = new();
        Breaker breaker = new(() => false, trips.Add, () => elsewhere);

        Assert.Equal(Ten, breaker.Bound(Ten));
        elsewhere = "in Ht2.Docs.Tests: The wait for the snippet ran out its 10 s bound.";

        Assert.Equal(TimeSpan.FromMilliseconds(500), breaker.Bound(Ten));
        Assert.Equal(TimeSpan.FromMilliseconds(500), breaker.Bound(Ten));
        Assert.Equal(elsewhere, breaker.TrippedBy);
        Assert.Equal(new[] { elsewhere }, trips);
        Assert.Contains(elsewhere, breaker.RanOut("the reader thread", TimeSpan.FromMilliseconds(500)));
    }

    [Fact]
    public void A_disabled_breaker_ignores_a_trip_in_another_process()
    {
        Breaker breaker = new(() => true, _ => Assert.Fail("tripped"), () => "in Ht2.Tests: The wait for x ran out its 10 s bound.");

        Assert.Equal(Ten, breaker.Bound(Ten));
        Assert.Null(breaker.TrippedBy);
    }

    [Fact]
    public async Task A_disposal_that_runs_out_its_bound_fails_with_what_was_disposed()
    {
        // 50 ms: a bound this short never trips the process's breaker.
        Hanging never = new();

        TimeoutException e = await Assert.ThrowsAsync<TimeoutException>(async () =>
        {
            await using BoundedDisposal disposal = never.DisposedWithin(TimeSpan.FromMilliseconds(50));
        });

        Assert.StartsWith("The wait for the disposal of never ran out its 0.05 s bound.", e.Message);
        Assert.True(never.Asked);
    }

    private sealed class Hanging : IAsyncDisposable
    {
        public bool Asked { get; private set; }

        public ValueTask DisposeAsync()
        {
            Asked = true;
            return new ValueTask(new TaskCompletionSource().Task);
        }
    }
}
