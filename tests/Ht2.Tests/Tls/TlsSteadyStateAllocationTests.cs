using System;
using System.IO;
using System.Net.Security;
using System.Threading;
using System.Threading.Tasks;
using Ht2.Tests.Session;
using Xunit.Abstractions;

namespace Ht2.Tests.Tls;

/// <summary>
/// The steady-state allocation test over TLS: a server session over a real <see cref="SslStream"/> (TLS 1.3, ALPN h2)
/// whose connection is in memory, and a client SslStream the test writes requests into and reads responses from.
/// A client write completes the server's pending read on the test thread, so the server's SslStream decryption, the
/// session's read loop, handler and writer, and the server's encryption all run inline on it (the handler checks),
/// as do the client's own encryption and decryption: the thread's counter holds every byte both sides allocate.
/// </summary>
public sealed class TlsSteadyStateAllocationTests(ITestOutputHelper output)
{
    private const int Requests = 30_000;
    private const int MaxRounds = 5;
    private static readonly TimeSpan Bound = TimeSpan.FromSeconds(10);

    [Theory]
    [InlineData(1, false)]
    [InlineData(16, false)]
    [InlineData(16, true)]
    public async Task Requests_through_a_session_over_SslStream_allocate_zero_bytes_on_its_thread(int requestsPerWrite, bool withRequestBody)
    {
        (MemoryDuplexStream clientEnd, MemoryDuplexStream serverEnd) = MemoryDuplexStream.CreatePair();
        clientEnd.ResumesReadsInline = false; // the test's awaits; the measured part reads only what is already there
        SteadyStateLoad.Responder responder = new();
        Ht2SessionOptions options = new() { IdleTimeout = Timeout.InfiniteTimeSpan, MaxConcurrentStreams = 100 };
        Task<Ht2Session> serverSide = Ht2Session.CreateServerOverTlsAsync(serverEnd, Ht2Tls.ServerOptions(TestCertificates.Ecdsa), responder, options, new FakeTime());
        SslStream client = await Ht2Tls.AuthenticateAsClientAsync(clientEnd, TestCertificates.TrustingClient(), Bound).Within(Bound);
        Ht2Session server = await serverSide.Within(Bound);
        Task run = server.RunAsync();
        try
        {
            await ExchangeAsync(client, serverEnd, server, responder, requestsPerWrite, withRequestBody);
        }
        finally
        {
            await client.DisposeAsync();
            await server.DisposeAsync().AsTask().Within(Bound);
        }

        await run.Within(Bound);
    }

    private async Task ExchangeAsync(
        SslStream client, MemoryDuplexStream serverEnd, Ht2Session server, SteadyStateLoad.Responder responder, int requestsPerWrite, bool withRequestBody)
    {
        // Preface, SETTINGS, ACK, room on the connection window for every response, and a PING to wait for.
        await client.WriteAsync(Wire.Concat(Wire.Preface, Wire.Settings(), Wire.SettingsAck, Wire.WindowUpdate(0, 0x7FFF_FFFF - 65_535), Wire.Ping(7)));
        ResponseCounter responses = new();
        await responses.ReadUntilPingAckAsync(client).Within(Bound);

        // From here the server's read waits on its end of the connection, so the next client write resumes it inline.
        Assert.True(SpinWait.SpinUntil(() => serverEnd.ReadPending, Bound), $"the server's read loop did not wait for input: {serverEnd.Buffered} bytes buffered, completion {server.Completion.Status}, close {server.CloseReason}, {server.Completion.Exception}");
        byte[] input = SteadyStateLoad.Pipelined(requestsPerWrite, withRequestBody);
        uint id = 1;
        Drive(client, responses, input, requestsPerWrite, ref id, 4_000);

        // Anything allocated per request (or per read or write) makes every round allocate (AllocationRounds).
        responder.Watch(Environment.CurrentManagedThreadId);
        long received = 0;
        long[] rounds = AllocationRounds.UntilNothingAllocated(() => received = Drive(client, responses, input, requestsPerWrite, ref id, Requests), MaxRounds);
        long allocated = rounds[^1];

        output.WriteLine($"{requestsPerWrite} per write, request body {withRequestBody}: rounds of {Requests} requests allocated {string.Join(", ", rounds)} B on the thread (over {client.SslProtocol}, {client.NegotiatedCipherSuite})");
        Assert.Equal(Requests * rounds.Length, responder.Answered);
        Assert.Equal(0, responder.OffThread);
        Assert.True(received >= Requests * (long)SteadyStateLoad.MinResponseBytes, $"The client received only {received} bytes.");
        Assert.Equal(0, allocated);
        Assert.Equal(0, server.ActiveStreamCount);
    }

    /// <summary>Writes <paramref name="total"/> requests, <paramref name="perWrite"/> per client write, and reads every response.</summary>
    private static long Drive(SslStream client, ResponseCounter responses, byte[] input, int perWrite, ref uint id, int total)
    {
        long received = 0;
        for (int sent = 0; sent < total; sent += perWrite)
        {
            SteadyStateLoad.Renumber(input, perWrite, ref id);
            client.Write(input, 0, input.Length);
            received += responses.ReadResponses(client, perWrite);
        }

        return received;
    }

    /// <summary>
    /// Reads the server's frames from the client SslStream into one reused buffer and counts the responses by their
    /// DATA frames with END_STREAM (RFC 9113 §6.1); other frames (WINDOW_UPDATE for request bodies) are skipped.
    /// </summary>
    private sealed class ResponseCounter
    {
        private readonly byte[] _buffer = new byte[256 * 1024];
        private int _start;
        private int _end;

        public async Task ReadUntilPingAckAsync(SslStream client)
        {
            while (true)
            {
                int read = await client.ReadAsync(_buffer.AsMemory(_end));
                Assert.NotEqual(0, read);
                _end += read;
                while (NextFrame(out byte type, out byte flags))
                {
                    if (type == WireFrame.Ping && (flags & Wire.Ack) != 0)
                    {
                        return;
                    }
                }
            }
        }

        /// <summary>Reads until <paramref name="count"/> responses ended; returns the bytes read. Never waits (the server answered inline).</summary>
        public long ReadResponses(SslStream client, int count)
        {
            long received = 0;
            int ended = 0;
            while (ended < count)
            {
                if (NextFrame(out byte type, out byte flags))
                {
                    ended += type == WireFrame.Data && (flags & Wire.EndStream) != 0 ? 1 : 0;
                    continue;
                }

                Compact();
                int read = client.Read(_buffer, _end, _buffer.Length - _end);
                if (read == 0)
                {
                    // Not Assert.NotEqual: xunit's assertions allocate, and this runs in the measured loop.
                    throw new EndOfStreamException("The server closed the connection.");
                }
                _end += read;
                received += read;
            }

            return received;
        }

        private bool NextFrame(out byte type, out byte flags)
        {
            type = flags = 0;
            if (_end - _start < 9)
            {
                return false;
            }

            int length = (_buffer[_start] << 16) | (_buffer[_start + 1] << 8) | _buffer[_start + 2];
            if (_end - _start < 9 + length)
            {
                return false;
            }

            type = _buffer[_start + 3];
            flags = _buffer[_start + 4];
            _start += 9 + length;
            return true;
        }

        private void Compact()
        {
            Buffer.BlockCopy(_buffer, _start, _buffer, 0, _end - _start);
            _end -= _start;
            _start = 0;
        }
    }
}
