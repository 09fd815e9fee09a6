using System;
using System.Net.Sockets;
using System.Threading;
using System.Threading.Tasks;
using Ht2.Tests.Session;

namespace Ht2.Tests.IO;

/// <summary>
/// A socket read that polls for input before it waits (<see cref="Ht2SessionOptions.ReceiveSpin"/>): it returns the
/// same bytes as a read that does not poll, whether they arrive before, while or after it polls; it still sees the
/// peer's end and a socket closed under it; and a session that polls answers its requests.
/// </summary>
[Collection(ReceiveSpinGate.Name)]
public sealed class SocketReceiveSpinTests
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(10);

    [Fact]
    public async Task A_polling_read_returns_every_byte_in_order()
    {
        using Loopback loopback = new();
        SocketTransport transport = new(loopback.Server);
        transport.ApplyReceiveSpin(Ht2SessionOptions.MaxReceiveSpin);
        byte[] sent = new byte[200_000];
        new Random(5).NextBytes(sent);

        // Pieces of 1,000 bytes: reads find the socket empty, part-filled and full.
        Worker writer = Worker.Start("writer", () =>
        {
            for (int offset = 0; offset < sent.Length; offset += 1000)
            {
                loopback.Client.Send(sent.AsSpan(offset, Math.Min(1000, sent.Length - offset)));
            }
        });
        byte[] received = new byte[sent.Length];
        int total = 0;
        while (total < received.Length)
        {
            int read = await transport.ReadAsync(received.AsMemory(total), CancellationToken.None).AsTask().Within(Patience);
            Assert.True(read > 0, "the peer's end came before its bytes");
            total += read;
        }

        writer.Join(Patience);
        Assert.Equal(sent, received);
    }

    [Fact]
    public async Task Two_polling_reads_at_once_both_get_their_bytes()
    {
        using Loopback first = new(), second = new();
        SocketTransport a = new(first.Server), b = new(second.Server);
        a.ApplyReceiveSpin(Ht2SessionOptions.MaxReceiveSpin);
        b.ApplyReceiveSpin(Ht2SessionOptions.MaxReceiveSpin);
        byte[] intoA = new byte[1], intoB = new byte[1];
        Task<int> readA = Task.Run(() => a.ReadAsync(intoA, CancellationToken.None).AsTask());
        Task<int> readB = Task.Run(() => b.ReadAsync(intoB, CancellationToken.None).AsTask());

        first.Client.Send([0xA1]);
        second.Client.Send([0xB2]);

        Assert.Equal(1, await readA.Within(Patience));
        Assert.Equal(1, await readB.Within(Patience));
        Assert.Equal([0xA1], intoA);
        Assert.Equal([0xB2], intoB);
    }

    [Fact]
    public async Task A_polling_read_sees_the_peers_end()
    {
        using Loopback loopback = new();
        SocketTransport transport = new(loopback.Server);
        transport.ApplyReceiveSpin(Ht2SessionOptions.MaxReceiveSpin);
        loopback.Client.Send([1, 2, 3]);
        loopback.Client.Shutdown(SocketShutdown.Send);

        byte[] buffer = new byte[16];
        Assert.Equal(3, await transport.ReadAsync(buffer, CancellationToken.None).AsTask().Within(Patience));
        Assert.Equal(0, await transport.ReadAsync(buffer, CancellationToken.None).AsTask().Within(Patience));
        Assert.Equal([1, 2, 3], buffer[..3]);
    }

    [Fact]
    public async Task A_polling_read_of_a_closed_socket_fails_like_a_plain_read_and_the_next_polls_again()
    {
        using Loopback closed = new(), open = new();
        SocketTransport gone = new(closed.Server);
        gone.ApplyReceiveSpin(Ht2SessionOptions.MaxReceiveSpin);
        closed.Server.Dispose();

        await Assert.ThrowsAsync<ObjectDisposedException>(() => gone.ReadAsync(new byte[1], CancellationToken.None).AsTask().Within(Patience));

        SocketTransport next = new(open.Server);
        next.ApplyReceiveSpin(Ht2SessionOptions.MaxReceiveSpin);
        open.Client.Send([9]);
        byte[] buffer = new byte[1];
        Assert.Equal(1, await next.ReadAsync(buffer, CancellationToken.None).AsTask().Within(Patience));
        Assert.Equal([9], buffer);
    }

    [Fact]
    public async Task A_session_that_polls_answers_request_after_request()
    {
        using Loopback loopback = new();
        RecordingHandler handler = new()
        {
            Request = (stream, ended) => stream.SendHeaders([new(":status"u8.ToArray(), "204"u8.ToArray())], endStream: true),
        };
        Ht2Session server = Ht2Session.CreateServer(loopback.Server, handler, new Ht2SessionOptions { ReceiveSpin = Ht2SessionOptions.MaxReceiveSpin });
        await using BoundedDisposal serverDisposal = server.DisposedWithin(Patience);
        StatusCollector collector = new();
        Ht2Session client = Ht2Session.CreateClient(loopback.Client, collector, new Ht2SessionOptions { ReceiveSpin = Ht2SessionOptions.MaxReceiveSpin });
        await using BoundedDisposal clientDisposal = client.DisposedWithin(Patience);
        Task serverRun = server.RunAsync();
        Task clientRun = client.RunAsync();

        Ht2Field[] request = Wire.GetFields;

        // One request in flight at a time, the shape polling is for.
        for (int i = 0; i < 50; i++)
        {
            TaskCompletionSource<string> status = collector.Next();
            client.OpenStream(request, endStream: true);
            Assert.Equal("204", await status.Task.Within(Patience));
        }

        client.Shutdown();
        await clientRun.Within(Patience);
        await serverRun.Within(Patience);
    }
}

/// <summary>Hands each response's :status to the waiter the test armed before sending the request.</summary>
internal sealed class StatusCollector : Ht2SessionHandler
{
    private TaskCompletionSource<string>? _next;

    public TaskCompletionSource<string> Next() => _next = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public override void OnResponse(Ht2Stream stream, Ht2Headers headers, bool endStream)
    {
        string status = headers.TryGetValue(":status"u8, out ReadOnlySpan<byte> value) ? System.Text.Encoding.ASCII.GetString(value) : "none";
        _next?.TrySetResult(status);
        base.OnResponse(stream, headers, endStream);
    }
}
