using System;
using System.Diagnostics;

namespace Ht2.Benchmarks.MultiFrame;

/// <summary>
/// <c>--min-of-rounds</c>: <see cref="MultiFrameWriterCost"/>'s three methods, and 1000 frames of one control type
/// encoded (WritePrefix into a buffer) or added (Add, then Reset; PING, WINDOW_UPDATE, RST_STREAM, SETTINGS ACK; and PING and SETTINGS ACK with one AddFrames call), each timed in 40 rounds interleaved with the
/// others; prints the lowest and the median round, in ns per batch and per frame. On a shared machine the lowest
/// round is the figure the other processes disturb least; compare only within one run.
/// </summary>
public static class MinOfRounds
{
    private const int Rounds = 40;

    public static void Run()
    {
        foreach (string row in new[] { "control 50", "control 1000" })
        {
            var cost = new MultiFrameWriterCost { Row = row };
            cost.Setup();
            int calls = row == "control 50" ? 4000 : 200;
            Report(row, 1, calls, [
                ("EncodeAndCopy", () => cost.EncodeAndCopy()),
                ("AddThenReset", () => cost.AddThenReset()),
                ("FlushToStreamNull", () => cost.FlushToStreamNull()),
            ]);
            cost.Cleanup();
        }

        var pings = new PingFrame[1000];
        var updates = new WindowUpdateFrame[1000];
        var resets = new RstStreamFrame[1000];
        var acks = new SettingsFrame[1000];
        for (int i = 0; i < 1000; i++)
        {
            pings[i] = new PingFrame { OpaqueData = (ulong)i };
            updates[i] = new WindowUpdateFrame { StreamId = (uint)(2 * i + 1), WindowSizeIncrement = (uint)(1000 + i) };
            resets[i] = new RstStreamFrame { StreamId = (uint)(2 * i + 1), ErrorCode = Http2ErrorCode.Cancel };
            acks[i] = new SettingsFrame { Flags = FrameFlags.Ack };
        }

        byte[] buffer = GC.AllocateArray<byte>(32_000, pinned: true);
        using var writer = new Ht2.MultiFrameWriter();
        Report("1000 frames", 1000, 100, [
            ("PING encode", () => Encode(pings, buffer)),
            ("PING add", () => Add(pings, writer)),
            ("WINDOW_UPDATE encode", () => Encode(updates, buffer)),
            ("WINDOW_UPDATE add", () => Add(updates, writer)),
            ("RST_STREAM encode", () => Encode(resets, buffer)),
            ("RST_STREAM add", () => Add(resets, writer)),
            ("SETTINGS ACK encode", () => Encode(acks, buffer)),
            ("SETTINGS ACK add", () => Add(acks, writer)),
            ("PING AddFrames", () => AddFrames(pings, writer)),
            ("SETTINGS ACK AddFrames", () => AddFrames(acks, writer)),
        ]);
    }

    private static long Encode<TFrame>(TFrame[] frames, byte[] buffer)
        where TFrame : struct, IHt2Frame<TFrame>
    {
        Span<byte> destination = buffer;
        int offset = 0;
        foreach (ref readonly TFrame frame in frames.AsSpan())
        {
            offset += frame.WritePrefix(destination.Slice(offset), 0);
        }

        return offset;
    }

    private static long Add<TFrame>(TFrame[] frames, Ht2.MultiFrameWriter writer)
        where TFrame : struct, IHt2Frame<TFrame>
    {
        foreach (ref readonly TFrame frame in frames.AsSpan())
        {
            writer.Add(in frame);
        }

        long length = writer.TotalLength;
        writer.Reset();
        return length;
    }

    private static long AddFrames<TFrame>(TFrame[] frames, Ht2.MultiFrameWriter writer)
        where TFrame : struct, IHt2Frame<TFrame>
    {
        writer.AddFrames<TFrame>(frames);
        long length = writer.TotalLength;
        writer.Reset();
        return length;
    }

    private static void Report(string row, int framesPerCall, int calls, (string Name, Func<long> Run)[] methods)
    {
        double[][] samples = new double[methods.Length][];
        for (int m = 0; m < methods.Length; m++)
        {
            samples[m] = new double[Rounds];
            for (int i = 0; i < calls * 15; i++)
            {
                methods[m].Run();
            }
        }

        for (int r = 0; r < Rounds; r++)
        {
            for (int m = 0; m < methods.Length; m++)
            {
                Func<long> run = methods[m].Run;
                long start = Stopwatch.GetTimestamp();
                for (int i = 0; i < calls; i++)
                {
                    run();
                }

                samples[m][r] = Stopwatch.GetElapsedTime(start).TotalNanoseconds / calls / framesPerCall;
            }
        }

        string unit = framesPerCall == 1 ? "ns/batch" : "ns/frame";
        for (int m = 0; m < methods.Length; m++)
        {
            Array.Sort(samples[m]);
            Console.WriteLine($"{row,-13} {methods[m].Name,-21} lowest {samples[m][0],9:F2} {unit}  median {samples[m][Rounds / 2],9:F2}");
        }
    }
}
