using System;
using System.Collections.Generic;
using System.Threading;
using System.Threading.Tasks;
using Ht2.Testing;

namespace Ht2.Tests.Tls;

/// <summary>
/// Many concurrent streams over real SslStreams on a loopback TCP connection, the way h2load loads a server: the
/// server's read loop and writer loop share one SslStream (one read and one write outstanding at most; SslStream
/// throws on a second of either, which faults the session), and every request gets its whole response.
/// </summary>
public sealed class TlsConcurrencyTests
{
    private static readonly TimeSpan Bound = TimeSpan.FromSeconds(30);

    [Theory]
    [InlineData(16, 4_000)]
    [InlineData(64, 10_000)] // below the server's 100: the stream whose END_STREAM is being delivered still counts against it
    public async Task Every_request_completes_with_many_streams_in_flight_over_TLS(int concurrent, int requests)
    {
        using TcpPair tcp = await TcpPair.ConnectAsync();
        Session.SteadyStateLoad.Responder responder = new();
        Loader loader = new(concurrent, requests);
        Task<Ht2Session> serverSide = Ht2Session.CreateServerOverTlsAsync(tcp.Server, Ht2Tls.ServerOptions(TestCertificates.Ecdsa), responder);
        Task<Ht2Session> clientSide = Ht2Session.CreateClientOverTlsAsync(tcp.Client, TestCertificates.TrustingClient(), loader);
        Ht2Session server = await serverSide.Within(Bound);
        await using BoundedDisposal serverDisposal = server.DisposedWithin(Bound);
        Ht2Session client = await clientSide.Within(Bound);
        await using BoundedDisposal clientDisposal = client.DisposedWithin(Bound);
        Task serverRun = server.RunAsync();
        Task clientRun = client.RunAsync();

        loader.Start(client);
        await loader.Done.Task.Within(Bound);

        Assert.Equal(requests, loader.Completed);
        Assert.Equal(0, loader.ShortBodies);
        client.Shutdown();
        await clientRun.Within(Bound);
        await serverRun.Within(Bound); // a second read or write at once on the SslStream would have faulted it
    }

    /// <summary>Keeps <c>concurrent</c> requests in flight, opening the next one from the handler as each response ends.</summary>
    private sealed class Loader(int concurrent, int requests) : Ht2SessionHandler
    {
        private Ht2Session _client = null!;
        private readonly Dictionary<uint, int> _bodyBytes = new();
        private int _opened;

        public TaskCompletionSource Done { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public int Completed { get; private set; }

        public int ShortBodies { get; private set; }

        public void Start(Ht2Session client)
        {
            _client = client;
            for (int i = 0; i < concurrent; i++)
            {
                OpenNext();
            }
        }

        public override void OnData(Ht2Stream stream, ReadOnlySpan<byte> data, bool endStream)
        {
            // The session calls the handler from its read loop only, one event at a time.
            int received = _bodyBytes.GetValueOrDefault(stream.Id) + data.Length;
            if (!endStream)
            {
                _bodyBytes[stream.Id] = received;
                return;
            }

            _bodyBytes.Remove(stream.Id);
            ShortBodies += received == Session.SteadyStateLoad.Body.Length ? 0 : 1;
            if (++Completed == requests)
            {
                Done.TrySetResult();
            }
            else
            {
                OpenNext();
            }
        }

        public override void OnReset(Ht2Stream stream, Http2ErrorCode errorCode)
        {
            Done.TrySetException(new InvalidOperationException($"stream {stream.Id} reset: {errorCode}"));
            stream.Release();
        }

        private void OpenNext()
        {
            if (Interlocked.Increment(ref _opened) <= requests && _client.OpenStream(TlsSessionTests.Get, endStream: true) is null)
            {
                Done.TrySetException(new InvalidOperationException($"no stream could be opened after {Completed} responses"));
            }
        }
    }
}
