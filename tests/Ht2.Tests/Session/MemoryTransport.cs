using System;
using System.Buffers;
using System.Collections.Generic;
using System.Threading;
using System.Threading.Tasks;
using System.Threading.Tasks.Sources;

namespace Ht2.Tests.Session;

/// <summary>
/// An in-memory duplex transport for a session under test: the test writes the peer's bytes with <see cref="Send"/>
/// and reads what the session wrote with <see cref="TakeOutput"/>. A pending read resumes on the thread that sends,
/// so a test drives the whole session on its own thread (which is what the allocation test measures).
/// </summary>
internal sealed class MemoryTransport : ISessionTransport, IValueTaskSource<int>
{
    private readonly object _lock = new();
    private readonly Queue<byte[]> _input = new();
    private readonly ArrayBufferWriter<byte> _output = new(1 << 20);
    private ManualResetValueTaskSourceCore<int> _read;
    private Memory<byte> _readBuffer;
    private bool _readPending;
    private byte[]? _partial;
    private int _partialOffset;
    private bool _endOfInput;
    private TaskCompletionSource _outputArrived = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly TaskCompletionSource _closed = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>When set, every flush waits for this task first (a peer that does not read).</summary>
    public Task? FlushGate { get; set; }

    private readonly TaskCompletionSource _outputShutDown = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>Completes when the session half-closed (after its last frame).</summary>
    public Task OutputShutDown => _outputShutDown.Task;

    public Task Closed => _closed.Task;

    public bool IsClosed => _closed.Task.IsCompleted;

    public ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken)
    {
        lock (_lock)
        {
            if (IsClosed)
            {
                return ValueTask.FromException<int>(new ObjectDisposedException(nameof(MemoryTransport)));
            }

            int copied = CopyInput(buffer.Span);
            if (copied > 0 || _endOfInput)
            {
                return new ValueTask<int>(copied);
            }

            _read.Reset();
            _readBuffer = buffer;
            _readPending = true;
            return new ValueTask<int>(this, _read.Version);
        }
    }

    public ValueTask FlushAsync(MultiFrameWriter batch, CancellationToken cancellationToken)
    {
        if (FlushGate is Task gate && !gate.IsCompleted)
        {
            return FlushLaterAsync(batch, gate);
        }

        Write(batch);
        return default;
    }

    private async ValueTask FlushLaterAsync(MultiFrameWriter batch, Task gate)
    {
        // Like a socket, a close fails the write that waits.
        await Task.WhenAny(gate, Closed).ConfigureAwait(false);
        if (IsClosed)
        {
            batch.Reset();
            throw new ObjectDisposedException(nameof(MemoryTransport));
        }

        Write(batch);
    }

    private void Write(MultiFrameWriter batch)
    {
        TaskCompletionSource arrived;
        lock (_lock)
        {
            batch.FlushTo(_output);
            arrived = _outputArrived;
        }

        arrived.TrySetResult();
    }

    public void ShutdownOutput() => _outputShutDown.TrySetResult();

    public void Close()
    {
        bool completeRead;
        lock (_lock)
        {
            if (IsClosed)
            {
                return;
            }

            _closed.TrySetResult();
            completeRead = _readPending;
            _readPending = false;
        }

        if (completeRead)
        {
            _read.SetException(new ObjectDisposedException(nameof(MemoryTransport)));
        }

        _outputArrived.TrySetResult();
    }

    /// <summary>Gives the session the peer's bytes; a pending read completes on this thread.</summary>
    public void Send(byte[] bytes)
    {
        int copied;
        lock (_lock)
        {
            _input.Enqueue(bytes);
            if (!_readPending)
            {
                return;
            }

            _readPending = false;
            copied = CopyInput(_readBuffer.Span);
        }

        _read.SetResult(copied);
    }

    /// <summary>The peer closes its side: the session reads end of stream.</summary>
    public void SendEndOfStream()
    {
        lock (_lock)
        {
            _endOfInput = true;
            if (!_readPending)
            {
                return;
            }

            _readPending = false;
        }

        _read.SetResult(0);
    }

    /// <summary>Everything the session wrote since the last call.</summary>
    public byte[] TakeOutput()
    {
        lock (_lock)
        {
            byte[] bytes = _output.WrittenSpan.ToArray();
            _output.ResetWrittenCount();
            _outputArrived = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            return bytes;
        }
    }

    /// <summary>Drops what the session wrote without copying it (allocation-free, for the allocation test).</summary>
    public int DiscardOutput()
    {
        lock (_lock)
        {
            int length = _output.WrittenCount;
            _output.ResetWrittenCount();
            return length;
        }
    }

    /// <summary>Completes when the session writes something (or closes).</summary>
    public Task OutputArrived
    {
        get
        {
            lock (_lock)
            {
                return _output.WrittenCount > 0 || IsClosed ? Task.CompletedTask : _outputArrived.Task;
            }
        }
    }

    private int CopyInput(Span<byte> destination)
    {
        int copied = 0;
        while (copied < destination.Length)
        {
            if (_partial is null)
            {
                if (!_input.TryDequeue(out _partial))
                {
                    break;
                }

                _partialOffset = 0;
            }

            int take = Math.Min(destination.Length - copied, _partial.Length - _partialOffset);
            _partial.AsSpan(_partialOffset, take).CopyTo(destination.Slice(copied));
            copied += take;
            _partialOffset += take;
            if (_partialOffset == _partial.Length)
            {
                _partial = null;
            }
        }

        return copied;
    }

    int IValueTaskSource<int>.GetResult(short token) => _read.GetResult(token);

    ValueTaskSourceStatus IValueTaskSource<int>.GetStatus(short token) => _read.GetStatus(token);

    void IValueTaskSource<int>.OnCompleted(Action<object?> continuation, object? state, short token, ValueTaskSourceOnCompletedFlags flags) =>
        _read.OnCompleted(continuation, state, token, flags);
}
