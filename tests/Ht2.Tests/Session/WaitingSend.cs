using System.Threading.Tasks;

namespace Ht2.Tests.Session;

/// <summary>A server's stream 1 whose response body waits for credit: the peer's SETTINGS_INITIAL_WINDOW_SIZE is 0.</summary>
internal static class WaitingSend
{
    /// <summary>The harness, the stream (response headers sent) and its 10-byte send with END_STREAM, not completed.</summary>
    public static async Task<(SessionHarness Harness, Ht2Stream Stream, ValueTask Send)> StartAsync()
    {
        Ht2Stream? request = null;
        SessionHarness h = await SessionHarness.StartServerAsync(setup: handler => handler.Request = (stream, ended) => request = stream);
        h.Send(Wire.Settings((0x4, 0)));
        h.Send(Wire.Headers(1, Wire.GetBlock, endStream: true));
        await h.SyncAsync();
        request!.SendHeaderBlock(Wire.Status200Block, endStream: false);
        ValueTask send = request.SendDataAsync(new byte[10], endStream: true);
        Assert.False(send.IsCompleted);
        return (h, request, send);
    }
}
