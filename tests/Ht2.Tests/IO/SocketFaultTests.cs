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

    [Fact]
    public async Task AsyncSocketFlush_ToAResetPeer_ThrowsTheSystemError()
    {
        using Loopback loopback = ResetByPeer();
        byte[] body = new byte[100_000];
        VectoredIOException? error = null;
        for (int attempt = 0; attempt < 20 && error is null; attempt++)
        {
            using MultiFrameWriter writer = new() { CopyThreshold = 0 };
            writer.AddData(1, body, endStream: false);
            try
            {
                await writer.FlushToAsync(loopback.Client).AsTask().WaitAsync(Timeout);
            }
            catch (VectoredIOException e)
            {
                error = e;
            }
        }

        Assert.NotNull(error);
        Assert.Equal("sendmsg", error.Operation);
        Assert.Contains(error.Errno, new[] { Errno.EPIPE, Errno.ECONNRESET });
    }

    [Fact]
    public void SyncSocketFlush_ToAResetPeer_ThrowsTheSystemError()
    {
        using Loopback loopback = ResetByPeer();
        byte[] body = new byte[100_000];
        VectoredIOException? error = null;
        for (int attempt = 0; attempt < 20 && error is null; attempt++)
        {
            using MultiFrameWriter writer = new() { CopyThreshold = 0 };
            writer.AddData(1, body, endStream: false);
            error = Record.Exception(() => Worker.Run("flush", () => writer.FlushTo(loopback.Client))) switch
            {
                null => null,
                VectoredIOException e => e,
                Exception other => throw other,
            };
        }

        Assert.NotNull(error);
        Assert.Equal("sendmsg", error.Operation);
        Assert.Contains(error.Errno, new[] { Errno.EPIPE, Errno.ECONNRESET });
    }
}
