using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Threading;

namespace Ht2.Testing;

/// <summary>
/// Once the <see cref="WaitBreaker"/> has tripped (the run has failed), moves every thread of this process that keeps
/// running without ever blocking to the idle scheduling class (<see cref="RunawayThread"/>). A loop that makes no
/// system call, or one that re-sends the same bytes for ever, is left behind by the test whose wait ran out, on a
/// thread the test does not own (a session's writer on the thread pool, an in-process server's connection); on a
/// 2-core machine a few of them slow every later test and the test projects and builds that run beside this one.
/// </summary>
/// <remarks>
/// A thread counts as runaway when it was runnable (on a CPU, or queued for one) for at least
/// <see cref="RunnableShare"/> of each of <see cref="Intervals"/> intervals in a row, <see cref="Interval"/> each: it
/// never waited for anything (no lock, event, socket or sleep) beyond the pauses of a garbage collection. A thread that
/// waits in that time is left alone. A thread that computes for longer without waiting is idled too: it still runs,
/// on the CPU time no other thread wants. Linux only (the kernel's counts come from <c>/proc/self/task/*/schedstat</c>);
/// elsewhere nothing is swept.
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
    private readonly HashSet<int> _found = [];

    /// <summary>Starts sweeping this process's threads, once; <paramref name="idled"/> is told each thread it moves to the idle class.</summary>
    public static void Start(Action<string> idled)
    {
        if (!OperatingSystem.IsLinux() || Interlocked.Exchange(ref s_started, 1) != 0)
        {
            return;
        }

        new Thread(() => new RunawaySweeper().Sweep(idled)) { IsBackground = true, Name = "runaway sweeper" }.Start();
    }

    /// <summary>
    /// Takes one look, at time <paramref name="at"/>, at the threads (id and sample; a thread missing from
    /// <paramref name="threads"/> has ended) and returns those that have just been runnable through
    /// <see cref="Intervals"/> intervals in a row. Each thread is returned once.
    /// </summary>
    public List<int> Look(TimeSpan at, IEnumerable<(int Id, ThreadSample Sample)> threads)
    {
        List<int> runaway = [];
        HashSet<int> seen = [];
        foreach ((int id, ThreadSample now) in threads)
        {
            seen.Add(id);
            Watch watch = _watched.TryGetValue(id, out Watch before) ? before.Next(at, now) : new Watch(at, now, 0);
            _watched[id] = watch;
            if (watch.Unbroken >= Intervals && _found.Add(id))
            {
                runaway.Add(id);
            }
        }

        foreach (int ended in _watched.Keys.Where(id => !seen.Contains(id)).ToArray())
        {
            _watched.Remove(ended);
            _found.Remove(ended);
        }

        return runaway;
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

    private void Sweep(Action<string> idled)
    {
        Stopwatch clock = Stopwatch.StartNew();
        while (true)
        {
            foreach (int id in Look(clock.Elapsed, Threads()))
            {
                if (RunawayThread.Idle(id))
                {
                    idled($"thread {id} ({Name(id)}): runnable through {Intervals} intervals of {Interval.TotalMilliseconds} ms");
                }
            }

            Thread.Sleep(Interval);
        }
    }

    private static IEnumerable<(int Id, ThreadSample Sample)> Threads()
    {
        foreach (string task in Directory.EnumerateDirectories("/proc/self/task"))
        {
            if (int.TryParse(Path.GetFileName(task), CultureInfo.InvariantCulture, out int id) && Read(id) is ThreadSample sample)
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

    /// <summary>The last look at a thread, and how many intervals in a row it was runnable through.</summary>
    private readonly record struct Watch(TimeSpan At, ThreadSample Last, int Unbroken)
    {
        public Watch Next(TimeSpan at, ThreadSample now)
        {
            long running = now.RunningNanoseconds - Last.RunningNanoseconds;
            long runnable = running + now.QueuedNanoseconds - Last.QueuedNanoseconds;
            bool unbroken = running > 0 && runnable >= RunnableShare * (at - At).TotalNanoseconds;
            return new(at, now, unbroken ? Unbroken + 1 : 0);
        }
    }
}

/// <summary>What the kernel counts for one thread: time on a CPU, and time queued for one (runnable, not running).</summary>
internal readonly record struct ThreadSample(long RunningNanoseconds, long QueuedNanoseconds);
