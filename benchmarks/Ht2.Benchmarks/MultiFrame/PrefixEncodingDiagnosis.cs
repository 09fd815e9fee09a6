using System;
using System.Buffers.Binary;
using System.Runtime.CompilerServices;
using BenchmarkDotNet.Attributes;

namespace Ht2.Benchmarks.MultiFrame;

/// <summary>
/// Where the generated serializer's extra time goes (a diagnosis of <see cref="PrefixEncodingBenchmarks"/>):
/// the generated WritePrefix, its TryWritePrefix without the throwing wrapper, and the hand-written encoder
/// with its 9-byte header written by <c>FrameHeader.Write(Span, int, FrameType, FrameFlags, uint)</c> (what the generated code calls) instead of
/// two BinaryPrimitives stores. 64 prefixes per invoke, reported per prefix.
/// </summary>
[MemoryDiagnoser]
public class PrefixEncodingDiagnosis
{
    private const int PerInvoke = 64;
    private readonly byte[] _buffer = new byte[PerInvoke * 32];
    private DataFrame _data = new() { StreamId = 1, Flags = FrameFlags.EndStream };
    private PingFrame _ping = new() { OpaqueData = 0x0102_0304_0506_0708UL };
    private HeadersFrame _headers = new()
    {
        StreamId = 7,
        Flags = FrameFlags.EndHeaders | FrameFlags.EndStream | FrameFlags.Padded | FrameFlags.Priority,
        PadLength = 9,
        StreamDependency = 3,
        Weight = 200,
        Exclusive = true,
    };

    [Params(PrefixKind.Data, PrefixKind.HeadersPaddedPriority, PrefixKind.Ping)]
    public PrefixKind Kind { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        int a = GeneratedWritePrefix();
        byte[] expected = _buffer.AsSpan(0, a).ToArray();
        foreach (Func<int> f in new Func<int>[] { GeneratedTryWritePrefix, HandWrittenWithFrameHeaderWrite, HandWritten })
        {
            Array.Clear(_buffer);
            if (f() != a || !expected.AsSpan().SequenceEqual(_buffer.AsSpan(0, a)))
            {
                throw new InvalidOperationException($"{Kind}: {f.Method.Name} differs from the generated prefix.");
            }
        }
    }

    [Benchmark(Baseline = true, OperationsPerInvoke = PerInvoke)]
    public int HandWritten() => Kind switch
    {
        PrefixKind.Data => Loop<DataFrame, HandWrittenPrefix.Data>(in _data, 1000),
        PrefixKind.Ping => Loop<PingFrame, HandWrittenPrefix.Ping>(in _ping, 0),
        _ => Loop<HeadersFrame, HandWrittenPrefix.Headers>(in _headers, 200),
    };

    [Benchmark(OperationsPerInvoke = PerInvoke)]
    public int HandWrittenWithFrameHeaderWrite() => Kind switch
    {
        PrefixKind.Data => Loop<DataFrame, ViaFrameHeader>(in _data, 1000),
        PrefixKind.Ping => Loop<PingFrame, ViaFrameHeader>(in _ping, 0),
        _ => Loop<HeadersFrame, ViaFrameHeader>(in _headers, 200),
    };

    [Benchmark(OperationsPerInvoke = PerInvoke)]
    public int GeneratedWritePrefix() => Kind switch
    {
        PrefixKind.Data => Loop<DataFrame, GeneratedWrite<DataFrame>>(in _data, 1000),
        PrefixKind.Ping => Loop<PingFrame, GeneratedWrite<PingFrame>>(in _ping, 0),
        _ => Loop<HeadersFrame, GeneratedWrite<HeadersFrame>>(in _headers, 200),
    };

    [Benchmark(OperationsPerInvoke = PerInvoke)]
    public int GeneratedTryWritePrefix() => Kind switch
    {
        PrefixKind.Data => Loop<DataFrame, GeneratedTry<DataFrame>>(in _data, 1000),
        PrefixKind.Ping => Loop<PingFrame, GeneratedTry<PingFrame>>(in _ping, 0),
        _ => Loop<HeadersFrame, GeneratedTry<HeadersFrame>>(in _headers, 200),
    };

    [MethodImpl(MethodImplOptions.NoInlining)]
    private int Loop<TFrame, TEncoder>(in TFrame frame, int variableLength)
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

    private readonly struct GeneratedWrite<TFrame> : IHandWrittenPrefix<TFrame>
        where TFrame : struct, IHt2Frame<TFrame>
    {
        public static int Write(Span<byte> destination, in TFrame frame, int variableLength) => frame.WritePrefix(destination, variableLength);
    }

    private readonly struct GeneratedTry<TFrame> : IHandWrittenPrefix<TFrame>
        where TFrame : struct, IHt2Frame<TFrame>
    {
        public static int Write(Span<byte> destination, in TFrame frame, int variableLength) =>
            frame.TryWritePrefix(destination, variableLength, out int written) ? written : 0;
    }

    private readonly struct ViaFrameHeader : IHandWrittenPrefix<DataFrame>, IHandWrittenPrefix<PingFrame>, IHandWrittenPrefix<HeadersFrame>
    {
        public static int Write(Span<byte> d, in DataFrame f, int variableLength) => DataViaFrameHeader(d, in f, variableLength);

        public static int Write(Span<byte> d, in PingFrame f, int variableLength) => PingViaFrameHeader(d, in f);

        public static int Write(Span<byte> d, in HeadersFrame f, int variableLength) => HeadersViaFrameHeader(d, in f, variableLength);
    }

    private static int DataViaFrameHeader(Span<byte> d, in DataFrame f, int variableLength)
    {
        FrameHeader.Write(d, variableLength, FrameType.Data, f.Flags, f.StreamId);
        return 9;
    }

    private static int PingViaFrameHeader(Span<byte> d, in PingFrame f)
    {
        FrameHeader.Write(d, 8, FrameType.Ping, f.Flags, f.StreamId);
        BinaryPrimitives.WriteUInt64BigEndian(d.Slice(9), f.OpaqueData);
        return 17;
    }

    private static int HeadersViaFrameHeader(Span<byte> d, in HeadersFrame f, int variableLength)
    {
        FrameHeader.Write(d, 6 + variableLength + f.PadLength, FrameType.Headers, f.Flags, f.StreamId);
        d[9] = f.PadLength;
        BinaryPrimitives.WriteUInt32BigEndian(d.Slice(10), HandWrittenPrefix.Check31(f.StreamDependency) | (f.Exclusive ? 0x8000_0000u : 0u));
        d[14] = f.Weight;
        return 15;
    }
}
