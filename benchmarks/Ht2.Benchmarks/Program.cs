using System;
using System.Linq;
using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Jobs;
using BenchmarkDotNet.Running;
using Perfolizer.Horology;
using BenchmarkDotNet.Toolchains.InProcess.Emit;

namespace Ht2.Benchmarks;

public static class Program
{
    /// <summary>
    /// BenchmarkDotNet's switcher. The extra argument <c>--short</c> runs every selected benchmark in-process with
    /// Job.ShortRun (3 warm-up and 3 measured iterations of 200 ms, no separate build): a quick check, not a result.
    /// </summary>
    public static void Main(string[] args)
    {
        if (args.Contains("--alloc-check"))
        {
            MultiFrame.AllocationCheck.Run();
            return;
        }

        if (args.Contains("--min-of-rounds"))
        {
            MultiFrame.MinOfRounds.Run();
            return;
        }

        IConfig? config = null;
        if (args.Contains("--short"))
        {
            args = args.Where(a => a != "--short").ToArray();
            config = DefaultConfig.Instance.AddJob(Job.ShortRun.WithIterationTime(TimeInterval.FromMilliseconds(200)).WithToolchain(InProcessEmitToolchain.Instance).WithId("ShortInProcess"));
        }

        BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args, config);
    }
}
