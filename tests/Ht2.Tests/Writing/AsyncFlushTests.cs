using System;
using System.Threading;
using System.Threading.Tasks;
using Ht2.Tests.Connection;

namespace Ht2.Tests.Writing;

/// <summary>
/// An asynchronous flush never resumes on the caller's synchronisation context (a UI or request context would
/// otherwise serialise, or deadlock, the connection's writes), and it resets the batch once the write is done.
/// </summary>
public sealed class AsyncFlushTests
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(10);

    [Fact]
    public async Task FlushToAsync_WhoseWriteAndFlushComplete_Later_NeverPostsToTheCallersContext()
    {
        using MultiFrameWriter writer = new();
        writer.Add(new PingFrame { OpaqueData = 1 });
        PendingTransport transport = new();
        RecordingContext caller = new();
        RecordingContext completer = new();

        // Started under the caller's context; the write completes under another one, so a continuation that kept
        // the caller's context could not run inline and would be posted to it. The transport flush is awaited while
        // the completer's context is current, and completes outside it: a continuation that kept the
        // completer's context would be posted to that one.
        ValueTask<long> flush = caller.StartUnder(() => writer.FlushToAsync(transport, CancellationToken.None));
        Assert.False(flush.IsCompleted);
        Assert.Equal(1, transport.Entries);
        completer.StartUnder(() => transport.Written.TrySetResult(17));
        await transport.FlushStarted.Task.Within(Patience);
        Assert.True(writer.IsEmpty);
        transport.Flushed.SetResult();

        Assert.Equal(17, await flush.AsTask().Within(Patience));
        Assert.Equal(0, caller.Posts);
        Assert.Equal(0, completer.Posts);
    }

    /// <summary>A transport whose asynchronous write and flush complete when the test says so.</summary>
    private sealed class PendingTransport : IFrameTransport
    {
        public TaskCompletionSource<long> Written { get; } = new();

        public TaskCompletionSource FlushStarted { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public TaskCompletionSource Flushed { get; } = new();

        public int Entries { get; private set; }

        public long Write(ReadOnlySpan<Iovec> entries) => throw new InvalidOperationException("The flush is asynchronous.");

        public ValueTask<long> WriteAsync(ReadOnlyMemory<Iovec> entries, CancellationToken cancellationToken)
        {
            Entries = entries.Length;
            return new(Written.Task);
        }

        public void Flush() => throw new InvalidOperationException("The flush is asynchronous.");

        public ValueTask FlushAsync(CancellationToken cancellationToken)
        {
            FlushStarted.SetResult();
            return new(Flushed.Task);
        }

        public int Read(Span<byte> buffer) => 0;

        public ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken) => new(0);

        public void ShutdownOutput()
        {
        }

        public void Close()
        {
        }
    }
}
