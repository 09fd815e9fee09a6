using System;

namespace Ht2.Tests;

/// <summary>
/// Measures a steady-state loop on the calling thread in rounds. Something allocated per call makes every round
/// allocate; a round can still see a few bytes once while tiered compilation replaces the methods it runs, so a
/// loop passes as soon as one round allocates nothing.
/// </summary>
internal static class AllocationRounds
{
    /// <summary>Runs <paramref name="round"/> until one run allocates 0 B on this thread, at most <paramref name="maxRounds"/> times.</summary>
    /// <returns>The bytes each round allocated, for the failure message; the last is 0 when the loop passed.</returns>
    public static long[] UntilNothingAllocated(Action round, int maxRounds = 5)
    {
        long[] allocated = new long[maxRounds];
        for (int i = 0; i < maxRounds; i++)
        {
            long before = GC.GetAllocatedBytesForCurrentThread();
            round();
            allocated[i] = GC.GetAllocatedBytesForCurrentThread() - before;
            if (allocated[i] == 0)
            {
                return allocated[..(i + 1)];
            }
        }

        return allocated;
    }

    /// <summary>Fails unless one of at most <paramref name="maxRounds"/> runs of <paramref name="round"/> allocated nothing on this thread.</summary>
    public static void AssertSteadyStateAllocatesNothing(Action round, int maxRounds = 5)
    {
        long[] allocated = UntilNothingAllocated(round, maxRounds);
        Assert.True(allocated[^1] == 0, $"Every one of {maxRounds} rounds allocated: {string.Join(", ", allocated)} B.");
    }
}
