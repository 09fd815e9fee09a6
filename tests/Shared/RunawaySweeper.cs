using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Threading;

namespace Ht2.Testing;

/// <summary>
/// Once the <see cref="WaitBreaker"/> has tripped (the run has failed), moves every thread-pool thread of this process
/// that keeps running without ever waiting to the idle scheduling class (<see cref="RunawayThread"/>). A loop that makes
/// no system call, or one that re-sends the same bytes for ever, is left behind by the test whose wait ran out on a
/// thread the test does not own (a session's writer, an in-process server's connection, a README snippet); on a
/// 2-core machine a few of them slow every later test and the test projects and builds that run beside this one.
/// </summary>
/// <remarks>
/// A thread counts as runaway when it was runnable (on a CPU, or queued for one) for at least
/// <see cref="RunnableShare"/> of each of <see cref="Intervals"/> intervals in a row, <see cref="Interval"/> each: it
/// never waited for anything (no lock, event, socket or sleep) beyond the pauses of a garbage collection. An idled
/// thread that then waits (runnable for less than half an interval: it was only computing for long, and now waits for
/// its next work item) goes back to the normal class where the system allows it (root, or CAP_SYS_NICE). Only
/// thread-pool threads are swept: the test framework's own threads and the runtime's (JIT, GC) run tests and the
/// code they need, and a test's own <c>Worker</c> threads are idled by their <c>Join</c>. Linux only (the kernel's
/// counts come from <c>/proc/self/task/*/schedstat</c>); elsewhere nothing is swept.
/// </remarks>
internal sealed class RunawaySweeper
{
    /// <summary>The time between two looks at the threads.</summary>
    public static readonly TimeSpan Interval = TimeSpan.FromMilliseconds(500);

    /// <summary>How many intervals in a row a thread must have been runnable through to count as runaway.</summary>
    public const int Intervals = 4;

    /// <summary>The share of an interval a runaway thread is runnable for (a GC pauses it briefly).</summary>
    public const double RunnableShare = 0.9;

    private static int s_started;

    private readonly Dictionary<int, Watch> _watched = [];

    /// <summary>Starts sweeping this process's threads, once; <paramref name="report"/> is told each thread it moves.</summary>
    public static void Start(Action<string> report)
    {
        if (!OperatingSystem.IsLinux() || Interlocked.Exchange(ref s_started, 1) != 0)
        {
            return;
        }

        new Thread(() => new RunawaySweeper().Sweep(report)) { IsBackground = true, Name = "runaway sweeper" }.Start();
    }

    /// <summary>
    /// Takes one look, at time <paramref name="at"/>, at the threads (id and sample; a thread missing from
    /// <paramref name="threads"/> has ended) and returns what changed: a thread that has just been runnable through
    /// <see cref="Intervals"/> intervals in a row (Runaway true: to idle, once), and an idled thread that waited in the
    /// last interval (Runaway false: back to normal).
    /// </summary>
    public List<(int Id, bool Runaway)> Look(TimeSpan at, IEnumerable<(int Id, ThreadSample Sample)> threads)
    {
        List<(int Id, bool Runaway)> changes = [];
        HashSet<int> seen = [];
        foreach ((int id, ThreadSample now) in threads)
        {
            seen.Add(id);
            if (!_watched.TryGetValue(id, out Watch before))
            {
                _watched[id] = new Watch(at, now, 0, Idle: false);
                continue;
            }

            double share = before.RunnableShareUntil(at, now);
            Watch watch = new(at, now, share >= RunnableShare ? before.Unbroken + 1 : 0, before.Idle);
            if (!watch.Idle && watch.Unbroken >= Intervals)
            {
                watch = watch with { Idle = true };
                changes.Add((id, true));
            }
            else if (watch.Idle && share < 0.5)
            {
                watch = watch with { Idle = false, Unbroken = 0 };
                changes.Add((id, false));
            }

            _watched[id] = watch;
        }

        foreach (int ended in _watched.Keys.Where(id => !seen.Contains(id)).ToArray())
        {
            _watched.Remove(ended);
        }

        return changes;
    }

    /// <summary>The kernel's times of this process's thread <paramref name="threadId"/>; null once it has ended.</summary>
    public static ThreadSample? Read(int threadId)
    {
        try
        {
            // "<ns on a CPU> <ns queued for one> <timeslices>"
            string[] fields = File.ReadAllText($"/proc/self/task/{threadId}/schedstat").Split(' ');
            return new ThreadSample(long.Parse(fields[0], CultureInfo.InvariantCulture), long.Parse(fields[1], CultureInfo.InvariantCulture));
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or FormatException or IndexOutOfRangeException)
        {
            return null; // the thread ended between the listing and the read
        }
    }

    private void Sweep(Action<string> report)
    {
        Stopwatch clock = Stopwatch.StartNew();
        while (true)
        {
            foreach ((int id, bool runaway) in Look(clock.Elapsed, PoolThreads()))
            {
                if (runaway ? RunawayThread.Idle(id) : RunawayThread.Normal(id))
                {
                    report(runaway
                        ? $"thread {id}: runnable through {Intervals} intervals of {Interval.TotalMilliseconds} ms, moved to the idle class"
                        : $"thread {id}: waited, back to the normal class");
                }
            }

            Thread.Sleep(Interval);
        }
    }

    /// <summary>This process's thread-pool threads (the runtime names them ".NET TP Worker").</summary>
    private static IEnumerable<(int Id, ThreadSample Sample)> PoolThreads()
    {
        foreach (string task in Directory.EnumerateDirectories("/proc/self/task"))
        {
            if (int.TryParse(Path.GetFileName(task), CultureInfo.InvariantCulture, out int id) && Name(id).StartsWith(".NET TP Worker", StringComparison.Ordinal) && Read(id) is ThreadSample sample)
            {
                yield return (id, sample);
            }
        }
    }

    private static string Name(int threadId)
    {
        try
        {
            return File.ReadAllText($"/proc/self/task/{threadId}/comm").TrimEnd();
        }
        catch (IOException)
        {
            return "ended";
        }
    }

    /// <summary>The last look at a thread, how many intervals in a row it was runnable through, and whether it was idled.</summary>
    private readonly record struct Watch(TimeSpan At, ThreadSample Last, int Unbroken, bool Idle)
    {
        /// <summary>The share of the interval since this look that the thread was runnable; 0 if it did not run at all.</summary>
        public double RunnableShareUntil(TimeSpan at, ThreadSample now)
        {
            long running = now.RunningNanoseconds - Last.RunningNanoseconds;
            long runnable = running + now.QueuedNanoseconds - Last.QueuedNanoseconds;
            return running > 0 && at > At ? runnable / (at - At).TotalNanoseconds : 0;
        }
    }
}

/// <summary>What the kernel counts for one thread: time on a CPU, and time queued for one (runnable, not running).</summary>
internal readonly record struct ThreadSample(long RunningNanoseconds, long QueuedNanoseconds);
