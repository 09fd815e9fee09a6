using System;
using System.IO;
using System.Threading;
using System.Threading.Tasks;
using Ht2.Tests.IO;

namespace Ht2.Tests.Connection;

/// <summary>The staging-under-lock core shared by the sync and async sends: credit, cursor and allocations.</summary>
public sealed class SendCoreTests
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(10);

    [Fact]
    public async Task AsyncData_CancelledWhileWaitingForTheMutex_GivesItsCreditBack()
    {
        ScriptedStream stream = new(Array.Empty<byte>());
        using Ht2Connection client = new(stream);
        using CancellationTokenSource cancel = new();
        Task send;
        using (client.BeginBatch())
        {
            // The credit is taken at once (the windows are open); then the sender queues behind the batch's mutex.
            send = client.SendDataAsync(1, new byte[1000], endStream: true, cancel.Token).AsTask();
            Assert.Equal(65_535 - 1000, client.ConnectionSendWindow);
            cancel.Cancel();
            await Assert.ThrowsAnyAsync<OperationCanceledException>(() => send.Within(Patience));
        }

        Assert.Equal(65_535, client.ConnectionSendWindow);
        Assert.Equal(65_535, client.GetStreamSendWindow(1));
        Assert.Equal(0, stream.Output.Length);
    }

    [Fact]
    public async Task AsyncData_SplitAcrossChunksAndFrames_MatchesTheSyncBytes()
    {
        ReadOnlyMemory<byte>[] chunks = [new byte[20_000], ReadOnlyMemory<byte>.Empty, new byte[5]];
        new Random(4).NextBytes(MemoryMarshalArray(chunks[0]));
        ScriptedStream syncStream = new(Array.Empty<byte>());
        ScriptedStream asyncStream = new(Array.Empty<byte>());
        using Ht2Connection sync = new(syncStream);
        using Ht2Connection async = new(asyncStream);

        // The sync send may wait for credit: on a worker, so a send that never gets it fails the test in seconds.
        Worker.Run("sync send", () => sync.SendDataFrames(3, chunks, endStream: true));
        await async.SendDataFramesAsync(3, chunks, endStream: true).AsTask().Within(Patience);

        // 16384 + 3616 from the first chunk, 5 from the last with END_STREAM: three DATA frames.
        byte[] wire = syncStream.Output.ToArray();
        Assert.Equal(9 + 16_384 + 9 + 3616 + 9 + 5, wire.Length);
        Assert.Equal(new byte[] { 0x00, 0x40, 0x00, 0x00, 0x00, 0, 0, 0, 3 }, wire.AsSpan(0, 9).ToArray());
        Assert.Equal(new byte[] { 0x00, 0x0E, 0x20, 0x00, 0x00, 0, 0, 0, 3 }, wire.AsSpan(9 + 16_384, 9).ToArray());
        Assert.Equal(new byte[] { 0x00, 0x00, 0x05, 0x00, 0x01, 0, 0, 0, 3 }, wire.AsSpan(9 + 16_384 + 9 + 3616, 9).ToArray());
        Assert.Equal(wire, asyncStream.Output.ToArray());
    }

    [Fact]
    public void AsyncSendData_OfOneBuffer_AllocatesNothingOnceWarm()
    {
        // Exactly the 3300 DATA frames of 9 + 3 bytes (RFC 9113 §4.1): a writer that repeats bytes fails on the sink.
        ExactSinkStream sink = new(3300 * (9 + 3));
        using Ht2Connection client = new(sink);
        byte[] data = [1, 2, 3];
        for (int i = 0; i < 300; i++)
        {
            Assert.True(CompletesSynchronously(client.SendDataAsync(1, data, endStream: false)));
        }

        long before = GC.GetAllocatedBytesForCurrentThread();
        for (int i = 0; i < 3000; i++)
        {
            CompletesSynchronously(client.SendDataAsync(1, data, endStream: false));
        }

        Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);
        Assert.Equal(3300 * (9 + 3), sink.Written);
    }

    /// <summary>Over a synchronous sink every step completes at once; observing the result keeps a failure visible.</summary>
    private static bool CompletesSynchronously(ValueTask send)
    {
        bool completed = send.IsCompletedSuccessfully;
        if (completed)
        {
            send.GetAwaiter().GetResult();
        }
        else
        {
            // A send that went asynchronous must still finish, in bounded time, or the test fails.
            send.AsTask().Within(Worker.DefaultTimeout).GetAwaiter().GetResult();
        }

        return completed;
    }

    private static byte[] MemoryMarshalArray(ReadOnlyMemory<byte> memory)
        => System.Runtime.InteropServices.MemoryMarshal.TryGetArray(memory, out ArraySegment<byte> segment) ? segment.Array! : throw new InvalidOperationException();
}
