using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Globalization;
using System.Linq;

namespace Ht2.Benchmarks.MultiFrame;

/// <summary>
/// <c>Ht2.LimitRunner --c BINARY [--rounds N] [--scale K]</c>: MultiFrameWriter and CopySend timed the way the C limit
/// program (writev_limit.c, built by <c>benchmarks/limit/run.sh</c>) times its strategies, interleaved with runs of
/// that program, so a verdict against the C limit compares Ht2 with C and not two harnesses.
/// </summary>
/// <remarks>
/// <para>The method is the C program's: one TCP loopback connection with TCP_NODELAY on the writer, one reader thread
/// draining with 64 KiB reads (<see cref="LoopbackConnection"/>), and for each strategy ITERATIONS batches sent back
/// to back under one wall clock, divided by ITERATIONS (the C program's FRAMES/ITERATIONS grid: 50 frames × 10,000,
/// 1000 frames × 500, times <c>--scale</c>).</para>
/// <para>Two batch shapes per frame count, each against the C row that puts the same bytes on the wire:
/// "ack N" (N SETTINGS ACK frames, 9 bytes each) against C "N 0" (the run.sh row: N 9-byte headers), and BatchSend's
/// "control N" (PING, WINDOW_UPDATE, SETTINGS with two entries, RST_STREAM in turn: 16 bytes a frame on average)
/// against C "N 7" (16-byte frames; C copies the 7 payload bytes with a second memcpy per frame).</para>
/// <para>Each round runs every row's MultiFrameWriter, CopySend and C program in an order rotated by the round
/// number; a new C process each time, like run.sh. The C program times its copy pass right after its seq pass, which
/// sends the same batches one write per frame piece for a second or more, so a managed strategy is timed after the
/// same lead-in: it runs untimed for as long as the C program's last seq pass took, then its timed pass. Each managed
/// strategy is also timed after a single untimed pass ("… after one pass"), to show what the lead-in changes.
/// Reported: the lowest and the median round of each, and the ratios MFW ÷ CopySend and MFW ÷ fastest C (the lower
/// of C's copy and hybrid, which do the same work for payloads below 2048 bytes), lowest ÷ lowest and as the median of
/// the per-round ratios.</para>
/// </remarks>
public static class LimitComparison
{
    private static readonly (string Shape, int Frames, int Iterations, int CPayload)[] Grid =
        [("ack", 50, 10_000, 0), ("control", 50, 10_000, 7), ("ack", 1000, 500, 0), ("control", 1000, 500, 7)];

