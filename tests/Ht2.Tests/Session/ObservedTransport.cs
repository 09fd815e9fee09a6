using System;
using System.Collections.Generic;
using System.Runtime.InteropServices;
using System.Threading;
using System.Threading.Tasks;

namespace Ht2.Tests.Session;

/// <summary>
/// A <see cref="MemoryTransport"/> seen from the session's side: it counts closes, records the memory each read is
/// offered, notes a read made on the stack of <see cref="RunAsync"/>, fails a read or a write on request, and can
/// hold writes behind a gate that a close does not open (a write the transport never ends by itself).
/// </summary>
internal sealed class ObservedTransport : IFrameTransport
{
    [ThreadStatic]
    private static bool t_insideRunAsync;

    /// <summary>Whether this thread is inside <see cref="RunAsync"/>.</summary>
    public static bool InsideRunAsync => t_insideRunAsync;

    private readonly object _lock = new();
    private readonly List<(byte[]? Array, int Length)> _reads = new();
    private readonly TaskCompletionSource _writeHeld = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private int _closes;
    private bool _endOfStreamRead;

    public MemoryTransport Inner { get; } = new();

    /// <summary>How many times the session closed the transport.</summary>
    public int Closes => Volatile.Read(ref _closes);

    /// <summary>Whether the session read on the stack of <see cref="RunAsync"/> (the caller's thread).</summary>
    public bool ReadInsideRunAsync { get; private set; }

    /// <summary>Thrown by the next read once the peer's bytes for it arrived.</summary>
    public Exception? ReadFailure { get; set; }

    /// <summary>Thrown by the next write.</summary>
    public Exception? WriteFailure { get; set; }

    /// <summary>When set, a write waits for it, even after a close, then fails like a closed socket's if the transport closed meanwhile.</summary>
    public Task? WriteGate { get; set; }

    /// <summary>Completes when a write waits at <see cref="WriteGate"/>.</summary>
    public Task WriteHeld => _writeHeld.Task;

    /// <summary>The array behind each read's memory and the length offered, in order.</summary>
    public List<(byte[]? Array, int Length)> Reads
    {
        get
        {
            lock (_lock)
            {
                return new List<(byte[]?, int)>(_reads);
            }
        }
    }

    /// <summary>Starts <paramref name="session"/>, noting any read made before RunAsync returns to its caller.</summary>
    public static Task RunAsync(Ht2Session session)
    {
        t_insideRunAsync = true;
        try
        {
            return session.RunAsync();
        }
        finally
        {
            t_insideRunAsync = false;
        }
    }

    public async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken)
    {
        lock (_lock)
        {
            ReadInsideRunAsync |= t_insideRunAsync;
            _reads.Add((MemoryMarshal.TryGetArray(buffer, out ArraySegment<byte> segment) ? segment.Array : null, buffer.Length));

            // A loop that reads again after the end of the stream would spin: a bug the session reports as a fault.
            if (_endOfStreamRead)
            {
                throw new InvalidOperationException("The session read again after the end of the stream.");
            }
        }

        int read = await Inner.ReadAsync(buffer, cancellationToken).ConfigureAwait(false);
        if (ReadFailure is Exception failure)
        {
            throw failure;
        }

        lock (_lock)
        {
            _endOfStreamRead |= read == 0;
        }

        return read;
    }

    public async ValueTask<long> WriteAsync(ReadOnlyMemory<Iovec> entries, CancellationToken cancellationToken)
    {
        if (WriteFailure is Exception failure)
        {
            throw failure;
        }

        if (WriteGate is Task gate)
        {
            _writeHeld.TrySetResult();
            await gate.ConfigureAwait(false);
            if (Inner.IsClosed)
            {
                throw new ObjectDisposedException(nameof(ObservedTransport));
            }
        }

        return await Inner.WriteAsync(entries, cancellationToken).ConfigureAwait(false);
    }

    public long Write(ReadOnlySpan<Iovec> entries) => Inner.Write(entries);

    public void Flush() => Inner.Flush();

    public ValueTask FlushAsync(CancellationToken cancellationToken) => Inner.FlushAsync(cancellationToken);

    public int Read(Span<byte> buffer) => Inner.Read(buffer);

    public void ShutdownOutput() => Inner.ShutdownOutput();

    public void Close()
    {
        Interlocked.Increment(ref _closes);
        Inner.Close();
    }
}
