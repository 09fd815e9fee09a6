using BenchmarkDotNet.Attributes;

namespace Ht2.Benchmarks;

/// <summary>
/// Where copying stops paying: a batch of <see cref="Frames"/> DATA frames with <see cref="PayloadBytes"/>-byte
/// payloads sent with IovecBuilder at each <see cref="Threshold"/>. A payload shorter than the threshold is copied
/// next to its prefix; otherwise it gets its own entry. So per payload size only two behaviours exist (copied or
/// referenced), and the cells that share one show the noise.
/// </summary>
[MemoryDiagnoser]
public class CopyThresholdBenchmarks
{
    public const int Frames = 32;

    private LoopbackConnection _connection = null!;
    private FrameBatch _batch = null!;

    [Params(64, 256, 1024, 2048, 4096, 8192)]
    public int PayloadBytes { get; set; }

    [Params(0, 512, 1024, 2048, 4096, 8192, int.MaxValue)]
    public int Threshold { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        _connection = new LoopbackConnection();
        _batch = FrameBatch.Data(Frames, PayloadBytes);
    }

    [GlobalCleanup]
    public void Cleanup() => _connection.Dispose();

    [Benchmark]
    public long Builder() => SendStrategies.Builder(_connection.Writer, _batch, Threshold);
}
