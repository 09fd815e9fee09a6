using System;
using System.Net.Sockets;
using System.Threading.Tasks;

namespace Ht2.Tests.IO;

/// <summary>A peer that reset the connection: the non-blocking send path reports the system's error, it never spins or hangs.</summary>
public sealed class SocketFaultTests
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(10);

    private static Loopback ResetByPeer()
    {
        Loopback loopback = new();

        // Linger 0: close sends RST, so the next sends fail with ECONNRESET or EPIPE.
        loopback.Server.LingerState = new LingerOption(true, 0);
        loopback.Server.Close();
        return loopback;
    }

    /// <summary>Flushes a 100 000-byte batch until the system refuses one (the first may still fit in the send buffer).</summary>
    private static async Task<VectoredIOException?> FlushUntilRefused(Func<MultiFrameWriter, Task> flush)
    {
        byte[] body = new byte[100_000];
        for (int attempt = 0; attempt < 20; attempt++)
        {
            using MultiFrameWriter writer = new() { CopyThreshold = 0 };
            writer.AddData(1, body, endStream: false);
            try
            {
                await flush(writer);
            }
            catch (VectoredIOException e)
            {
                return e;
            }
        }

        return null;
    }

    private static void AssertResetError(VectoredIOException? error)
    {
        Assert.NotNull(error);
        Assert.Equal("sendmsg", error.Operation);
        Assert.Contains(error.Errno, new[] { Errno.EPIPE, Errno.ECONNRESET });
    }

    [Fact]
    public async Task AsyncSocketFlush_ToAResetPeer_ThrowsTheSystemError()
    {
        using Loopback loopback = ResetByPeer();
        // On the thread pool: a send loop that never reaches an await spins there, and the bounded wait fails the test.
        AssertResetError(await FlushUntilRefused(writer => Task.Run(() => writer.FlushToAsync(loopback.Client).AsTask()).Within(Timeout)));
    }

    [Fact]
    public async Task SyncSocketFlush_ToAResetPeer_ThrowsTheSystemError()
    {
        // Disposed only once the flushes ended: a flush spinning on its worker holds a reference to the socket, and
        // disposing the socket would wait for that flush instead of letting the test fail.
        Loopback loopback = ResetByPeer();
        AssertResetError(await FlushUntilRefused(writer =>
        {
            Worker.Run("flush", () => writer.FlushTo(loopback.Client));
            return Task.CompletedTask;
        }));
        loopback.Dispose();
    }
}
