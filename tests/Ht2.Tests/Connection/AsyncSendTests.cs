using System;
using System.Collections.Generic;
using System.Threading;
using System.Threading.Tasks;
using Ht2.Tests.Writing;

namespace Ht2.Tests.Connection;

/// <summary>The async send overloads and the async batch: the RFC 9113 bytes written out by hand, their limits on both sides.</summary>
public sealed class AsyncSendTests
{
    private static readonly TimeSpan Patience = Worker.DefaultTimeout;

    [Fact]
    public async Task SendHeadersAsync_SplitsAtTheMaxFrameSize_WithPaddingAndPriorityInTheHeadersFrame()
    {
        (Ht2Connection client, ScriptedStream stream) = Open();
        byte[] block = new byte[16_384 - 6 - 5 + 2];
        new Random(7).NextBytes(block);
        using (client)
        {
            // HEADERS carries Pad Length (1) + 5 padding + 5 priority bytes, so 16373 bytes of the block; 2 go in a CONTINUATION.
            await client.SendHeadersAsync(5, block, endStream: true, padLength: 5, priority: new HeadersPriority(3, 200, Exclusive: true))
                .AsTask().Within(Patience);
        }

        List<byte> expected = new();
        Wire.Header(expected, 16_384, 0x1, 0x1 | 0x8 | 0x20, 5);
        expected.Add(5);
        expected.AddRange(new byte[] { 0x80, 0, 0, 3, 200 });
        expected.AddRange(block.AsSpan(0, 16_373).ToArray());
        expected.AddRange(new byte[5]);
        Wire.Header(expected, 2, 0x9, 0x4, 5);
        expected.AddRange(block.AsSpan(16_373).ToArray());
        Assert.Equal(expected.ToArray(), stream.Output.ToArray());
    }

    [Fact]
    public async Task SendGoAwayAsync_Takes2Pow31Minus1_AndRefuses2Pow31()
    {
        (Ht2Connection client, ScriptedStream stream) = Open();
        using (client)
        {
            Assert.Throws<ArgumentOutOfRangeException>(() => client.SendGoAwayAsync(0x8000_0000, Http2ErrorCode.NoError));
            await client.SendGoAwayAsync(0x7FFF_FFFF, Http2ErrorCode.EnhanceYourCalm, new byte[] { 0x68, 0x69 }).AsTask().Within(Patience);
        }

        byte[] expected = [0, 0, 10, 0x7, 0x0, 0, 0, 0, 0, 0x7F, 0xFF, 0xFF, 0xFF, 0, 0, 0, 0xB, 0x68, 0x69];
        Assert.Equal(expected, stream.Output.ToArray());
    }

    [Fact]
    public async Task SendFrameAsync_OfData_TakesItsCredit_AndBeyondTheWindowSendsNothing()
    {
        (Ht2Connection client, ScriptedStream stream) = Open();
        using (client)
        {
            await client.SendFrameAsync(new DataFrame { StreamId = 1, Flags = FrameFlags.EndStream }, new byte[] { 0xAB }).AsTask().Within(Patience);
            Assert.Equal(65_534, client.ConnectionSendWindow);
            Assert.Equal(65_534, client.GetStreamSendWindow(1));

            // Stream 3 has 65535 but the connection only 65534 left.
            await Assert.ThrowsAsync<InvalidOperationException>(() => client.SendFrameAsync(new DataFrame { StreamId = 3 }, new byte[65_535]).AsTask().Within(Patience));
            Assert.Equal(65_534, client.ConnectionSendWindow);
            Assert.Equal(65_535, client.GetStreamSendWindow(3));
        }

        Assert.Equal(new byte[] { 0, 0, 1, 0x0, 0x1, 0, 0, 0, 1, 0xAB }, stream.Output.ToArray());
    }

    [Fact]
    public async Task SendDataAsync_OfAnEmptyBody_WithEndStream_IsOneEmptyDataFrame()
    {
        (Ht2Connection client, ScriptedStream stream) = Open();
        using (client)
        {
            await client.SendDataAsync(7, ReadOnlyMemory<byte>.Empty, endStream: true).AsTask().Within(Patience);
            Assert.Equal(65_535, client.ConnectionSendWindow);
        }

        Assert.Equal(new byte[] { 0, 0, 0, 0x0, 0x1, 0, 0, 0, 7 }, stream.Output.ToArray());
    }

    [Fact]
    public async Task AsyncSends_WithACancelledToken_WriteNothing()
    {
        (Ht2Connection client, ScriptedStream stream) = Open();
        using CancellationTokenSource cancelled = new();
        cancelled.Cancel();
        using (client)
        {
            await Assert.ThrowsAnyAsync<OperationCanceledException>(() => client.SendFramesAsync<DataFrame>(new[] { new DataFrame { StreamId = 1 } }, new ReadOnlyMemory<byte>[] { new byte[10] }, cancelled.Token).AsTask().Within(Patience));
            await Assert.ThrowsAnyAsync<OperationCanceledException>(() => client.SendHeadersAsync(1, new byte[] { 0x82 }, endStream: true, cancellationToken: cancelled.Token).AsTask().Within(Patience));
            await Assert.ThrowsAnyAsync<OperationCanceledException>(() => client.SendGoAwayAsync(1, Http2ErrorCode.NoError, cancellationToken: cancelled.Token).AsTask().Within(Patience));
            Assert.Equal(65_535, client.ConnectionSendWindow);
        }

        Assert.Equal(0, stream.Output.Length);
    }

    [Fact]
    public async Task AsyncBatch_SendAsyncWithACancelledToken_WritesNothing_AndTheBatchStaysOpen()
    {
        (Ht2Connection client, ScriptedStream stream) = Open();
        using CancellationTokenSource cancelled = new();
        cancelled.Cancel();
        using (client)
        {
            Ht2Batch batch = await client.BeginBatchAsync().AsTask().Within(Patience);
            using (batch)
            {
                batch.AddHeaders(3, new byte[] { 0x82, 0x86 }, endStream: false);
                batch.Add(new PingFrame { OpaqueData = 0x0A0B });
                await Assert.ThrowsAnyAsync<OperationCanceledException>(() => batch.SendAsync(cancelled.Token).AsTask().Within(Patience));
                Assert.Equal(0, stream.Output.Length);
                await batch.SendAsync().AsTask().Within(Patience);
            }

            // Disposed: the copy refuses, and the mutex is free for the next sender.
            Assert.Throws<InvalidOperationException>(() => batch.Add(new PingFrame()));
            batch.Dispose();
            client.SendPing(1);
        }

        List<byte> expected = new();
        Wire.Headers(expected, 3, [0x82, 0x86], 0x4);
        Wire.Ping(expected, 0x0A0B);
        Wire.Ping(expected, 1);
        Assert.Equal(expected.ToArray(), stream.Output.ToArray());
    }

    private static (Ht2Connection Client, ScriptedStream Stream) Open()
    {
        ScriptedStream stream = new(Array.Empty<byte>());
        return (new Ht2Connection(stream), stream);
    }
}
