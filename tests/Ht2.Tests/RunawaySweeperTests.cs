using System;
using System.Collections.Generic;
using System.Threading;

namespace Ht2.Tests;

/// <summary>
/// Which threads the sweeper of a tripped breaker takes for runaways (tests/Shared/RunawaySweeper.cs), on sweepers of
/// their own: the process's sweeper starts only when the breaker trips, which a healthy run never does.
/// </summary>
public class RunawaySweeperTests
{
    private const long Ms = 1_000_000; // ns

    private static readonly TimeSpan Step = RunawaySweeper.Interval;

    [Fact]
    public void A_thread_runnable_through_every_interval_is_idled_once()
    {
        RunawaySweeper sweeper = new();
        List<(int, bool)> changes = [];
        for (int look = 0; look <= RunawaySweeper.Intervals + 2; look++)
        {
            // On a CPU for 60 % of each interval, queued for one for the other 40 %: a spinner on a busy machine.
            ThreadSample sample = new(look * 300 * Ms, look * 200 * Ms);
            changes.AddRange(sweeper.Look(look * Step, [(7, sample)]));
            Assert.Equal(look >= RunawaySweeper.Intervals ? [(7, true)] : Array.Empty<(int, bool)>(), changes);
        }
    }

    [Fact]
    public void A_thread_that_waits_in_one_interval_starts_again_from_zero()
    {
        RunawaySweeper sweeper = new();
        long running = 0;
        for (int look = 0; look < 3 * RunawaySweeper.Intervals; look++)
        {
            // Every fourth interval it waits for a fifth of it (a lock, a socket): runnable for 80 % only.
            running += look % RunawaySweeper.Intervals == RunawaySweeper.Intervals - 1 ? 400 * Ms : 500 * Ms;
            Assert.Empty(sweeper.Look(look * Step, [(7, new ThreadSample(running, 0))]));
        }
    }

    [Fact]
    public void A_waiting_thread_and_one_runnable_without_ever_running_are_left_alone()
    {
        RunawaySweeper sweeper = new();
        for (int look = 0; look < 3 * RunawaySweeper.Intervals; look++)
        {
            Assert.Empty(sweeper.Look(look * Step, [(1, new ThreadSample(5 * Ms, 9 * Ms)), (2, new ThreadSample(5 * Ms, look * 500 * Ms))]));
        }
    }

    [Fact]
    public void An_idled_thread_that_waits_goes_back_to_normal_and_can_be_idled_again()
    {
        RunawaySweeper sweeper = new();
        List<(int, bool)> changes = [];
        long running = 0;
        int look = 0;
        for (; look <= RunawaySweeper.Intervals; look++, running += 500 * Ms)
        {
            changes.AddRange(sweeper.Look(look * Step, [(7, new ThreadSample(running, 0))]));
        }

        Assert.Equal([(7, true)], changes);

        // Idle, it is queued most of an interval (still runnable: it stays idle), then waits for its next work item.
        changes.AddRange(sweeper.Look(look++ * Step, [(7, new ThreadSample(running += 10 * Ms, 480 * Ms))]));
        Assert.Equal([(7, true)], changes);
        changes.AddRange(sweeper.Look(look++ * Step, [(7, new ThreadSample(running += 10 * Ms, 480 * Ms))]));
        Assert.Equal([(7, true), (7, false)], changes);

        for (int again = 0; again < RunawaySweeper.Intervals; again++, look++)
        {
            changes.AddRange(sweeper.Look(look * Step, [(7, new ThreadSample(running += 500 * Ms, 480 * Ms))]));
        }

        Assert.Equal([(7, true), (7, false), (7, true)], changes);
    }

