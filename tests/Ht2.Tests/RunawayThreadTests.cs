using System;
using System.IO;
using System.Text.RegularExpressions;
using System.Threading;

namespace Ht2.Tests;

public class RunawayThreadTests
{
    [Fact]
    public void A_runaway_thread_moves_to_the_idle_scheduling_class_and_no_other_does()
    {
        if (!OperatingSystem.IsLinux())
        {
            return; // scheduling classes are Linux's; elsewhere a runaway thread keeps its share
        }

        using ManualResetEventSlim release = new();
        int id = 0;
        Worker worker = Worker.Start("runaway", () =>
        {
            Volatile.Write(ref id, RunawayThread.CurrentId());
            Assert.True(release.Wait(Worker.DefaultTimeout), "never released");
        });
        Assert.True(SpinWait.SpinUntil(() => Volatile.Read(ref id) != 0, Worker.DefaultTimeout), "the thread never started");

        Assert.Equal(0, Policy(id)); // SCHED_OTHER
        Assert.True(RunawayThread.Idle(id));
        Assert.Equal(5, Policy(id)); // SCHED_IDLE
        Assert.Equal(0, Policy(RunawayThread.CurrentId()));
        Assert.False(RunawayThread.Idle(0));

        // Back to normal where the system allows it (root or CAP_SYS_NICE); elsewhere the thread stays idle.
        Assert.Equal(RunawayThread.Normal(id) ? 0 : 5, Policy(id));

        release.Set();
        worker.Join();
    }

    /// <summary>The scheduling policy of the thread, as the kernel reports it for this process's task.</summary>
    private static int Policy(int threadId)
    {
        string sched = File.ReadAllText($"/proc/self/task/{threadId}/sched");
        return int.Parse(Regex.Match(sched, @"^policy\s*:\s*(\d+)", RegexOptions.Multiline).Groups[1].Value);
    }
}
