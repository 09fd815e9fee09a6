using System;
using System.IO;
using SharpFuzz;

namespace Ht2.Fuzz;

/// <summary>
/// <c>Ht2.Fuzz &lt;target&gt;</c> runs the target under AFL++ in persistent mode (SharpFuzz, one process for many
/// inputs); <c>Ht2.Fuzz &lt;target&gt; &lt;file or folder&gt;...</c> replays inputs in a plain process and prints
/// the first failure (how a crash found by AFL++ is reproduced).
/// </summary>
public static class Program
{
    /// <summary>Entry point.</summary>
    public static int Main(string[] args)
    {
        if (args.Length == 0 || !Targets.All.TryGetValue(args[0], out Targets.Target? target))
        {
            Console.Error.WriteLine($"usage: Ht2.Fuzz <{string.Join('|', Targets.All.Keys)}> [input file or folder...]");
            return 2;
        }

        if (args.Length == 1)
        {
            // Persistent mode: AFL++ hands each input over a stream; the process lives on between inputs.
            MemoryStream copy = new();
            Fuzzer.Run(stream =>
            {
                copy.SetLength(0);
                stream.CopyTo(copy);
                target(copy.GetBuffer().AsSpan(0, (int)copy.Length));
            });
            return 0;
        }

        if (args.Length == 4 && args[1] == "--bench")
        {
            return Bench(target, args[2], double.Parse(args[3], System.Globalization.CultureInfo.InvariantCulture));
        }

        int failed = 0;
        int ran = 0;
        foreach (string arg in args.AsSpan(1))
        {
            string[] files = Directory.Exists(arg) ? Directory.GetFiles(arg) : [arg];
            foreach (string file in files)
            {
                ran++;
                try
                {
                    target(File.ReadAllBytes(file));
                    if (Environment.GetEnvironmentVariable("FUZZ_SHOW_ALLOCATED") is not null)
                    {
                        Console.WriteLine($"{file}: {SessionTarget.LastAllocated} bytes allocated");
                    }
                }
                catch (Exception e)
                {
                    failed++;
                    Console.WriteLine($"{file}: {e}");
                }
            }
        }

        Console.WriteLine($"{args[0]}: {ran} inputs, {failed} failed");
        return failed == 0 ? 0 : 1;
    }

    // Replays a folder in a loop for a while and prints the rate: the target's own cost, without AFL++.
    private static int Bench(Targets.Target target, string folder, double seconds)
    {
        byte[][] inputs = Array.ConvertAll(Directory.GetFiles(folder), File.ReadAllBytes);
        System.Diagnostics.Stopwatch clock = System.Diagnostics.Stopwatch.StartNew();
        long runs = 0;
        while (clock.Elapsed.TotalSeconds < seconds)
        {
            foreach (byte[] input in inputs)
            {
                target(input);
                runs++;
            }
        }

        Console.WriteLine($"{runs} runs in {clock.Elapsed.TotalSeconds:F1} s: {runs / clock.Elapsed.TotalSeconds:F0}/s");
        return 0;
    }
}