    [Fact]
    public void A_thread_id_that_ended_and_came_back_is_watched_afresh()
    {
        RunawaySweeper sweeper = new();
        int look = 0;
        for (; look <= RunawaySweeper.Intervals; look++)
        {
            _ = sweeper.Look(look * Step, [(7, new ThreadSample(look * 500 * Ms, 0))]);
        }

        Assert.Empty(sweeper.Look(look++ * Step, [])); // the thread ended; the kernel may give its id to a new one
        for (int fresh = 0; fresh < RunawaySweeper.Intervals; fresh++, look++)
        {
            Assert.Empty(sweeper.Look(look * Step, [(7, new ThreadSample(fresh * 500 * Ms, 0))]));
        }

        Assert.Equal([(7, true)], sweeper.Look(look * Step, [(7, new ThreadSample(RunawaySweeper.Intervals * 500 * Ms, 0))]));
    }

    [Fact]
    public void The_kernel_counts_a_spinning_thread_as_runnable_and_a_waiting_one_as_not()
    {
        if (!OperatingSystem.IsLinux())
        {
            return; // the counts come from /proc
        }

        int spinning = 0, waiting = 0;
        bool stop = false;
        using ManualResetEventSlim release = new();
        Worker spinner = Worker.Start("spinner", () =>
        {
            Volatile.Write(ref spinning, RunawayThread.CurrentId());
            while (!Volatile.Read(ref stop))
            {
            }
        });
        Worker waiter = Worker.Start("waiter", () =>
        {
            Volatile.Write(ref waiting, RunawayThread.CurrentId());
            Assert.True(release.Wait(Worker.DefaultTimeout), "never released");
        });
        try
        {
            Assert.True(SpinWait.SpinUntil(() => Volatile.Read(ref spinning) != 0 && Volatile.Read(ref waiting) != 0, Worker.DefaultTimeout), "the threads never started");
            RunFor(spinning, 20 * Ms); // the waiter has blocked by now
            ThreadSample waiterBefore = RunawaySweeper.Read(waiting) ?? throw new InvalidOperationException("no sample");

            // A garbage collection in a parallel test suspends the spinner (it then waits, not runnable) for part of a
            // window; the kernel's count is checked in the best of a few windows.
            long spun = 0;
            double wall = double.MaxValue;
            for (int window = 0; window < 5 && spun < RunawaySweeper.RunnableShare * wall; window++)
            {
                long start = System.Diagnostics.Stopwatch.GetTimestamp();
                spun = RunFor(spinning, 100 * Ms);
                wall = System.Diagnostics.Stopwatch.GetElapsedTime(start).TotalNanoseconds;
            }

            ThreadSample waiterAfter = RunawaySweeper.Read(waiting) ?? throw new InvalidOperationException("no sample");
            long waiterRunnable = waiterAfter.RunningNanoseconds + waiterAfter.QueuedNanoseconds - waiterBefore.RunningNanoseconds - waiterBefore.QueuedNanoseconds;
            Assert.True(spun >= RunawaySweeper.RunnableShare * wall, $"the spinner was runnable for {spun / Ms} ms of {wall / Ms} ms");
            Assert.True(waiterRunnable < 10 * Ms, $"the waiter was runnable for {waiterRunnable / Ms} ms while the spinner ran {spun / Ms} ms");
            Assert.Null(RunawaySweeper.Read(int.MaxValue));
        }
        finally
        {
            Volatile.Write(ref stop, true);
            release.Set();
            spinner.Join();
            waiter.Join();
        }
    }

    /// <summary>Waits until thread <paramref name="id"/> has run <paramref name="running"/> ns more; returns how long it was runnable (on a CPU or queued).</summary>
    private static long RunFor(int id, long running)
    {
        ThreadSample first = RunawaySweeper.Read(id) ?? throw new InvalidOperationException("no sample");
        ThreadSample last = first;
        Assert.True(SpinWait.SpinUntil(() => (last = RunawaySweeper.Read(id)!.Value).RunningNanoseconds >= first.RunningNanoseconds + running, Worker.DefaultTimeout), "the spinner never ran");
        return last.RunningNanoseconds + last.QueuedNanoseconds - first.RunningNanoseconds - first.QueuedNanoseconds;
    }
}
