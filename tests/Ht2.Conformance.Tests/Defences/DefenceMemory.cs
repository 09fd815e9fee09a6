using System;

namespace Ht2.Conformance.Tests.Defences;

/// <summary>The process's managed memory, for the defence cases' bounds (the server runs in-process).</summary>
public static class DefenceMemory
{
    /// <summary>Managed heap bytes after a full, compacting collection.</summary>
    public static long ManagedBytes()
    {
        GC.Collect(GC.MaxGeneration, GCCollectionMode.Forced, blocking: true, compacting: true);
        GC.WaitForPendingFinalizers();
        return GC.GetTotalMemory(forceFullCollection: true);
    }
}
