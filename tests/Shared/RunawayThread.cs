using System;
using System.Runtime.InteropServices;

namespace Ht2.Testing;

/// <summary>
/// Takes a thread that outlived its bounded wait out of the competition for the CPU. A loop that makes no system call
/// (a write loop that never advances) cannot be stopped from outside, and on a 2-core machine a few such threads left
/// spinning slow every later test of the run; under the idle scheduling class (Linux) a thread runs only when nothing
/// else wants the CPU. A thread may move itself or another thread of its process there without privileges.
/// </summary>
internal static partial class RunawayThread
{
    private const int SchedOther = 0;

    private const int SchedIdle = 5;

    /// <summary>The kernel's id of the calling thread (0 where there is none to use).</summary>
    public static int CurrentId() => OperatingSystem.IsLinux() ? GetTid() : 0;

    /// <summary>Moves the thread with kernel id <paramref name="threadId"/> to the idle scheduling class; false if it could not.</summary>
    public static bool Idle(int threadId)
    {
        if (threadId == 0)
        {
            return false;
        }

        SchedParam none = default;
        return SchedSetScheduler(threadId, SchedIdle, ref none) == 0;
    }

    /// <summary>Moves the thread with kernel id <paramref name="threadId"/> back to the normal scheduling class; false if it could not (without privileges a thread cannot leave the idle class).</summary>
    public static bool Normal(int threadId)
    {
        SchedParam none = default;
        return threadId != 0 && SchedSetScheduler(threadId, SchedOther, ref none) == 0;
    }

    [StructLayout(LayoutKind.Sequential)]
    private struct SchedParam
    {
        public int Priority;
    }

    [LibraryImport("libc", EntryPoint = "gettid")]
    private static partial int GetTid();

    [LibraryImport("libc", EntryPoint = "sched_setscheduler")]
    private static partial int SchedSetScheduler(int threadId, int policy, ref SchedParam parameters);
}
