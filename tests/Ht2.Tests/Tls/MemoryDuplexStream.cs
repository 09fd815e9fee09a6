using System;
using System.IO;
using System.Threading;
using System.Threading.Tasks;
using System.Threading.Tasks.Sources;

namespace Ht2.Tests.Tls;

/// <summary>
/// One end of an in-memory connection (<see cref="CreatePair"/>). A write lands in the other end's receive buffer and
/// completes that end's pending read on the writing thread, so a test that writes drives whatever reads the other end
/// (an SslStream, a session) on its own thread. Both ends may also run on different threads (a TLS handshake).
/// After warm-up nothing allocates: the receive buffer is reused and a pending read is one reusable value-task source.
/// </summary>
internal sealed class MemoryDuplexStream : Stream, IValueTaskSource<int>
{
    private readonly object _lock;
    private MemoryDuplexStream _peer = null!;
    private byte[] _received = new byte[256 * 1024];
    private int _start;
    private int _end;
    private bool _endOfInput;
    private ManualResetValueTaskSourceCore<int> _read;
    private Memory<byte> _readBuffer;
    private bool _readPending;

    private MemoryDuplexStream(object sharedLock) => _lock = sharedLock;

    /// <summary>True while a read waits for bytes: the next write to the other end completes it inline.</summary>
    public bool ReadPending
    {
        get
        {
            lock (_lock)
            {
                return _readPending;
            }
        }
    }

    /// <summary>
    /// Whether a write from the other end resumes this end's pending read on the writing thread (the default) or on
    /// the thread pool. An end whose reader is the test's own awaiting code resumes on the thread pool, so that code
    /// never runs inside the other end's write (where it could wait for that very writer to finish).
    /// </summary>
    public bool ResumesReadsInline
    {
        get => !_read.RunContinuationsAsynchronously;
        set => _read.RunContinuationsAsynchronously = !value;
    }

    /// <summary>Received bytes not read yet.</summary>
    public int Buffered
    {
        get
        {
            lock (_lock)
            {
                return _end - _start;
            }
        }
    }

    public override bool CanRead => true;

    public override bool CanSeek => false;

    public override bool CanWrite => true;

    public override long Length => throw new NotSupportedException();

    public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

    /// <summary>Two connected ends.</summary>
    public static (MemoryDuplexStream Client, MemoryDuplexStream Server) CreatePair()
    {
        object shared = new();
        MemoryDuplexStream client = new(shared);
        MemoryDuplexStream server = new(shared);
        client._peer = server;
        server._peer = client;
        return (client, server);
    }

    public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        lock (_lock)
        {
            if (_end > _start || _endOfInput || buffer.IsEmpty)
            {
                return new ValueTask<int>(Take(buffer.Span));
            }

            if (_readPending)
            {
                throw new InvalidOperationException("Two reads at once on one end.");
            }

            _read.Reset();
            _readBuffer = buffer;
            _readPending = true;
            return new ValueTask<int>(this, _read.Version);
        }
    }

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken)
        => ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

    public override int Read(Span<byte> buffer)
    {
        lock (_lock)
        {
            if (_end == _start && !_endOfInput && !buffer.IsEmpty)
            {
                // A test reads synchronously only what the other end already wrote (it answered inline): never wait.
                throw new InvalidOperationException("A synchronous read found no bytes: the other end did not answer inline.");
            }

            return Take(buffer);
        }
    }

    public override ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default)
    {
        _peer.Receive(buffer.Span);
        return default;
    }

    public override Task WriteAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken)
    {
        _peer.Receive(buffer.AsSpan(offset, count));
        return Task.CompletedTask;
    }

    public override void Write(byte[] buffer, int offset, int count) => _peer.Receive(buffer.AsSpan(offset, count));

    public override void Write(ReadOnlySpan<byte> buffer) => _peer.Receive(buffer);

    public override void Flush()
    {
    }

    public override Task FlushAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            // Both directions end: the other end reads end of stream, a read pending here completes with 0.
            _peer.EndInput();
            EndInput();
        }

        base.Dispose(disposing);
    }

    private void Receive(ReadOnlySpan<byte> bytes)
    {
        int completed;
        lock (_lock)
        {
            if (_endOfInput)
            {
                throw new IOException("The connection is closed.");
            }

            if (_received.Length - _end < bytes.Length)
            {
                int held = _end - _start;
                byte[] target = _received.Length - held < bytes.Length ? new byte[Math.Max(_received.Length * 2, held + bytes.Length)] : _received;
                Buffer.BlockCopy(_received, _start, target, 0, held);
                _received = target;
                _start = 0;
                _end = held;
            }

            bytes.CopyTo(_received.AsSpan(_end));
            _end += bytes.Length;
            if (!_readPending)
            {
                return;
            }

            _readPending = false;
            completed = Take(_readBuffer.Span);
            _readBuffer = default;
        }

        _read.SetResult(completed);
    }

    private void EndInput()
    {
        lock (_lock)
        {
            _endOfInput = true;
            if (!_readPending)
            {
                return;
            }

            _readPending = false;
            _readBuffer = default;
        }

        _read.SetResult(0);
    }

    /// <summary>Copies received bytes into <paramref name="destination"/>; under the lock.</summary>
    private int Take(Span<byte> destination)
    {
        int count = Math.Min(destination.Length, _end - _start);
        _received.AsSpan(_start, count).CopyTo(destination);
        _start += count;
        if (_start == _end)
        {
            _start = _end = 0;
        }

        return count;
    }

    int IValueTaskSource<int>.GetResult(short token) => _read.GetResult(token);

    ValueTaskSourceStatus IValueTaskSource<int>.GetStatus(short token) => _read.GetStatus(token);

    void IValueTaskSource<int>.OnCompleted(Action<object?> continuation, object? state, short token, ValueTaskSourceOnCompletedFlags flags)
        => _read.OnCompleted(continuation, state, token, flags);
}
