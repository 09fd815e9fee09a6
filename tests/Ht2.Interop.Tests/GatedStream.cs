using System;
using System.IO;
using System.Threading;
using System.Threading.Tasks;

namespace Ht2.Interop.Tests;

/// <summary>
/// A duplex stream over a connected socket's <see cref="Stream"/> whose two directions can each be held: a held write
/// waits (asynchronously) before it reaches the socket, a held read hands over what it read only once released. A
/// test uses it to decide when a session's flush reaches the wire (so a continuation is registered before the send
/// it awaits completes) and when the session sees what the server sent.
/// </summary>
internal sealed class GatedStream(Stream inner) : Stream
{
    private TaskCompletionSource _writes = Opened();
    private TaskCompletionSource _reads = Opened();
    private TaskCompletionSource _readHeld = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public override bool CanRead => true;

    public override bool CanWrite => true;

    public override bool CanSeek => false;

    public override long Length => throw new NotSupportedException();

    public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

    /// <summary>Holds the writes that start from now on.</summary>
    public void HoldWrites() => _writes = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>Lets the held writes and all later ones through.</summary>
    public void ReleaseWrites() => _writes.TrySetResult();

    /// <summary>Holds what reads return from now on (the bytes of a read in progress included).</summary>
    public void HoldReads()
    {
        _readHeld = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        _reads = new TaskCompletionSource();
    }

    /// <summary>Completes once a read has bytes that the hold keeps from the session.</summary>
    public Task ReadHeld => _readHeld.Task;

    /// <summary>
    /// Hands over the held reads and all later ones. The session's read loop continues on the calling thread, so a
    /// caller that must not run it (a thread inside the session) calls this from a thread of its own.
    /// </summary>
    public void ReleaseReads() => _reads.TrySetResult();

    public override async ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default)
    {
        await _writes.Task.Within(SessionClient.Bound, cancellationToken).ConfigureAwait(false);
        await inner.WriteAsync(buffer, cancellationToken).ConfigureAwait(false);
    }

    public override Task WriteAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        WriteAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        int read = await inner.ReadAsync(buffer, cancellationToken).ConfigureAwait(false);
        if (!_reads.Task.IsCompleted)
        {
            _readHeld.TrySetResult();
        }

        await _reads.Task.Within(SessionClient.Bound, cancellationToken).ConfigureAwait(false);
        return read;
    }

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    public override Task FlushAsync(CancellationToken cancellationToken) => inner.FlushAsync(cancellationToken);

    public override void Flush() => inner.Flush();

    public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException("Reads are asynchronous.");

    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException("Writes are asynchronous.");

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            _writes.TrySetResult();
            _reads.TrySetResult();
            inner.Dispose();
        }

        base.Dispose(disposing);
    }

    private static TaskCompletionSource Opened()
    {
        TaskCompletionSource opened = new(TaskCreationOptions.RunContinuationsAsynchronously);
        opened.SetResult();
        return opened;
    }
}
