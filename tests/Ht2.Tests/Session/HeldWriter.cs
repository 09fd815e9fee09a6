using System.Threading.Tasks;

namespace Ht2.Tests.Session;

/// <summary>
/// A server whose stream 1 waits to send 10 bytes (SETTINGS_INITIAL_WINDOW_SIZE 0: no stream credit) while the
/// writer is held by a write the peer does not read (a PING's ACK waiting for <c>Gate</c>).
/// </summary>
internal static class HeldWriter
{
    public static async Task<(SessionHarness Harness, Ht2Stream Stream, ValueTask Send, TaskCompletionSource Gate)> StartAsync(Ht2SessionOptions? options = null)
    {
        Ht2Stream? request = null;
        ValueTask send = default;
        SessionHarness h = await SessionHarness.StartServerAsync(options, setup: handler => handler.Request = (stream, _) =>
        {
            request = stream;
            stream.SendHeaderBlock(Wire.Status200Block, endStream: false);
            send = stream.SendDataAsync(new byte[10], endStream: true);
        });
        h.Send(Wire.Settings((0x4, 0)));
        await h.SyncAsync(1);
        h.Send(Wire.Headers(1, Wire.GetBlock, endStream: true));
        await h.ExpectAsync(WireFrame.Headers);
        Assert.False(send.IsCompleted);

        TaskCompletionSource gate = new(TaskCreationOptions.RunContinuationsAsynchronously);
        h.Transport.FlushGate = gate.Task;
        h.Send(Wire.Ping(2));
        return (h, request!, send, gate);
    }
}