    public static void Main(string[] args)
    {
        if (Option(args, "--spin") is string strategy)
        {
            Spin(strategy, Option(args, "--shape") ?? "control", int.Parse(Option(args, "--frames") ?? "1000", CultureInfo.InvariantCulture), long.Parse(Option(args, "--batches") ?? "1000000", CultureInfo.InvariantCulture));
            return;
        }

        string cBinary = Option(args, "--c") ?? throw new ArgumentException("Give --c PATH (the built writev_limit) or --spin STRATEGY.");
        int rounds = int.Parse(Option(args, "--rounds") ?? "40", CultureInfo.InvariantCulture);
        int scale = int.Parse(Option(args, "--scale") ?? "1", CultureInfo.InvariantCulture);
        bool fresh = args.Contains("--fresh-connections");

        using var connection = new LoopbackConnection();
        var rows = Grid.Select(g => new Row(g.Shape, g.Frames, g.Iterations * scale, g.CPayload, connection, fresh)).ToArray();
        foreach (Row row in rows)
        {
            row.Warm(cBinary);
        }

        Console.WriteLine($"# {rounds} rounds, iterations ×{scale}, {(fresh ? "a new connection for each managed strategy's passes" : "one connection")}, C: {cBinary}, load average {LoadAverage()}");
        for (int r = 0; r < rounds; r++)
        {
            foreach (Row row in rows)
            {
                row.RunRound(r, cBinary);
            }
        }

        Console.WriteLine($"# load average at the end {LoadAverage()}");
        foreach (Row row in rows)
        {
            row.Report();
        }
    }

    /// <summary>
    /// <c>--spin MultiFrameWriter|CopySend|AddFrames [--shape control|ack] [--frames N] [--batches B]</c>: only that strategy, B batches after a warm-up,
    /// for a profiler (perf record) or an instruction counter (two runs with different B: the difference per batch).
    /// </summary>
    private static void Spin(string strategy, string shape, int frames, long batches)
    {
        using var connection = new LoopbackConnection();
        var row = new Row(shape, frames, 1, 0, connection, fresh: false);
        Func<double> run = strategy switch
        {
            "MultiFrameWriter" => row.TimeMultiFrameWriter,
            "CopySend" => row.TimeCopySend,
            "AddFrames" => row.TimeAddFrames,
            _ => throw new ArgumentException($"Unknown strategy '{strategy}'."),
        };
        for (int i = 0; i < 2000; i++)
        {
            run();
        }

        long start = Stopwatch.GetTimestamp();
        for (long i = 0; i < batches; i++)
        {
            run();
        }

        Console.WriteLine($"{strategy} {shape} {frames}: {Stopwatch.GetElapsedTime(start).TotalMicroseconds / batches:F3} µs per batch over {batches} batches");
    }

    private static string? Option(string[] args, string name)
    {
        int i = Array.IndexOf(args, name);
        return i >= 0 && i + 1 < args.Length ? args[i + 1] : null;
    }

    private static string LoadAverage()
    {
        try
        {
            return string.Join(' ', System.IO.File.ReadAllText("/proc/loadavg").Split(' ').Take(3));
        }
        catch (System.IO.IOException)
        {
            return "unknown";
        }
    }

    /// <summary>One grid row: its batch, its writer and every round's figures (µs per batch).</summary>
    private sealed class Row
    {
        private readonly string _shape;
        private readonly int _frames;
        private readonly int _iterations;
        private readonly int _cPayload;
        private readonly bool _fresh;
        private LoopbackConnection _connection;
        private readonly WireBatch _batch;
        private readonly Ht2.MultiFrameWriter _writer = new();

        // How long the C program's last seq pass sent (its lead-in before the timed copy pass); 0 until it has run.
        private TimeSpan _cLeadIn;

        // "ack" rows: the same frames for one AddFrames call.
        private readonly SettingsFrame[] _acks;
        private readonly Dictionary<string, List<double>> _figures = new();

        // fresh: each managed strategy's passes of a round run on a new connection, as each C run does in its new
        // process; otherwise every pass of the run shares the connection given.
        public Row(string shape, int frames, int iterations, int cPayload, LoopbackConnection connection, bool fresh)
        {
            _fresh = fresh;
            _shape = shape;
            _frames = frames;
            _iterations = iterations;
            _cPayload = cPayload;
            _connection = connection;
            _batch = WireBatch.Parse($"{shape} {frames}");
            _acks = shape == "ack" ? _batch.Frames.Select(f => f.Settings).ToArray() : [];
            byte[] expected = WireCapture.Capture(s => BatchStrategies.CopySend(s, _batch), _batch.BatchLength);
            byte[] switched = new byte[_batch.BatchLength];
            if (BatchStrategies.EncodeAll(_batch, switched) != switched.Length || !expected.AsSpan().SequenceEqual(switched))
            {
                throw new InvalidOperationException("The typed loop put different bytes on the wire than the batch's frames in order.");
            }

            byte[] actual = WireCapture.Capture(s => BatchStrategies.MultiFrameWriter(s, _batch, _writer), _batch.BatchLength);
            if (!expected.AsSpan().SequenceEqual(actual))
            {
                throw new InvalidOperationException("MultiFrameWriter put different bytes on the wire than CopySend.");
            }

            if (_acks.Length != 0 && !expected.AsSpan().SequenceEqual(WireCapture.Capture(AddFramesAndFlush, _batch.BatchLength)))
            {
                throw new InvalidOperationException("AddFrames put different bytes on the wire than CopySend.");
            }
        }

        /// <summary>The managed strategies of this row: MultiFrameWriter with one Add per frame, CopySend, and on "ack" rows MultiFrameWriter with one AddFrames call.</summary>
        private IEnumerable<(string Name, Func<double> Time)> Strategies()
        {
            yield return ("MultiFrameWriter", TimeMultiFrameWriter);
            yield return ("CopySend", TimeCopySend);
            if (_acks.Length != 0)
            {
                yield return ("MFW AddFrames", TimeAddFrames);
            }
        }

        /// <summary>Runs the managed strategies until tier-1 code is in place (1.5 s), and the C program once for its lead-in.</summary>
        public void Warm(string cBinary)
        {
            RunC(cBinary, record: false);
            var clock = Stopwatch.StartNew();
            while (clock.Elapsed < TimeSpan.FromSeconds(1.5))
            {
                foreach ((_, Func<double> time) in Strategies())
                {
                    for (int i = 0; i < 10; i++)
                    {
                        time();
                    }
                }
            }
        }

        public void RunRound(int round, string cBinary)
        {
            // The C program takes the last slot; the order of all slots rotates with the round.
            var slots = Strategies().Select(s => ((string?)s.Name, (Func<double>?)s.Time)).Append((null, null)).ToArray();
            for (int k = 0; k < slots.Length; k++)
            {
                (string? name, Func<double>? time) = slots[(k + round) % slots.Length];
                if (time is null)
                {
                    RunC(cBinary);
                }
                else
                {
                    // An untimed pass first: the C program times its copy and hybrid strategies right after sending
                    // the same batches its other ways on the same connection, so a managed strategy gets the same
                    // warm connection and caches instead of following a process start or another strategy.
                    using LoopbackConnection? renewed = _fresh ? new LoopbackConnection() : null;
                    LoopbackConnection shared = _connection;
                    _connection = renewed ?? shared;
                    time();
                    Add($"{name} after one pass", time());
                    var leadIn = Stopwatch.StartNew();
                    while (leadIn.Elapsed < _cLeadIn)
                    {
                        time();
                    }

                    Add(name!, time());
                    _connection = shared;
                }
            }
        }

        public double TimeMultiFrameWriter()
        {
            long start = Stopwatch.GetTimestamp();
            for (int i = 0; i < _iterations; i++)
            {
                BatchStrategies.MultiFrameWriter(_connection.Writer, _batch, _writer);
            }

            return Stopwatch.GetElapsedTime(start).TotalMicroseconds / _iterations;
        }

        /// <summary>"ack" rows: the batch added with one AddFrames call, then flushed (same bytes as the Adds).</summary>
        public double TimeAddFrames()
        {
            long start = Stopwatch.GetTimestamp();
            for (int i = 0; i < _iterations; i++)
            {
                AddFramesAndFlush(_connection.Writer);
            }

            return Stopwatch.GetElapsedTime(start).TotalMicroseconds / _iterations;
        }

        private long AddFramesAndFlush(System.Net.Sockets.Socket socket)
        {
            _writer.AddFrames<SettingsFrame>(_acks);
            return _writer.FlushTo(socket);
        }

        public double TimeCopySend()
        {
            long start = Stopwatch.GetTimestamp();
            for (int i = 0; i < _iterations; i++)
            {
                BatchStrategies.CopySend(_connection.Writer, _batch);
            }

            return Stopwatch.GetElapsedTime(start).TotalMicroseconds / _iterations;
        }

        private void RunC(string binary, bool record = true)
        {
            int payload = _cPayload;
            var info = new ProcessStartInfo(binary)
            {
                RedirectStandardOutput = true,
                UseShellExecute = false,
            };
            info.ArgumentList.Add(_frames.ToString(CultureInfo.InvariantCulture));
            info.ArgumentList.Add(payload.ToString(CultureInfo.InvariantCulture));
            info.ArgumentList.Add(_iterations.ToString(CultureInfo.InvariantCulture));
            using Process process = Process.Start(info)!;
            string output = process.StandardOutput.ReadToEnd();
            process.WaitForExit();
            if (process.ExitCode != 0)
            {
                throw new InvalidOperationException($"{binary} exited with {process.ExitCode}: {output}");
            }

            // "frames=F payload=P us/batch: seq=S copy=C writev=W hybrid=H"
            foreach (string field in output.Split(' ', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
            {
                string[] pair = field.Split('=');
                if (pair.Length != 2)
                {
                    continue;
                }

                double microseconds = double.Parse(pair[1], CultureInfo.InvariantCulture);
                if (pair[0] == "seq")
                {
                    _cLeadIn = TimeSpan.FromMicroseconds(microseconds * _iterations);
                }
                else if (record && pair[0] is "copy" or "hybrid")
                {
                    Add($"C {pair[0]}", microseconds);
                }
            }
        }

        private void Add(string name, double microseconds)
        {
            if (!_figures.TryGetValue(name, out List<double>? list))
            {
                _figures[name] = list = new List<double>();
            }

            list.Add(microseconds);
        }

        public void Report()
        {
            Console.WriteLine();
            Console.WriteLine($"{_shape} {_frames} ({_batch.BatchLength} B a batch) against C \"{_frames} {_cPayload}\" ({(9 + _cPayload) * _frames} B), {_iterations} batches a round, µs per batch:");
            foreach ((string name, List<double> values) in _figures)
            {
                Console.WriteLine($"  {name,-22} lowest {Lowest(values),8:F3}  median {Median(values),8:F3}  rounds {string.Join(' ', values.Select(v => v.ToString("F2", CultureInfo.InvariantCulture)))}");
            }

            List<double> mfw = _figures["MultiFrameWriter"];
            Ratio("MFW ÷ CopySend", mfw, _figures["CopySend"]);
            List<double> fastestC = _figures["C copy"].Zip(_figures["C hybrid"], Math.Min).ToList();
            Ratio("MFW ÷ fastest C", mfw, fastestC);
            Ratio("CopySend ÷ fastest C", _figures["CopySend"], fastestC);
            Ratio("MFW ÷ CopySend, after one pass", _figures["MultiFrameWriter after one pass"], _figures["CopySend after one pass"]);
            Ratio("MFW ÷ fastest C, after one pass", _figures["MultiFrameWriter after one pass"], fastestC);
            if (_figures.TryGetValue("MFW AddFrames", out List<double>? addFrames))
            {
                Ratio("MFW AddFrames ÷ fastest C", addFrames, fastestC);
            }
        }

        private static void Ratio(string name, List<double> numerator, List<double> denominator)
        {
            List<double> perRound = numerator.Zip(denominator, (n, d) => n / d).ToList();
            Console.WriteLine($"  {name,-30} lowest ÷ lowest {Lowest(numerator) / Lowest(denominator),6:F3}  median of per-round ratios {Median(perRound),6:F3}");
        }

        private static double Lowest(List<double> values) => values.Min();

        private static double Median(List<double> values)
        {
            double[] sorted = values.Order().ToArray();
            return sorted.Length % 2 == 1 ? sorted[sorted.Length / 2] : (sorted[sorted.Length / 2 - 1] + sorted[sorted.Length / 2]) / 2;
        }
    }
}
