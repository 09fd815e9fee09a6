using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Text;
using System.Threading;
using System.Threading.Tasks;

namespace Ht2.Interop.Tests;

/// <summary>The outcome of one external tool run.</summary>
internal sealed record ToolResult(int ExitCode, string Output, string Error, TimeSpan Elapsed)
{
    public override string ToString() => $"exit {ExitCode} after {Elapsed.TotalSeconds:F1} s\nstdout:\n{Tail(Output)}\nstderr:\n{Tail(Error)}";

    private static string Tail(string text) => text.Length <= 4000 ? text : "…" + text[^4000..];
}

/// <summary>Runs a tool to completion. The timeout is only a hang guard: the process is killed and the test fails.</summary>
internal static class ToolRun
{
    /// <summary>
    /// The longest a tool run may take. The longest measured in a healthy run is 1.7 s (h2load's 20,000 requests, at a
    /// load of 15 on 2 cores; docs/testing.md): 30 s leaves a loaded CI machine a wide margin and keeps the first
    /// hung tool of a broken build from costing minutes.
    /// </summary>
    public static readonly TimeSpan HangGuard = TimeSpan.FromSeconds(30);

    /// <summary>
    /// Runs <paramref name="file"/>; <paramref name="onOutputLine"/>, when given, sees each stdout line as it arrives
    /// (on a thread-pool thread), so a test can react to what the tool reports while it runs.
    /// </summary>
    public static async Task<ToolResult> RunAsync(string file, IEnumerable<string> arguments, Action<string>? onOutputLine = null)
    {
        using Process process = new() { StartInfo = Start(file, arguments) };
        StringBuilder output = new();
        StringBuilder error = new();
        process.OutputDataReceived += (_, e) =>
        {
            Append(output, e.Data);
            if (e.Data is not null)
            {
                onOutputLine?.Invoke(e.Data);
            }
        };
        process.ErrorDataReceived += (_, e) => Append(error, e.Data);
        Stopwatch clock = Stopwatch.StartNew();
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        TimeSpan bound = WaitBreaker.Bound(HangGuard);
        using CancellationTokenSource guard = new(bound);
        try
        {
            await process.WaitForExitAsync(guard.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            Assert.Fail($"{WaitBreaker.RanOut($"{file} {string.Join(' ', arguments)}", bound)}\n{Snapshot(output)}\n{Snapshot(error)}");
        }

        // The parameterless wait also waits for the redirected streams to reach end of file.
        process.WaitForExit();
        return new ToolResult(process.ExitCode, Snapshot(output), Snapshot(error), clock.Elapsed);
    }

    public static ProcessStartInfo Start(string file, IEnumerable<string> arguments)
    {
        ProcessStartInfo info = new(file)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (string argument in arguments)
        {
            info.ArgumentList.Add(argument);
        }

        return info;
    }

    private static void Append(StringBuilder text, string? line)
    {
        if (line is not null)
        {
            lock (text)
            {
                text.AppendLine(line);
            }
        }
    }

    private static string Snapshot(StringBuilder text)
    {
        lock (text)
        {
            return text.ToString();
        }
    }
}
