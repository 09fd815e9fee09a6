using System;
using System.Globalization;
using System.IO;
using System.Threading;

namespace Ht2.Testing;

/// <summary>
/// The wait breaker's trip, shared by the test processes of one run. <c>dotnet test Ht2.sln</c> runs each test project
/// in a process of its own, mostly one after another (each MSBuild node runs a project's tests before it builds the
/// next project), so a broken build would otherwise pay each project's first full bound (5-15 s) and its slow start in
/// turn. Once one process has tripped, the run has failed; the others adopt its trip (<see cref="Breaker"/>).
/// </summary>
/// <remarks>
/// A run is the process group the test processes share (a <c>dotnet test</c> typed in a shell, or every command of a
/// script), named by the group's id and its leader's start time, so a run never sees the trip of an earlier run whose
/// group had the same id. <c>HT2_WAIT_BREAKER_RUN</c>, when set, names the run instead (<c>mutation/hang-check.sh</c>
/// sets one for each of its runs). The trip is a file under the temporary directory; Linux only (the group comes from
/// <c>/proc</c>), elsewhere each process keeps its own trip.
/// </remarks>
internal static class SharedTrip
{
    /// <summary>How often a breaker that has not tripped looks for a trip of the run: at most once per interval.</summary>
    private const long LookIntervalMilliseconds = 250;

    private static readonly Lazy<string?> TripFile = new(FindTripFile, LazyThreadSafetyMode.ExecutionAndPublication);
    private static long s_nextLook;

    /// <summary>Records that this process's breaker tripped on <paramref name="message"/>, unless the run has a trip already.</summary>
    public static void Record(string assembly, string message)
    {
        if (TripFile.Value is not string file)
        {
            return;
        }

        try
        {
            Directory.CreateDirectory(Path.GetDirectoryName(file)!);
            using FileStream created = new(file, FileMode.CreateNew, FileAccess.Write);
            using StreamWriter writer = new(created);
            writer.Write($"in {assembly}: {message}");
        }
        catch (IOException)
        {
            // Another process of the run recorded its trip first.
        }
    }

    /// <summary>What tripped another process of this run (null if nothing has, as far as the last look showed).</summary>
    public static string? Look()
    {
        long now = Environment.TickCount64;
        long next = Volatile.Read(ref s_nextLook);
        if (now < next || Interlocked.CompareExchange(ref s_nextLook, now + LookIntervalMilliseconds, next) != next || TripFile.Value is not string file)
        {
            return null;
        }

        try
        {
            return File.Exists(file) ? File.ReadAllText(file) : null;
        }
        catch (IOException)
        {
            return null; // being written: the next look reads it
        }
    }

    private static string? FindTripFile()
    {
        string? run = Environment.GetEnvironmentVariable("HT2_WAIT_BREAKER_RUN");
        if (string.IsNullOrEmpty(run))
        {
            if (!OperatingSystem.IsLinux() || Field("/proc/self/stat", 4) is not string group || Field($"/proc/{group}/stat", 21) is not string leaderStart)
            {
                return null; // no group leader to name the run by: this process keeps its own trip
            }

            run = $"group-{group}-{leaderStart}";
        }

        foreach (char invalid in Path.GetInvalidFileNameChars())
        {
            run = run.Replace(invalid, '_');
        }

        return Path.Combine(Path.GetTempPath(), "ht2-wait-breaker", run);
    }

    /// <summary>Field <paramref name="index"/> (0-based, as in proc(5) minus one) of a <c>/proc/*/stat</c> file; null if it cannot be read.</summary>
    private static string? Field(string stat, int index)
    {
        try
        {
            string text = File.ReadAllText(stat);

            // The command name (field 1) is in parentheses and may hold spaces: count the fields after its last ')'.
            string[] after = text[(text.LastIndexOf(')') + 2)..].Split(' ');
            return index >= 2 && index - 2 < after.Length && long.TryParse(after[index - 2], NumberStyles.None, CultureInfo.InvariantCulture, out _) ? after[index - 2] : null;
        }
        catch (IOException)
        {
            return null;
        }
    }
}
