using System;
using System.Net.Sockets;
using System.Runtime.InteropServices;
using System.Threading;
using System.Threading.Tasks;

namespace Ht2;

/// <summary>
/// Writes to a descriptor (socket handle, pipe, file) with gathering writev/sendmsg calls through an
/// <see cref="IWritevSyscall"/>. A bare descriptor has no readiness notification here, so an async write is the
/// blocking write, and reads need a <see cref="SocketTransport"/>.
/// </summary>
internal class DescriptorTransport : IFrameTransport
{
    private readonly bool _isSocket;
    private int _closed;

    /// <summary>Writes to <paramref name="handle"/> through <paramref name="syscalls"/> (the real libc calls, or a test's).</summary>
    /// <exception cref="ArgumentNullException">An argument is null.</exception>
    public DescriptorTransport(SafeHandle handle, IWritevSyscall syscalls)
    {
        ArgumentNullException.ThrowIfNull(handle);
        ArgumentNullException.ThrowIfNull(syscalls);
        Handle = handle;
        Syscalls = syscalls;

        // Socket descriptors take sendmsg with MSG_NOSIGNAL, so a closed peer is EPIPE, never SIGPIPE.
        _isSocket = handle is SafeSocketHandle;
    }

    /// <summary>The descriptor written to.</summary>
    public SafeHandle Handle { get; }

    /// <summary>The system calls the writes go through (the real libc calls, or a test's).</summary>
    protected IWritevSyscall Syscalls { get; }

    /// <inheritdoc />
    public virtual long Write(ReadOnlySpan<Iovec> entries) => VectoredIO.Writev(Handle, entries, Syscalls, _isSocket);

    /// <inheritdoc />
    public virtual ValueTask<long> WriteAsync(ReadOnlyMemory<Iovec> entries, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        return new ValueTask<long>(Write(entries.Span));
    }

    /// <inheritdoc />
    public void Flush()
    {
    }

    /// <inheritdoc />
    public ValueTask FlushAsync(CancellationToken cancellationToken) => ValueTask.CompletedTask;

    /// <inheritdoc />
    public virtual int Read(Span<byte> buffer) => throw new NotSupportedException("Reading needs a Socket, a Stream or a PipeReader.");

    /// <inheritdoc />
    public virtual ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken)
        => ValueTask.FromException<int>(new NotSupportedException("Reading needs a Socket, a Stream or a PipeReader."));

    /// <inheritdoc />
    public virtual void ShutdownOutput()
    {
        // A bare descriptor may be a pipe or a file: no half-close here; the close ends both directions.
    }

    /// <inheritdoc />
    public void Close()
    {
        if (Interlocked.Exchange(ref _closed, 1) == 0)
        {
            CloseTarget();
        }
    }

    /// <summary>Releases what this transport writes to; runs once.</summary>
    protected virtual void CloseTarget() => Handle.Dispose();
}
