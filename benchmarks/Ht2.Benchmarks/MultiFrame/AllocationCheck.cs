using System;

namespace Ht2.Benchmarks.MultiFrame;

/// <summary>
/// <c>--alloc-check</c>: runs every strategy of <see cref="BatchSendBenchmarks"/> warm and prints the bytes the
/// calling thread allocated per batch (GC.GetAllocatedBytesForCurrentThread), a quick steady-state check.
/// </summary>
public static class AllocationCheck
{
    public static void Run()
    {
        string[] rows = ["control 10", "control 50", "control 100", "control 1000", "data 16", "data 64", "headers 65536"];
        foreach (string row in rows)
        {
            var b = new BatchSendBenchmarks { Row = row };
            b.Setup();
            Console.Write($"{row,-14}");
            Measure("SendPerFrame", b.SendPerFrame);
            Measure("CopySend", b.CopySend);
            Measure("SendList", b.SendList);
            Measure("Writev", b.Writev);
            Measure("MultiFrameWriter", b.MultiFrameWriter);
            Measure("MFW.FlushTo(SafeHandle)", b.MultiFrameWriterToSafeHandle);
            Measure("MFW.FlushTo(NetworkStream)", b.MultiFrameWriterToStream);
            Console.WriteLine();
            b.Cleanup();
        }
    }

    private static void Measure(string name, Func<long> op)
    {
        for (int i = 0; i < 200; i++)
        {
            op();
        }

        const int n = 1000;
        long before = GC.GetAllocatedBytesForCurrentThread();
        for (int i = 0; i < n; i++)
        {
            op();
        }

        long after = GC.GetAllocatedBytesForCurrentThread();
        Console.Write($" {name}={(after - before) / (double)n:F1}B");
    }
}
