using System;
using System.IO;
using System.Linq;
using System.Reflection;

namespace Ht2.Testing;

/// <summary>
/// The circuit breaker of this test process's bounded waits (<see cref="Breaker"/>): every wait takes its bound from
/// <see cref="Bound"/> and reports running out through <see cref="RanOut"/>.
/// </summary>
/// <remarks>
/// It never trips while the code under test is a Stryker mutant: Stryker runs many mutants, one after another, in the
/// same test process, and a breaker tripped by one mutant must not shorten the waits of the next (those would fail by
/// the short bound and count as false kills). Stryker compiles its mutant switch, a type named <c>MutantControl</c>,
/// into the assembly it mutates; whether one is loaded is checked once, at the first wait that runs out or the first
/// trip of another test process of the run (<see cref="SharedTrip"/>) that this process sees.
/// A trip, and every thread the sweeper moves after it, is appended to the file <c>HT2_WAIT_BREAKER_LOG</c> names, if
/// set (<c>mutation/hang-check.sh</c> shows it).
/// </remarks>
internal static class WaitBreaker
{
    /// <summary>The test assembly this source is compiled into (one per test process).</summary>
    private static readonly string TestAssembly = typeof(WaitBreaker).Assembly.GetName().Name!;

    private static readonly Breaker Process = new(MutantLoaded, Tripped, SharedTrip.Look);

    /// <inheritdoc cref="Breaker.Bound"/>
    public static TimeSpan Bound(TimeSpan normal) => Process.Bound(normal);

    /// <inheritdoc cref="Breaker.RanOut"/>
    public static string RanOut(string what, TimeSpan bound) => Process.RanOut(what, bound);

    /// <summary>The trip: logged, and from now on the threads a broken test left running are swept (<see cref="RunawaySweeper"/>).</summary>
    private static void Tripped(string message)
    {
        SharedTrip.Record(TestAssembly, message);
        Log($"tripped: {message}");
        RunawaySweeper.Start(change => Log($"sweeper: {change}"));
    }

    private static void Log(string message)
    {
        string? log = Environment.GetEnvironmentVariable("HT2_WAIT_BREAKER_LOG");
        if (!string.IsNullOrEmpty(log))
        {
            lock (Process)
            {
                File.AppendAllText(log, $"{TestAssembly}: {message}{Environment.NewLine}");
            }
        }
    }

    /// <summary>Whether an assembly of ours (the only ones the mutation runs mutate) carries Stryker's mutant switch.</summary>
    private static bool MutantLoaded()
    {
        // The runtime may not be loaded yet when another process's trip is seen before this process touched it.
        try
        {
            _ = System.Reflection.Assembly.Load(new AssemblyName("Ht2.Runtime"));
        }
        catch (IOException)
        {
            // Not a dependency of this test project: whatever is loaded is all there is to check.
        }

        return AppDomain.CurrentDomain.GetAssemblies()
            .Where(assembly => !assembly.IsDynamic && assembly.GetName().Name?.StartsWith("Ht2", StringComparison.Ordinal) == true)
            .Any(assembly => TypeNames(assembly).Contains("MutantControl"));
    }

    private static string[] TypeNames(Assembly assembly)
    {
        try
        {
            return assembly.GetTypes().Select(type => type.Name).ToArray();
        }
        catch (ReflectionTypeLoadException e)
        {
            return e.Types.Where(type => type is not null).Select(type => type!.Name).ToArray();
        }
    }
}
