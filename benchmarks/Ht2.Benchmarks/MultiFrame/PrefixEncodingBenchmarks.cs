using System;
using System.Runtime.CompilerServices;
using BenchmarkDotNet.Attributes;

namespace Ht2.Benchmarks.MultiFrame;

/// <summary>The frame prefixes encoded by <see cref="PrefixEncodingBenchmarks"/>: the ten types and two flag variants.</summary>
public enum PrefixKind
{
    Data,
    DataPadded,
    Headers,
    HeadersPaddedPriority,
    Priority,
    RstStream,
    Settings,
    PushPromise,
    Ping,
    GoAway,
    WindowUpdate,
    Continuation,
}

/// <summary>
/// Header encoding alone (no I/O): the generated <c>WritePrefix</c> vs <see cref="HandWrittenPrefix"/>, 64 prefixes
/// of one frame written back to back per invoke (reported per prefix). [GlobalSetup] checks that both produce
/// identical bytes and lengths for every kind.
/// </summary>
[MemoryDiagnoser]
public class PrefixEncodingBenchmarks
{
    private const int PerInvoke = 64;

    private readonly byte[] _buffer = new byte[PerInvoke * 32];
    private DataFrame _data = new() { StreamId = 1, Flags = FrameFlags.EndStream };
    private DataFrame _dataPadded = new() { StreamId = 3, Flags = FrameFlags.EndStream | FrameFlags.Padded, PadLength = 17 };
    private HeadersFrame _headers = new() { StreamId = 5, Flags = FrameFlags.EndHeaders };
    private HeadersFrame _headersPaddedPriority = new()
    {
        StreamId = 7,
        Flags = FrameFlags.EndHeaders | FrameFlags.EndStream | FrameFlags.Padded | FrameFlags.Priority,
        PadLength = 9,
        StreamDependency = 3,
        Weight = 200,
        Exclusive = true,
    };

    private PriorityFrame _priority = new() { StreamId = 9, StreamDependency = 7, Weight = 15, Exclusive = true };
    private RstStreamFrame _rstStream = new() { StreamId = 11, ErrorCode = Http2ErrorCode.Cancel };
    private SettingsFrame _settings = default;
    private PushPromiseFrame _pushPromise = new() { StreamId = 13, Flags = FrameFlags.EndHeaders, PromisedStreamId = 2 };
    private PingFrame _ping = new() { OpaqueData = 0x0102_0304_0506_0708UL };
    private GoAwayFrame _goAway = new() { LastStreamId = 13, ErrorCode = Http2ErrorCode.NoError };
    private WindowUpdateFrame _windowUpdate = new() { StreamId = 1, WindowSizeIncrement = 65_535 };
    private ContinuationFrame _continuation = new() { StreamId = 5, Flags = FrameFlags.EndHeaders };

    [ParamsAllValues]
    public PrefixKind Kind { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        PrefixKind kind = Kind;
        foreach (PrefixKind k in Enum.GetValues<PrefixKind>())
        {
            Kind = k;
            int generatedLength = Generated();
            byte[] generated = _buffer.AsSpan(0, generatedLength).ToArray();
            Array.Clear(_buffer);
            int handLength = HandWritten();
            if (generatedLength != handLength || !generated.AsSpan().SequenceEqual(_buffer.AsSpan(0, handLength)))
            {
                throw new InvalidOperationException($"{k}: the hand-written prefix differs from the generated one.");
            }
        }

        Kind = kind;
    }

    [Benchmark(Baseline = true, OperationsPerInvoke = PerInvoke)]
    public int HandWritten() => Kind switch
    {
        PrefixKind.Data => Hand<DataFrame, HandWrittenPrefix.Data>(in _data, 1000),
        PrefixKind.DataPadded => Hand<DataFrame, HandWrittenPrefix.Data>(in _dataPadded, 1000),
        PrefixKind.Headers => Hand<HeadersFrame, HandWrittenPrefix.Headers>(in _headers, 200),
        PrefixKind.HeadersPaddedPriority => Hand<HeadersFrame, HandWrittenPrefix.Headers>(in _headersPaddedPriority, 200),
        PrefixKind.Priority => Hand<PriorityFrame, HandWrittenPrefix.Priority>(in _priority, 0),
        PrefixKind.RstStream => Hand<RstStreamFrame, HandWrittenPrefix.RstStream>(in _rstStream, 0),
        PrefixKind.Settings => Hand<SettingsFrame, HandWrittenPrefix.Settings>(in _settings, 12),
        PrefixKind.PushPromise => Hand<PushPromiseFrame, HandWrittenPrefix.PushPromise>(in _pushPromise, 100),
        PrefixKind.Ping => Hand<PingFrame, HandWrittenPrefix.Ping>(in _ping, 0),
        PrefixKind.GoAway => Hand<GoAwayFrame, HandWrittenPrefix.GoAway>(in _goAway, 16),
        PrefixKind.WindowUpdate => Hand<WindowUpdateFrame, HandWrittenPrefix.WindowUpdate>(in _windowUpdate, 0),
        _ => Hand<ContinuationFrame, HandWrittenPrefix.Continuation>(in _continuation, 500),
    };

    [Benchmark(OperationsPerInvoke = PerInvoke)]
    public int Generated() => Kind switch
    {
        PrefixKind.Data => Gen(in _data, 1000),
        PrefixKind.DataPadded => Gen(in _dataPadded, 1000),
        PrefixKind.Headers => Gen(in _headers, 200),
        PrefixKind.HeadersPaddedPriority => Gen(in _headersPaddedPriority, 200),
        PrefixKind.Priority => Gen(in _priority, 0),
        PrefixKind.RstStream => Gen(in _rstStream, 0),
        PrefixKind.Settings => Gen(in _settings, 12),
        PrefixKind.PushPromise => Gen(in _pushPromise, 100),
        PrefixKind.Ping => Gen(in _ping, 0),
        PrefixKind.GoAway => Gen(in _goAway, 16),
        PrefixKind.WindowUpdate => Gen(in _windowUpdate, 0),
        _ => Gen(in _continuation, 500),
    };

    [MethodImpl(MethodImplOptions.NoInlining)]
    private int Gen<TFrame>(in TFrame frame, int variableLength)
        where TFrame : struct, IHt2Frame<TFrame>
    {
        Span<byte> buffer = _buffer;
        int offset = 0;
        for (int i = 0; i < PerInvoke; i++)
        {
            offset += frame.WritePrefix(buffer.Slice(offset), variableLength);
        }

        return offset;
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private int Hand<TFrame, TEncoder>(in TFrame frame, int variableLength)
        where TFrame : struct
        where TEncoder : struct, IHandWrittenPrefix<TFrame>
    {
        Span<byte> buffer = _buffer;
        int offset = 0;
        for (int i = 0; i < PerInvoke; i++)
        {
            offset += TEncoder.Write(buffer.Slice(offset), in frame, variableLength);
        }

        return offset;
    }
}
