using System;
using System.Net;
using System.Net.Sockets;
using System.Threading;
using System.Threading.Tasks;
using Ht2.H2cServer;

namespace Ht2.Interop.Tests;

/// <summary>
/// Hand-written bad frames against the server: a connection error ends that connection with GOAWAY and the RFC
/// code, a stream error with RST_STREAM, and the server goes on serving.
/// </summary>
public sealed class ErrorTests
{
    private static readonly byte[] Preface = "PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n"u8.ToArray();

    // SETTINGS, empty: length 0, type 4, flags 0, stream 0.
    private static readonly byte[] EmptySettings = [0, 0, 0, 4, 0, 0, 0, 0, 0];

    [Fact]
    public async Task DATA_on_stream_0_gets_GOAWAY_PROTOCOL_ERROR_and_the_server_keeps_serving()
    {
        await using H2cServer.H2cServer server = await H2cServer.H2cServer.StartAsync(new H2cServerOptions { BodyBytes = 10 });
        using (Socket socket = await ConnectAsync(server.Port))
        {
            // DATA (type 0), length 0, on stream 0: a PROTOCOL_ERROR connection error (RFC 9113 §6.1).
            await socket.SendAsync(Concat(Preface, EmptySettings, [0, 0, 0, 0, 0, 0, 0, 0, 0]));

            GoAwayFrame goAway = await ReadUntilAsync<GoAwayFrame>(socket, FrameType.GoAway);
            Assert.Equal(Http2ErrorCode.ProtocolError, goAway.ErrorCode);
            Assert.Equal(0u, goAway.LastStreamId);
        }

        ToolResult curl = await ToolRun.RunAsync(Tool.Curl, ["--http2-prior-knowledge", "-s", "-o", "/dev/null", "-w", "%{http_code}", $"http://127.0.0.1:{server.Port}/"]);
        Assert.Equal("200", curl.Output.Trim());
    }

    [Fact]
    public async Task WINDOW_UPDATE_of_0_on_a_stream_gets_RST_STREAM_and_the_connection_goes_on()
    {
        await using H2cServer.H2cServer server = await H2cServer.H2cServer.StartAsync(new H2cServerOptions { BodyBytes = 10 });
        using Socket socket = await ConnectAsync(server.Port);

        // WINDOW_UPDATE (type 8) of 0 on stream 1: a PROTOCOL_ERROR stream error (§6.9). Then a GET on stream 3:
        // HEADERS (type 1), END_STREAM|END_HEADERS, :method GET (0x82), :scheme http (0x86), :path / (0x84),
        // :authority "x" (literal with indexing, name index 1: 0x41 0x01 'x').
        byte[] zeroUpdate = [0, 0, 4, 8, 0, 0, 0, 0, 1, 0, 0, 0, 0];
        byte[] get = [0, 0, 6, 1, 0x05, 0, 0, 0, 3, 0x82, 0x86, 0x84, 0x41, 0x01, (byte)'x'];
        await socket.SendAsync(Concat(Preface, EmptySettings, zeroUpdate, get));

        bool reset = false;
        await ReadUntilAsync(socket, "the answer on stream 3", frame =>
        {
            Assert.NotEqual(FrameType.GoAway, frame.Type);
            if (frame.Type == FrameType.RstStream)
            {
                Assert.Equal(1u, frame.StreamId);
                Assert.Equal(Http2ErrorCode.ProtocolError, frame.Parse<RstStreamFrame>(out _).ErrorCode);
                reset = true;
            }

            return frame.Type == FrameType.Data && frame.StreamId == 3 && frame.Header.HasFlag(FrameFlags.EndStream);
        });

        Assert.True(reset);
    }

    private static async Task<Socket> ConnectAsync(int port)
    {
        Socket socket = new(SocketType.Stream, ProtocolType.Tcp);
        await socket.ConnectAsync(new IPEndPoint(IPAddress.Loopback, port));
        return socket;
    }

    private static async Task<TFrame> ReadUntilAsync<TFrame>(Socket socket, FrameType type)
        where TFrame : struct, IHt2Frame<TFrame>
    {
        TFrame found = default;
        await ReadUntilAsync(socket, type.ToString(), frame =>
        {
            if (frame.Type != type)
            {
                return false;
            }

            found = frame.Parse<TFrame>(out _);
            return true;
        });
        return found;
    }

    /// <summary>
    /// Reads the server's frames, handing each to <paramref name="last"/> (its payload is valid only during the call),
    /// until it returns true. One deadline bounds the whole read: a server that never answers, or one that sends
    /// frames for ever, fails the test instead of hanging it.
    /// </summary>
    private static async Task ReadUntilAsync(Socket socket, string what, Func<ReceivedFrame, bool> last)
    {
        using Ht2Connection reader = new(socket, new Ht2ConnectionOptions { AutoAcknowledge = false });
        TimeSpan bound = WaitBreaker.Bound(SessionClient.Bound);
        using CancellationTokenSource deadline = new(bound);
        while (true)
        {
            ReceivedFrame frame;
            try
            {
                deadline.Token.ThrowIfCancellationRequested();
                frame = await reader.ReadFrameAsync(deadline.Token);
            }
            catch (OperationCanceledException e)
            {
                throw new TimeoutException(WaitBreaker.RanOut(what, bound), e);
            }

            Assert.False(frame.IsEndOfStream, $"The server closed the connection before {what}.");
            if (last(frame))
            {
                return;
            }
        }
    }

    private static byte[] Concat(params byte[][] parts)
    {
        int length = 0;
        foreach (byte[] part in parts)
        {
            length += part.Length;
        }

        byte[] all = new byte[length];
        int offset = 0;
        foreach (byte[] part in parts)
        {
            part.CopyTo(all, offset);
            offset += part.Length;
        }

        return all;
    }
}
