using System;
using System.Collections.Generic;
using System.Threading.Tasks;
using Ht2.Testing;

namespace Ht2.Tests.Session;

/// <summary>
/// How sends end when their stream or the connection goes away: a send on a stream the application reset fails
/// with that reset's code (and so does the next one, nothing stays armed); a send started while a connection error
/// closes the streams fails with the connection's code (and the application's own reset of a stream the error is closing changes
/// nothing); failed sends are completed outside the session lock, after
/// the handler call that failed them, and a continuation that fails another send has it completed by the same
/// delivery, once.
/// </summary>
public sealed class SendCompletionTests
{
    private static readonly TimeSpan Bound = TimeSpan.FromSeconds(10);

    /// <summary>A server that keeps each request's stream and, per <paramref name="respond"/>, what the handler did with it.</summary>
    private static async Task<(SessionHarness Harness, Dictionary<uint, Ht2Stream> Streams)> StartAsync(Action<Ht2Stream, Dictionary<uint, Ht2Stream>>? respond = null, params (ushort Id, uint Value)[] settings)
    {
        Dictionary<uint, Ht2Stream> streams = new();
        SessionHarness h = await SessionHarness.StartServerAsync(setup: handler =>
        {
            handler.Request = (stream, ended) =>
            {
                streams[stream.Id] = stream;
                respond?.Invoke(stream, streams);
            };
            handler.Reset = stream => { };
        });
        if (settings.Length > 0)
        {
            h.Send(Wire.Settings(settings));
            await h.SyncAsync(1);
        }

        return (h, streams);
    }

    private static async Task ExpectClosedAsync(ValueTask send, uint streamId, Http2ErrorCode code)
    {
        Ht2StreamClosedException closed = await Assert.ThrowsAsync<Ht2StreamClosedException>(() => send.AsTask().Within(Bound));
        Assert.Equal(streamId, closed.StreamId);
        Assert.Equal(code, closed.ErrorCode);
    }

    [Fact]
    public async Task Sends_on_a_stream_the_application_reset_fail_with_its_code_one_after_another()
    {
        (SessionHarness h, Dictionary<uint, Ht2Stream> streams) = await StartAsync();
        await using (h)
        {
            h.Send(Wire.Headers(1, Wire.GetBlock, endStream: true));
            await h.SyncAsync();
            Ht2Stream stream = streams[1];
            stream.SendHeaderBlock(Wire.Status200Block, endStream: false);
            stream.Reset(Http2ErrorCode.InternalError);
            await h.ExpectResetAsync(1, Http2ErrorCode.InternalError);

            // Neither send throws (the stream's end was the application's own reset): each fails, and leaves no send
            // in progress behind it.
            ValueTask withData = stream.SendDataAsync(new byte[5], endStream: false);
            Assert.True(withData.IsCompleted);
            await ExpectClosedAsync(withData, 1, Http2ErrorCode.InternalError);
            ValueTask empty = stream.SendDataAsync(ReadOnlyMemory<byte>.Empty, endStream: false);
            Assert.True(empty.IsCompleted);
            await ExpectClosedAsync(empty, 1, Http2ErrorCode.InternalError);
            await ExpectClosedAsync(stream.SendDataAsync(new byte[5], endStream: true), 1, Http2ErrorCode.InternalError);
            Assert.DoesNotContain(await h.SyncAsync(), f => f.Type == WireFrame.Data);
        }
    }

