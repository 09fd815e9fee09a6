using System;
using System.IO;
using System.IO.Pipelines;
using System.Threading.Tasks;
using Ht2.Testing;

namespace Ht2.Tests.IO;

/// <summary>A client session and a server session over a pair of System.IO.Pipelines pipes (the pipe transport).</summary>
public sealed class PipeSessionTests
{
    private static readonly TimeSpan Bound = TimeSpan.FromSeconds(10);

    /// <summary>Answers each complete request with :status 200, the request body reversed, and END_STREAM.</summary>
    private sealed class ReversingServer : Ht2SessionHandler
    {
        private readonly MemoryStream _body = new();

        public override void OnRequest(Ht2Stream stream, Ht2Headers headers, bool endStream)
        {
            if (endStream)
            {
                Respond(stream);
            }
        }

        public override void OnData(Ht2Stream stream, ReadOnlySpan<byte> data, bool endStream)
        {
            _body.Write(data);
            if (endStream)
            {
                Respond(stream);
            }
        }

        private void Respond(Ht2Stream stream)
        {
            byte[] reply = _body.ToArray();
            Array.Reverse(reply);
            stream.SendHeaders([new(":status"u8.ToArray(), "200"u8.ToArray())], endStream: false);
            _ = stream.SendDataAsync(reply, endStream: true);
        }
    }

    /// <summary>Records the response's status and body and completes when the body ends.</summary>
    private sealed class ResponseCollector : Ht2SessionHandler
    {
        private readonly MemoryStream _body = new();

        public string? Status { get; private set; }

        public TaskCompletionSource<byte[]> Done { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public override void OnResponse(Ht2Stream stream, Ht2Headers headers, bool endStream)
        {
            Status = headers.TryGetValue(":status"u8, out ReadOnlySpan<byte> status) ? System.Text.Encoding.ASCII.GetString(status) : null;
            if (endStream)
            {
                Done.TrySetResult([]);
            }
        }

        public override void OnData(Ht2Stream stream, ReadOnlySpan<byte> data, bool endStream)
        {
            _body.Write(data);
            if (endStream)
            {
                Done.TrySetResult(_body.ToArray());
            }
        }

        public override void OnReset(Ht2Stream stream, Http2ErrorCode errorCode)
        {
            Done.TrySetException(new InvalidOperationException($"reset {errorCode}"));
            stream.Release();
        }
    }

    [Fact]
    public async Task A_request_and_its_response_cross_a_pipe_pair_and_closing_completes_the_pipes()
    {
        Pipe toServer = new();
        Pipe toClient = new();
        ResponseCollector collector = new();
        Ht2Session server = Ht2Session.CreateServer(new DuplexPipe(toServer.Reader, toClient.Writer), new ReversingServer());
        await using BoundedDisposal serverDisposal = server.DisposedWithin(Bound);
        Ht2Session client = Ht2Session.CreateClient(new DuplexPipe(toClient.Reader, toServer.Writer), collector);
        await using BoundedDisposal clientDisposal = client.DisposedWithin(Bound);
        Task serverRun = server.RunAsync();
        Task clientRun = client.RunAsync();

        // A body larger than one frame (16,384) and than the pipe's default pause threshold, so both the DATA split
        // and the pipe's back-pressure are crossed.
        byte[] body = new byte[100_000];
        new Random(7).NextBytes(body);
        Ht2Field[] request =
        [
            new(":method"u8.ToArray(), "POST"u8.ToArray()),
            new(":scheme"u8.ToArray(), "http"u8.ToArray()),
            new(":path"u8.ToArray(), "/reverse"u8.ToArray()),
            new(":authority"u8.ToArray(), "pipe"u8.ToArray()),
        ];
        Ht2Stream stream = client.OpenStream(request, endStream: false)!;
        await stream.SendDataAsync(body, endStream: true).AsTask().Within(Bound);

        byte[] reply = await collector.Done.Task.Within(Bound);
        Array.Reverse(body);
        Assert.Equal("200", collector.Status);
        Assert.True(reply.AsSpan().SequenceEqual(body), "the response body is not the reversed request body");

        // A graceful end: GOAWAY, half-close (the pipe's writer completes), then both sessions stop.
        client.Shutdown();
        await clientRun.Within(Bound);
        await serverRun.Within(Bound);
        Assert.Equal(0, server.ActiveStreamCount);

        // Each session completed the ends it held: writing into a completed pipe's writer is refused.
        Assert.Throws<InvalidOperationException>(() => toServer.Writer.GetSpan());
        Assert.Throws<InvalidOperationException>(() => toClient.Writer.GetSpan());
    }
}
