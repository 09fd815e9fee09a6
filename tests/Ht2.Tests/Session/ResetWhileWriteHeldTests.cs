using System;
using System.Threading.Tasks;
using Ht2.Testing;

namespace Ht2.Tests.Session;

/// <summary>
/// The application's own RST_STREAM (RFC 9113 §6.4) fails the stream's waiting send before <see cref="Ht2Stream.Reset"/>
/// returns, even while the writer is held by a write the peer does not read (the writer cannot deliver it then);
/// the RST_STREAM follows once the peer reads.
/// </summary>
public sealed class ResetWhileWriteHeldTests
{
    private static readonly TimeSpan Bound = TimeSpan.FromSeconds(10);

    [Fact]
    public async Task A_reset_fails_the_waiting_send_before_it_returns_while_a_write_is_held()
    {
        Ht2Stream? request = null;
        ValueTask send = default;
        await using SessionHarness h = await SessionHarness.StartServerAsync(setup: handler => handler.Request = (stream, _) =>
        {
            request = stream;
            stream.SendHeaderBlock(Wire.Status200Block, endStream: false);
            send = stream.SendDataAsync(new byte[10], endStream: true);
        });
        h.Send(Wire.Settings((0x4, 0))); // SETTINGS_INITIAL_WINDOW_SIZE 0: the send waits for stream credit
        await h.SyncAsync(1);
        h.Send(Wire.Headers(1, Wire.GetBlock, endStream: true));
        await h.ExpectAsync(WireFrame.Headers);
        Assert.False(send.IsCompleted);

        // The PING's ACK is the write that waits for the peer to read.
        TaskCompletionSource reads = new(TaskCreationOptions.RunContinuationsAsynchronously);
        h.Transport.FlushGate = reads.Task;
        h.Send(Wire.Ping(2));

        request!.Reset(Http2ErrorCode.Cancel);
        Assert.True(send.IsCompleted, "the send is failed before Reset returns");
        Ht2StreamClosedException closed = await Assert.ThrowsAsync<Ht2StreamClosedException>(() => send.AsTask().Within(Bound));
        Assert.Equal(1u, closed.StreamId);
        Assert.Equal(Http2ErrorCode.Cancel, closed.ErrorCode);

        reads.SetResult();
        await h.ExpectResetAsync(1, Http2ErrorCode.Cancel);
    }
}