    [Fact]
    public async Task A_send_started_by_a_reset_handler_while_a_connection_error_closes_the_streams_fails_with_the_connections_code()
    {
        (SessionHarness h, Dictionary<uint, Ht2Stream> streams) = await StartAsync((stream, _) => stream.SendHeaderBlock(Wire.Status200Block, endStream: false));
        await using (h)
        {
            h.Send(Wire.Concat(Wire.Headers(1, Wire.GetBlock, endStream: true), Wire.Headers(3, Wire.GetBlock, endStream: true)));
            await h.SyncAsync();

            // The first stream told of the reset sends on the other one, which is not closed yet.
            ValueTask? started = null;
            uint other = 0;
            h.Handler.Reset = stream =>
            {
                if (started is null)
                {
                    other = stream.Id == 1 ? 3u : 1u;
                    started = streams[other].SendDataAsync(new byte[5], endStream: true);

                    // The application's own reset of the other stream changes nothing: the connection error closes it.
                    streams[other].Reset(Http2ErrorCode.Cancel);
                }
            };
            h.Session.Abort(Http2ErrorCode.InternalError);

            ValueTask send = Assert.NotNull(started);
            await ExpectClosedAsync(send, other, Http2ErrorCode.InternalError);
            WireFrame goAway = await h.ExpectAsync(WireFrame.GoAway);
            Assert.Equal((uint)Http2ErrorCode.InternalError, goAway.ErrorCode);
            Assert.Contains("reset 1 InternalError", h.Handler.Events);
            Assert.Contains("reset 3 InternalError", h.Handler.Events);
            Assert.DoesNotContain(await h.ReadRestAsync(), f => f.Type == WireFrame.RstStream);
        }
    }

    [Fact]
    public async Task A_send_failed_by_a_reset_inside_a_handler_completes_after_the_handler_returns()
    {
        // SETTINGS_INITIAL_WINDOW_SIZE 0: stream 1's DATA waits for credit.
        Dictionary<uint, ValueTask> sends = new();
        bool? completedInsideHandler = null;
        (SessionHarness h, Dictionary<uint, Ht2Stream> streams) = await StartAsync(
            (stream, streams) =>
            {
                if (stream.Id == 1)
                {
                    stream.SendHeaderBlock(Wire.Status200Block, endStream: false);
                    sends[1] = stream.SendDataAsync(new byte[10], endStream: true);
                    return;
                }

                // The handler of stream 3 resets stream 1: its send fails, delivered once the handler is done.
                streams[1].Reset(Http2ErrorCode.Cancel);
                completedInsideHandler = sends[1].IsCompleted;
            },
            (0x4, 0));
        await using (h)
        {
            h.Send(Wire.Headers(1, Wire.GetBlock, endStream: true));
            await h.SyncAsync();
            Assert.False(sends[1].IsCompleted);

            h.Send(Wire.Headers(3, Wire.GetBlock, endStream: true));
            await h.ExpectResetAsync(1, Http2ErrorCode.Cancel);
            Assert.False(completedInsideHandler);
            await ExpectClosedAsync(sends[1], 1, Http2ErrorCode.Cancel);
        }
    }

    [Fact]
    public async Task A_send_failed_by_the_continuation_of_another_failed_send_is_completed_by_the_same_delivery_once()
    {
        // SETTINGS_INITIAL_WINDOW_SIZE 0: both streams' DATA waits for credit.
        Dictionary<uint, ValueTask> sends = new();
        (SessionHarness h, Dictionary<uint, Ht2Stream> streams) = await StartAsync(
            (stream, _) =>
            {
                stream.SendHeaderBlock(Wire.Status200Block, endStream: false);
                sends[stream.Id] = stream.SendDataAsync(new byte[10], endStream: true);
            },
            (0x4, 0));
        await using (h)
        {
            h.Send(Wire.Concat(Wire.Headers(1, Wire.GetBlock, endStream: true), Wire.Headers(3, Wire.GetBlock, endStream: true)));
            await h.SyncAsync();

            // The failure of stream 1's send runs this continuation on the delivering thread; it resets stream 3.
            Task first = sends[1].AsTask();
            Task second = sends[3].AsTask();
            Task resetFromContinuation = first.ContinueWith(_ => streams[3].Reset(Http2ErrorCode.Cancel), TaskContinuationOptions.ExecuteSynchronously);
            streams[1].Reset(Http2ErrorCode.Cancel);

            Assert.True(resetFromContinuation.IsCompletedSuccessfully);
            Assert.True(second.IsCompleted);
            await ExpectClosedAsync(new ValueTask(first), 1, Http2ErrorCode.Cancel);
            await ExpectClosedAsync(new ValueTask(second), 3, Http2ErrorCode.Cancel);
            await h.ExpectResetAsync(1, Http2ErrorCode.Cancel);
            await h.ExpectResetAsync(3, Http2ErrorCode.Cancel);
        }
    }
}
