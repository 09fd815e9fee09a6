using System;
using System.Buffers;
using System.IO;
using System.Threading;
using System.Threading.Tasks;
using Xunit;

namespace Ht2.Tests.IO;

/// <summary>
/// The async coalesced write: it never resumes on the caller's synchronization context, and the pooled copy goes
/// back to the pool once the write is done.
/// </summary>
public sealed class CoalescedWriteAsyncTests
{
    private static readonly TimeSpan Bound = TimeSpan.FromSeconds(10);

    // Pinned for the whole test run: the entries keep raw pointers into it.
    private static readonly byte[] Source = GC.AllocateArray<byte>(8, pinned: true);

    private static unsafe Iovec[] Entries(int count)
    {
        fixed (byte* start = Source)
        {
            // Source lives on the pinned object heap: the addresses stay valid after fixed ends.
            Iovec[] entries = new Iovec[count];
            for (int i = 0; i < count; i++)
            {
                entries[i] = new Iovec(start + (4 * i), 4);
            }

            return entries;
        }
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    public async Task AWriteThatCompletesLater_DoesNotResumeOnTheCallersContext(int entryCount)
    {
        Iovec[] entries = Entries(entryCount);
        PendingStream stream = new();
        CountingContext context = new();
        ValueTask<long> write;
        SynchronizationContext? previous = SynchronizationContext.Current;
        SynchronizationContext.SetSynchronizationContext(context);
        try
        {
            write = VectoredIO.WriteCoalescedAsync(stream, entries, new PointerMemoryManager(), CancellationToken.None);
        }
        finally
        {
            SynchronizationContext.SetSynchronizationContext(previous);
        }

        Assert.False(write.IsCompleted);
        stream.Pending.SetResult();
        long written = await write.AsTask().Within(Bound);

        Assert.Equal(4 * entryCount, written);
        Assert.Equal(4 * entryCount, stream.Length);
        Assert.Equal(0, context.Posts);
    }

    [Fact]
    public async Task TheCopyOfSeveralEntries_GoesBackToThePool_WhenTheWriteCompletes()
    {
        Iovec[] entries = Entries(2);
        RecordingStream stream = new();

        // The stream completes at once, so the whole write, the return included, runs on this thread.
        ValueTask<long> write = VectoredIO.WriteCoalescedAsync(stream, entries, new PointerMemoryManager(), CancellationToken.None);
        Assert.True(write.IsCompletedSuccessfully);
        Assert.Equal(8, await write);
        byte[] copy = Assert.IsType<byte[]>(stream.LastArray);

        // The shared pool hands a thread back the array it returned last for that size.
        byte[] again = ArrayPool<byte>.Shared.Rent(copy.Length);
        ArrayPool<byte>.Shared.Return(again);
        Assert.Same(copy, again);
    }

    /// <summary>Counts the continuations posted to it and runs them on the thread pool.</summary>
    private sealed class CountingContext : SynchronizationContext
    {
        private int _posts;

        public int Posts => Volatile.Read(ref _posts);

        public override void Post(SendOrPostCallback d, object? state)
        {
            Interlocked.Increment(ref _posts);
            ThreadPool.QueueUserWorkItem(_ => d(state));
        }
    }

    /// <summary>A stream whose writes complete when the test says so.</summary>
    private sealed class PendingStream : WriteOnlyStream
    {
        public TaskCompletionSource Pending { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public override ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default)
        {
            Taken += buffer.Length;
            return new ValueTask(Pending.Task);
        }
    }

    /// <summary>A stream whose writes complete at once and which remembers the array of the last one.</summary>
    private sealed class RecordingStream : WriteOnlyStream
    {
        public byte[]? LastArray { get; private set; }

        public override ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default)
        {
            Taken += buffer.Length;
            LastArray = System.Runtime.InteropServices.MemoryMarshal.TryGetArray(buffer, out ArraySegment<byte> segment) ? segment.Array : null;
            return ValueTask.CompletedTask;
        }
    }

    private abstract class WriteOnlyStream : Stream
    {
        protected long Taken { get; set; }

        public override bool CanRead => false;

        public override bool CanSeek => false;

        public override bool CanWrite => true;

        public override long Length => Taken;

        public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

        public override void Flush()
        {
        }

        public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();

        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    }
}
