using System;
using BenchmarkDotNet.Attributes;

namespace Ht2.Benchmarks.MultiFrame;

/// <summary>
/// One batch per operation over TCP loopback (a reader thread drains), sent five ways; see <see cref="WireBatch"/>
/// for the rows and <see cref="BatchStrategies"/> for the ways. Baseline: one Socket.Send per frame.
/// [GlobalSetup] checks that all five put exactly the same bytes on the wire.
/// </summary>
[MemoryDiagnoser]
public class BatchSendBenchmarks
{
    private LoopbackConnection _connection = null!;
    private WireBatch _batch = null!;
    private Ht2.MultiFrameWriter _writer = null!;

    [Params("control 10", "control 50", "control 100", "control 1000", "data 16", "data 64", "headers 65536")]
    public string Row { get; set; } = "control 10";

    [GlobalSetup]
    public void Setup()
    {
        _batch = WireBatch.Parse(Row);
        _writer = new Ht2.MultiFrameWriter();
        byte[] expected = WireCapture.Capture(s => BatchStrategies.CopySend(s, _batch), _batch.BatchLength);
        Check("SendPerFrame", expected, WireCapture.Capture(s => BatchStrategies.SendPerFrame(s, _batch), _batch.BatchLength));
        Check("SendList", expected, WireCapture.Capture(s => BatchStrategies.SendList(s, _batch), _batch.BatchLength));
        Check("Writev", expected, WireCapture.Capture(s => BatchStrategies.Writev(s, _batch), _batch.BatchLength));
        Check("MultiFrameWriter", expected, WireCapture.Capture(s => BatchStrategies.MultiFrameWriter(s, _batch, _writer), _batch.BatchLength));
        _connection = new LoopbackConnection();
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _writer.Dispose();
        _connection.Dispose();
    }

    [Benchmark(Baseline = true)]
    public long SendPerFrame() => BatchStrategies.SendPerFrame(_connection.Writer, _batch);

    [Benchmark]
    public long CopySend() => BatchStrategies.CopySend(_connection.Writer, _batch);

    [Benchmark]
    public long SendList() => BatchStrategies.SendList(_connection.Writer, _batch);

    [Benchmark]
    public long Writev() => BatchStrategies.Writev(_connection.Writer, _batch);

    [Benchmark]
    public long MultiFrameWriter() => BatchStrategies.MultiFrameWriter(_connection.Writer, _batch, _writer);

    /// <summary>Not a benchmark: the same adds, flushed to the socket's SafeHandle (--alloc-check only).</summary>
    public long MultiFrameWriterToSafeHandle()
    {
        BatchStrategies.MultiFrameWriter(null, _batch, _writer);
        return _writer.FlushTo(_connection.Writer.SafeHandle);
    }

    /// <summary>Not a benchmark: the same adds, flushed to a NetworkStream over the socket (--alloc-check only).</summary>
    public long MultiFrameWriterToStream()
    {
        _stream ??= new System.Net.Sockets.NetworkStream(_connection.Writer, ownsSocket: false);
        BatchStrategies.MultiFrameWriter(null, _batch, _writer);
        return _writer.FlushTo(_stream);
    }

    private System.Net.Sockets.NetworkStream? _stream;

    private static void Check(string strategy, byte[] expected, byte[] actual)
    {
        if (!expected.AsSpan().SequenceEqual(actual))
        {
            throw new InvalidOperationException($"{strategy} put different bytes on the wire than CopySend.");
        }
    }
}
