using BenchmarkDotNet.Attributes;

namespace Ht2.Benchmarks;

/// <summary>
/// The two behaviours behind <see cref="CopyThresholdBenchmarks"/>, measured head to head with more iterations:
/// the same batch of <see cref="CopyThresholdBenchmarks.Frames"/> DATA frames sent by IovecBuilder with every
/// payload copied next to its prefix (threshold int.MaxValue) or every payload referenced (threshold 0).
/// </summary>
[MemoryDiagnoser]
public class CopyOrReferenceBenchmarks
{
    private LoopbackConnection _connection = null!;
    private FrameBatch _batch = null!;

    [Params(64, 256, 1024, 2048, 4096, 8192)]
    public int PayloadBytes { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        _connection = new LoopbackConnection();
        _batch = FrameBatch.Data(CopyThresholdBenchmarks.Frames, PayloadBytes);
    }

    [GlobalCleanup]
    public void Cleanup() => _connection.Dispose();

    [Benchmark(Baseline = true)]
    public long Copied() => SendStrategies.Builder(_connection.Writer, _batch, int.MaxValue);

    [Benchmark]
    public long Referenced() => SendStrategies.Builder(_connection.Writer, _batch, 0);
}
