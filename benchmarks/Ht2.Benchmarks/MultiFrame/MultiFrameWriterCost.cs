using System;
using System.IO;
using BenchmarkDotNet.Attributes;

namespace Ht2.Benchmarks.MultiFrame;

/// <summary>
/// No I/O: where MultiFrameWriter's time goes on control batches, against CopySend's encoding and copying alone.
/// EncodeAndCopy = CopySend without the Send; AddThenReset = the Adds, then Reset (no flush);
/// FlushToStreamNull = the Adds, BuildWire and one Stream.Null.Write (the batch merges into one entry, so no copy).
/// </summary>
[MemoryDiagnoser]
public class MultiFrameWriterCost
{
    private WireBatch _batch = null!;
    private Ht2.MultiFrameWriter _writer = null!;

    [Params("control 50", "control 1000")]
    public string Row { get; set; } = "control 50";

    [GlobalSetup]
    public void Setup()
    {
        _batch = WireBatch.Parse(Row);
        _writer = new Ht2.MultiFrameWriter();
    }

    [GlobalCleanup]
    public void Cleanup() => _writer.Dispose();

    [Benchmark(Baseline = true)]
    public int EncodeAndCopy() => _batch.Typed!.Encode(_batch.Staging);

    [Benchmark]
    public long AddThenReset()
    {
        BatchStrategies.MultiFrameWriter(null, _batch, _writer);
        long length = _writer.TotalLength;
        _writer.Reset();
        return length;
    }

    [Benchmark]
    public long FlushToStreamNull()
    {
        BatchStrategies.MultiFrameWriter(null, _batch, _writer);
        return _writer.FlushTo(Stream.Null);
    }
}
