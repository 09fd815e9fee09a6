using System;
using System.Buffers.Binary;
using System.Threading;
using System.Threading.Tasks;
using System.Threading.Tasks.Sources;
using BenchmarkDotNet.Attributes;

namespace Ht2.Benchmarks.Session;

/// <summary>
/// Requests per second through a server <see cref="Ht2Session"/> over an in-memory transport: each operation is one
/// GET (HEADERS with END_STREAM) answered with :status 200 and a 1 KiB body, 100 requests per read, the responses
/// written by the session's writer in coalesced batches and dropped. No sockets: the engine's own cost.
/// <see cref="EncodeFields"/> answers the way the sample server does (a field list the session checks and HPACK-encodes:
/// :status, content-length, server) instead of a pre-encoded one-octet block.
/// </summary>
[MemoryDiagnoser]
public class SessionBenchmarks
{
    private const int RequestsPerRead = 100;
    private static readonly byte[] Body = new byte[1024];
    private static readonly byte[] Get = [0x82, 0x86, 0x84, 0x41, 0x01, (byte)'x'];

    private readonly byte[] _input = new byte[(RequestsPerRead * (9 + 6)) + 13];
    private LoopbackTransport _transport = null!;
    private Ht2Session _session = null!;
    private static readonly Ht2Field[] Fields =
        [new(":status"u8.ToArray(), "200"u8.ToArray()), new("content-length"u8.ToArray(), "1024"u8.ToArray()), new("server"u8.ToArray(), "ht2"u8.ToArray())];

    private uint _nextId;

    /// <summary>Whether the response is a field list encoded by the session (true) or a pre-encoded block (false).</summary>
    [Params(false, true)]
    public bool EncodeFields { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        _transport = new LoopbackTransport();
        _session = new Ht2Session(_transport, Ht2SessionRole.Server, new Responder(EncodeFields), new Ht2SessionOptions { MaxConcurrentStreams = 1000 }, null);
        _ = _session.RunAsync();
        byte[] preface = [.. "PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n"u8, 0, 0, 0, 4, 0, 0, 0, 0, 0, 0, 0, 0, 4, 1, 0, 0, 0, 0];
        _transport.Feed(preface, preface.Length);
        for (int i = 0; i < RequestsPerRead; i++)
        {
            Span<byte> frame = _input.AsSpan(i * 15, 15);
            frame[2] = 6;
            frame[3] = 1;
            frame[4] = 0x5;
            Get.CopyTo(frame.Slice(9));
        }

        // WINDOW_UPDATE on stream 0 returning the connection credit the 100 response bodies take.
        Span<byte> update = _input.AsSpan(RequestsPerRead * 15);
        update[2] = 4;
        update[3] = 8;
        BinaryPrimitives.WriteUInt32BigEndian(update.Slice(9), RequestsPerRead * (uint)Body.Length);
        _nextId = 1;
    }

    [GlobalCleanup]
    public void Cleanup() => _session.Abort();

    /// <summary>100 requests and their responses (one operation = one request).</summary>
    [Benchmark(OperationsPerInvoke = RequestsPerRead)]
    public long Requests()
    {
        for (int i = 0; i < RequestsPerRead; i++)
        {
            BinaryPrimitives.WriteUInt32BigEndian(_input.AsSpan((i * 15) + 5), _nextId);
            _nextId += 2;
        }

        _transport.Feed(_input, _input.Length);
        return _transport.TakeWritten();
    }

    private sealed class Responder(bool encodeFields) : Ht2SessionHandler
    {
        public override void OnRequest(Ht2Stream stream, Ht2Headers headers, bool endStream)
        {
            if (encodeFields)
            {
                stream.SendHeaders(Fields, endStream: false);
            }
            else
            {
                stream.SendHeaderBlock([0x88], endStream: false);
            }

            _ = stream.SendDataAsync(Body, endStream: true);
        }
    }

    /// <summary>Hands the session one buffer per read (resuming it on the feeding thread) and counts what it writes.</summary>
    private sealed class LoopbackTransport : IFrameTransport, IValueTaskSource<int>
    {
        private readonly System.IO.Stream _sink = System.IO.Stream.Null;
        private ManualResetValueTaskSourceCore<int> _read;
        private Memory<byte> _destination;
        private int _pending;
        private long _written;

        public ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken)
        {
            _read.Reset();
            _destination = buffer;
            Volatile.Write(ref _pending, 1);
            return new ValueTask<int>(this, _read.Version);
        }

        public void Feed(byte[] bytes, int length)
        {
            SpinWait spin = default;
            while (Volatile.Read(ref _pending) == 0)
            {
                spin.SpinOnce();
            }

            _pending = 0;
            bytes.AsSpan(0, length).CopyTo(_destination.Span);
            _read.SetResult(length);
        }

        public long TakeWritten() => Interlocked.Exchange(ref _written, 0);

        public long Write(ReadOnlySpan<Iovec> entries)
        {
            long written = VectoredIO.WriteCoalesced(_sink, entries);
            _written += written;
            return written;
        }

        public ValueTask<long> WriteAsync(ReadOnlyMemory<Iovec> entries, CancellationToken cancellationToken) => new(Write(entries.Span));

        public void Flush()
        {
        }

        public ValueTask FlushAsync(CancellationToken cancellationToken) => default;

        public int Read(Span<byte> buffer) => throw new NotSupportedException("A session reads asynchronously.");

        public void ShutdownOutput()
        {
        }

        public void Close()
        {
        }

        int IValueTaskSource<int>.GetResult(short token) => _read.GetResult(token);

        ValueTaskSourceStatus IValueTaskSource<int>.GetStatus(short token) => _read.GetStatus(token);

        void IValueTaskSource<int>.OnCompleted(Action<object?> continuation, object? state, short token, ValueTaskSourceOnCompletedFlags flags) =>
            _read.OnCompleted(continuation, state, token, flags);
    }
}
