using System;
using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using System.Threading;
using System.Threading.Tasks;

namespace Ht2.Tests.Session;

/// <summary>A client session against a server session over real loopback sockets: many streams, bodies both ways, trailers.</summary>
public sealed class LoopbackSessionTests
{
    private static readonly TimeSpan Bound = TimeSpan.FromSeconds(30);

    /// <summary>Echoes each request body back (the response starts at the request's end) with a trailer.</summary>
    private sealed class EchoServer : Ht2SessionHandler
    {
        private readonly ConcurrentDictionary<Ht2Stream, System.IO.MemoryStream> _bodies = new();

        public override void OnRequest(Ht2Stream stream, Ht2Headers headers, bool endStream)
        {
            _bodies[stream] = new System.IO.MemoryStream();
            if (endStream)
            {
                Respond(stream);
            }
        }

        public override void OnData(Ht2Stream stream, ReadOnlySpan<byte> data, bool endStream)
        {
            _bodies[stream].Write(data);
            if (endStream)
            {
                Respond(stream);
            }
        }

        private void Respond(Ht2Stream stream)
        {
            _bodies.TryRemove(stream, out System.IO.MemoryStream? body);
            byte[] bytes = body!.ToArray();
            stream.SendHeaders([new(":status"u8.ToArray(), "200"u8.ToArray())], endStream: false);

            // Off the read loop, like a real handler: the trailers follow once the body was written.
            _ = Task.Run(async () =>
            {
                await stream.SendDataAsync(bytes, endStream: false);
                stream.SendTrailers([new("x-length"u8.ToArray(), System.Text.Encoding.ASCII.GetBytes(bytes.Length.ToString(System.Globalization.CultureInfo.InvariantCulture)))]);
            });
        }
    }

    /// <summary>Collects each response body and completes when its trailers arrive.</summary>
    private sealed class Collector : Ht2SessionHandler
    {
        public ConcurrentDictionary<uint, System.IO.MemoryStream> Bodies { get; } = new();

        public ConcurrentDictionary<uint, TaskCompletionSource<string>> Done { get; } = new();

        public override void OnData(Ht2Stream stream, ReadOnlySpan<byte> data, bool endStream) => Bodies.GetOrAdd(stream.Id, _ => new System.IO.MemoryStream()).Write(data);

        public override void OnTrailers(Ht2Stream stream, Ht2Headers trailers)
        {
            trailers.TryGetValue("x-length"u8, out ReadOnlySpan<byte> length);
            Done[stream.Id].TrySetResult(System.Text.Encoding.ASCII.GetString(length));
        }

        public override void OnReset(Ht2Stream stream, Http2ErrorCode errorCode)
        {
            Done[stream.Id].TrySetException(new InvalidOperationException($"reset {errorCode}"));
            stream.Release();
        }
    }

    [Fact]
    public async Task Fifty_concurrent_streams_echo_bodies_both_ways_with_trailers()
    {
        using Socket listener = new(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        listener.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        listener.Listen(1);
        using Socket clientSocket = new(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        await clientSocket.ConnectAsync(listener.LocalEndPoint!);
        using Socket serverSocket = await listener.AcceptAsync();

        // Small windows so that flow control works hard in both directions.
        Ht2SessionOptions options = new() { Windows = new Ht2WindowPolicy { StreamWindowSize = 65_535, ConnectionWindowSize = 65_535 } };
        Ht2Session server = Ht2Session.CreateServer(serverSocket, new EchoServer(), options);
        await using BoundedDisposal serverDisposal = server.DisposedWithin(Bound);
        Collector collector = new();
        Ht2Session client = Ht2Session.CreateClient(clientSocket, collector, options);
        await using BoundedDisposal clientDisposal = client.DisposedWithin(Bound);
        Task serverRun = server.RunAsync();
        Task clientRun = client.RunAsync();

        Task[] sends = new Task[50];
        for (int i = 0; i < sends.Length; i++)
        {
            byte[] body = new byte[1000 + (i * 4099)];
            new Random(i).NextBytes(body);
            Ht2Field[] request =
            [
                new(":method"u8.ToArray(), "POST"u8.ToArray()),
                new(":scheme"u8.ToArray(), "http"u8.ToArray()),
                new(":path"u8.ToArray(), "/echo"u8.ToArray()),
                new(":authority"u8.ToArray(), "x"u8.ToArray()),
            ];
            Ht2Stream stream = client.OpenStream(request, endStream: false)!;
            collector.Done[stream.Id] = new TaskCompletionSource<string>(TaskCreationOptions.RunContinuationsAsynchronously);
            uint id = stream.Id;
            sends[i] = Task.Run(async () =>
            {
                await stream.SendDataAsync(body, endStream: true);
                string length = await collector.Done[id].Task;
                Assert.Equal(body.Length.ToString(System.Globalization.CultureInfo.InvariantCulture), length);
                Assert.True(collector.Bodies[id].ToArray().AsSpan().SequenceEqual(body), $"stream {id}: body differs");
            });
        }

        await Task.WhenAll(sends).Within(Bound);
        client.Shutdown();
        await clientRun.Within(Bound);
        await serverRun.Within(Bound);
        Assert.Equal(0, server.ActiveStreamCount);
    }

    [Fact]
    public async Task A_client_that_never_reads_is_dropped_after_the_write_stall_without_blocking_a_thread()
    {
        using Socket listener = new(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        listener.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        listener.Listen(1);
        using Socket peer = new(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp) { ReceiveBufferSize = 4096 };
        await peer.ConnectAsync(listener.LocalEndPoint!);
        using Socket serverSocket = await listener.AcceptAsync();
        serverSocket.SendBufferSize = 4096;

        byte[] body = new byte[64 << 20];
        Task<ValueTask>? send = null;
        Ht2SessionOptions options = new() { WriteStallTimeout = TimeSpan.FromSeconds(1), TimerPeriod = TimeSpan.FromMilliseconds(100) };
        RecordingHandler handler = new()
        {
            Request = (stream, ended) =>
            {
                stream.SendHeaderBlock(Wire.Status200Block, endStream: false);
                send = Task.FromResult(stream.SendDataAsync(body, endStream: true));
            },
        };
        Ht2Session server = new(FrameTransport.Over(serverSocket), Ht2SessionRole.Server, handler, options, null);
        await using BoundedDisposal serverDisposal = server.DisposedWithin(Bound);
        Task run = server.RunAsync();

        // Huge windows (SETTINGS_INITIAL_WINDOW_SIZE 2^31-1 and the connection's), one GET, then never a read.
        await peer.SendAsync(Wire.Concat(
            Wire.Preface,
            Wire.Settings((4, 0x7FFF_FFFF)),
            Wire.SettingsAck,
            Wire.WindowUpdate(0, 0x7FFF_FFFF - 65_535),
            Wire.Headers(1, Wire.GetBlock, endStream: true)));

        // The write stalls once the socket buffers are full; a second later the session drops the connection and
        // the pending send fails. No thread waited on the peer meanwhile: every write was a non-blocking sendmsg.
        await run.Within(Bound);
        Assert.NotNull(send);
        await Assert.ThrowsAsync<Ht2StreamClosedException>(async () => await (await send!));
    }
}
