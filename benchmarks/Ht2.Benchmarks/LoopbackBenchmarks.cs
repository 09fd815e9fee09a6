using BenchmarkDotNet.Attributes;

namespace Ht2.Benchmarks;

/// <summary>
/// Issue 3: one batch per operation over TCP loopback, sent four ways. <see cref="Row"/> is the C limit grid row
/// ("FRAMES PAYLOAD_BYTES" of writev_limit.c); payload 0 rows send PING frames (17 bytes each: header + 8 bytes),
/// "16 16384" sends 16 DATA frames with 16 KiB payloads. The methods match the C columns seq/copy/writev;
/// Builder is IovecBuilder with its default copy threshold (the C 'hybrid' column is the same idea).
/// </summary>
[MemoryDiagnoser]
public class LoopbackBenchmarks
{
    private LoopbackConnection _connection = null!;
    private FrameBatch _batch = null!;

    [Params("10 0", "50 0", "1000 0", "16 16384")]
    public string Row { get; set; } = "10 0";

    [GlobalSetup]
    public void Setup()
    {
        _connection = new LoopbackConnection();
        _batch = FrameBatch.Parse(Row);
    }

    [GlobalCleanup]
    public void Cleanup() => _connection.Dispose();

    [Benchmark]
    public long Seq() => SendStrategies.Seq(_connection.Writer, _batch);

    [Benchmark(Baseline = true)]
    public long Copy() => SendStrategies.Copy(_connection.Writer, _batch);

    [Benchmark]
    public long Writev() => SendStrategies.Writev(_connection.Writer, _batch);

    [Benchmark]
    public long Builder() => SendStrategies.Builder(_connection.Writer, _batch);
}
