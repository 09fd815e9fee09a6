using System;
using System.Collections.Generic;
using System.IO;
using System.Runtime.CompilerServices;
using System.Threading;
using System.Threading.Tasks;
using Ht2.Tests.Writing;

namespace Ht2.Tests.Connection;

/// <summary>
/// A library must not resume its own awaits on the caller's <see cref="SynchronizationContext"/>: a UI or
/// single-threaded caller that blocks on the returned task would deadlock, and every resumption would be an extra
/// post. Each async API is started with a recording context installed while its first await suspends (a read,
/// a write, the write mutex or flow-control credit that completes later on the thread pool); no continuation may
/// be posted to that context.
/// </summary>
public sealed class ContextFreeAwaitTests
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(10);

    private static async Task AssertNoPost(Func<Task> start)
    {
        RecordingContext context = new();
        Task pending = context.StartUnder(start);
        await pending.Within(Patience);
        Assert.Equal(0, context.Posts);
    }

    private static byte[] Frames(Action<List<byte>> build)
    {
        List<byte> wire = new();
        build(wire);
        return wire.ToArray();
    }

    [Fact]
    public async Task ReadFrameAsync_ResumesOffTheCallersContext_AfterAnAsyncRead()
    {
        HopStream stream = new(Frames(w => Wire.Ping(w, 5)), hopOnRead: true, hopOnWrite: false);
        using Ht2Connection client = new(stream, new Ht2ConnectionOptions { AutoAcknowledge = false });
        await AssertNoPost(() => client.ReadFrameAsync().AsTask());
        Assert.True(stream.Hops > 0);
    }

    [Fact]
    public async Task ReadClientPrefaceAsync_ResumesOffTheCallersContext_AfterAnAsyncRead()
    {
        byte[] input = [.. "PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n"u8, .. Frames(w => Wire.Settings(w, false))];
        HopStream stream = new(input, hopOnRead: true, hopOnWrite: false);
        using Ht2Connection server = new(stream, new Ht2ConnectionOptions { AutoAcknowledge = false });
        await AssertNoPost(() => server.ReadClientPrefaceAsync().AsTask());
        Assert.True(stream.Hops > 0);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task AutoAcknowledgement_ResumesOffTheCallersContext_AfterAnAsyncWrite(bool ping)
    {
        byte[] input = Frames(w =>
        {
            if (ping)
            {
                Wire.Ping(w, 6);
            }
            else
            {
                Wire.Settings(w, false);
            }
        });
        HopStream stream = new(input, hopOnRead: false, hopOnWrite: true);
        using Ht2Connection client = new(stream);
        await AssertNoPost(() => client.ReadFrameAsync().AsTask());
        Assert.True(stream.Hops > 0);
        Assert.NotEqual(0, stream.Written.Length);
    }

    public static TheoryData<string> Sends() => new()
    {
        "SendFrameAsync", "SendFramesAsync", "SendPrioritizedFramesAsync", "SendHeadersAsync", "SendDataAsync",
        "SendDataFramesAsync", "SendGoAwayAsync", "Batch.SendAsync",
    };

    [Theory]
    [MemberData(nameof(Sends))]
    public async Task Sends_ResumeOffTheCallersContext_AfterAnAsyncWrite(string api)
    {
        HopStream stream = new([], hopOnRead: false, hopOnWrite: true);
        using Ht2Connection client = new(stream);
        ReadOnlyMemory<byte> body = new byte[] { 1, 2, 3 };
        await AssertNoPost(api switch
        {
            "SendFrameAsync" => () => client.SendFrameAsync(new PingFrame { OpaqueData = 1 }).AsTask(),
            "SendFramesAsync" => () => client.SendFramesAsync<PingFrame>(new[] { new PingFrame { OpaqueData = 2 } }).AsTask(),
            "SendPrioritizedFramesAsync" => () => client.SendPrioritizedFramesAsync<PingFrame>(new[] { new PrioritizedFrame<PingFrame>(new PingFrame(), default, 1) }).AsTask(),
            "SendHeadersAsync" => () => client.SendHeadersAsync(1, body, endStream: true).AsTask(),
            "SendDataAsync" => () => client.SendDataAsync(1, body, endStream: true).AsTask(),
            "SendDataFramesAsync" => () => client.SendDataFramesAsync(1, new[] { body }, endStream: true).AsTask(),
            "SendGoAwayAsync" => () => client.SendGoAwayAsync(0, Http2ErrorCode.NoError).AsTask(),
            _ => async () =>
            {
                // The mutex is free, so BeginBatchAsync completes at once; the batch's write is the first suspension.
                using Ht2Batch batch = await client.BeginBatchAsync().ConfigureAwait(false);
                batch.Add(new PingFrame { OpaqueData = 3 });
                await batch.SendAsync().ConfigureAwait(false);
            },
        });
        Assert.True(stream.Hops > 0);
        Assert.NotEqual(0, stream.Written.Length);
    }

    [Fact]
    public async Task BeginBatchAsync_ResumesOffTheCallersContext_AfterWaitingForTheMutex()
    {
        using Ht2Connection client = new(new HopStream([], hopOnRead: false, hopOnWrite: false));
        RecordingContext context = new();
        Task<Ht2Batch> second;
        using (client.BeginBatch())
        {
            second = context.StartUnder(() => client.BeginBatchAsync().AsTask());
            Assert.False(second.IsCompleted);
        }

        (await second.Within(Patience)).Dispose();
        Assert.Equal(0, context.Posts);
    }

    [Fact]
    public async Task SendFrameAsync_ResumesOffTheCallersContext_AfterWaitingForTheMutex()
    {
        HopStream stream = new([], hopOnRead: false, hopOnWrite: false);
        using Ht2Connection client = new(stream);
        RecordingContext context = new();
        Task send;
        using (client.BeginBatch())
        {
            send = context.StartUnder(() => client.SendFrameAsync(new PingFrame { OpaqueData = 4 }).AsTask());
            Assert.False(send.IsCompleted);
        }

        await send.Within(Patience);
        Assert.Equal(0, context.Posts);
        Assert.Equal(17, stream.Written.Length);
    }

    [Fact]
    public async Task SendDataAsync_ResumesOffTheCallersContext_AfterWaitingForCredit()
    {
        byte[] input = Frames(w => Wire.WindowUpdate(w, 0, 10));
        using Ht2Connection client = new(new HopStream(input, hopOnRead: false, hopOnWrite: false), new Ht2ConnectionOptions { AutoAcknowledge = false });
        await client.SendDataAsync(1, new byte[65_535], endStream: false).AsTask().Within(Patience);
        RecordingContext context = new();
        Task send = context.StartUnder(() => client.SendDataAsync(3, new byte[10], endStream: true).AsTask());
        Assert.False(send.IsCompleted);

        await client.ReadFrameAsync();
        await send.Within(Patience);
        Assert.Equal(0, context.Posts);
    }

    /// <summary>An await that always suspends and resumes on the thread pool, outside any context.</summary>
    private readonly struct ThreadPoolHop : ICriticalNotifyCompletion
    {
        public bool IsCompleted => false;

        public ThreadPoolHop GetAwaiter() => this;

        public void GetResult()
        {
        }

        public void OnCompleted(Action continuation) => ThreadPool.UnsafeQueueUserWorkItem(_ => continuation(), null);

        public void UnsafeOnCompleted(Action continuation) => OnCompleted(continuation);
    }

    /// <summary>Reads scripted input; its async reads and writes complete later on the thread pool when asked to.</summary>
    private sealed class HopStream(byte[] input, bool hopOnRead, bool hopOnWrite) : Stream
    {
        private int _position;
        private int _hops;

        public MemoryStream Written { get; } = new();

        public int Hops => Volatile.Read(ref _hops);

        public override bool CanRead => true;

        public override bool CanSeek => false;

        public override bool CanWrite => true;

        public override long Length => throw new NotSupportedException();

        public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

        public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
        {
            if (hopOnRead)
            {
                Interlocked.Increment(ref _hops);
                await new ThreadPoolHop();
            }

            return Read(buffer.Span);
        }

        public override int Read(Span<byte> buffer)
        {
            int count = Math.Min(buffer.Length, input.Length - _position);
            input.AsSpan(_position, count).CopyTo(buffer);
            _position += count;
            return count;
        }

        public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

        public override async ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default)
        {
            if (hopOnWrite)
            {
                Interlocked.Increment(ref _hops);
                await new ThreadPoolHop();
            }

            lock (Written)
            {
                Written.Write(buffer.Span);
            }
        }

        public override void Write(byte[] buffer, int offset, int count)
        {
            lock (Written)
            {
                Written.Write(buffer, offset, count);
            }
        }

        public override void Flush()
        {
        }

        public override Task FlushAsync(CancellationToken cancellationToken) => Task.CompletedTask;

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();
    }
}
