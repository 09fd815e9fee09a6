using System;
using System.IO;
using System.Net.Security;
using System.Security.Authentication;
using System.Threading.Tasks;
using Ht2.Testing;
using Ht2.Tests.Session;

namespace Ht2.Tests.Tls;

/// <summary>Sessions over SslStream with ALPN h2: an exchange, the §9.2.2 refusal, and how many writes a flush becomes.</summary>
public sealed class TlsSessionTests
{
    private static readonly TimeSpan Bound = TimeSpan.FromSeconds(10);

    /// <summary>A GET of / for localhost over https.</summary>
    internal static readonly Ht2Field[] Get =
    [
        new(":method"u8.ToArray(), "GET"u8.ToArray()),
        new(":scheme"u8.ToArray(), "https"u8.ToArray()),
        new(":path"u8.ToArray(), "/"u8.ToArray()),
        new(":authority"u8.ToArray(), "localhost"u8.ToArray()),
    ];

    /// <summary>Answers every request with :status 200 and a fixed body.</summary>
    private sealed class FixedResponder(byte[] body) : Ht2SessionHandler
    {
        public override void OnRequest(Ht2Stream stream, Ht2Headers headers, bool endStream)
        {
            stream.SendHeaders([new(":status"u8.ToArray(), "200"u8.ToArray())], endStream: false);
            _ = stream.SendDataAsync(body, endStream: true);
        }
    }

    [Fact]
    public async Task A_client_session_and_a_server_session_exchange_a_request_over_TLS()
    {
        using TcpPair tcp = await TcpPair.ConnectAsync();
        byte[] body = new byte[40_000];
        new Random(3).NextBytes(body);
        BodyCollector collector = new();

        Task<Ht2Session> serverSide = Ht2Session.CreateServerOverTlsAsync(tcp.Server, Ht2Tls.ServerOptions(TestCertificates.Ecdsa), new FixedResponder(body));
        Task<Ht2Session> clientSide = Ht2Session.CreateClientOverTlsAsync(tcp.Client, TestCertificates.TrustingClient(), collector);
        Ht2Session server = await serverSide.Within(Bound);
        await using BoundedDisposal serverDisposal = server.DisposedWithin(Bound);
        Ht2Session client = await clientSide.Within(Bound);
        await using BoundedDisposal clientDisposal = client.DisposedWithin(Bound);
        Task serverRun = server.RunAsync();
        Task clientRun = client.RunAsync();

        Assert.NotNull(client.OpenStream(Get, endStream: true));
        byte[] received = await collector.Done.Task.Within(Bound);
        Assert.True(received.AsSpan().SequenceEqual(body), "the body differs");

        client.Shutdown();
        await clientRun.Within(Bound);
        await serverRun.Within(Bound);
    }

    [Fact]
    [System.Runtime.Versioning.SupportedOSPlatform("linux")] // CipherSuitesPolicy: the suite must be forced on both sides
    public async Task A_TLS_12_suite_on_the_prohibited_list_gets_SETTINGS_then_GOAWAY_INADEQUATE_SECURITY()
    {
        using TcpPair tcp = await TcpPair.ConnectAsync();
        TlsCipherSuite[] weak = [TlsCipherSuite.TLS_ECDHE_RSA_WITH_AES_128_CBC_SHA256]; // ephemeral, but not AEAD
        SslServerAuthenticationOptions serverTls = Ht2Tls.ServerOptions(TestCertificates.Rsa);
        serverTls.EnabledSslProtocols = SslProtocols.Tls12;
        serverTls.CipherSuitesPolicy = new CipherSuitesPolicy(weak);
        SslClientAuthenticationOptions clientTls = TestCertificates.TrustingClient();
        clientTls.EnabledSslProtocols = SslProtocols.Tls12;
        clientTls.CipherSuitesPolicy = new CipherSuitesPolicy(weak);
        Task<Ht2Session> serverSide = Ht2Session.CreateServerOverTlsAsync(tcp.Server, serverTls, new FixedResponder([]));
        await using SslStream client = await Ht2Tls.AuthenticateAsClientAsync(tcp.Client, clientTls, Bound).Within(Bound);
        Ht2Session server = await serverSide.Within(Bound);
        await using BoundedDisposal serverDisposal = server.DisposedWithin(Bound);
        Task serverRun = server.RunAsync();

        // The client preface and an empty SETTINGS frame (RFC 9113 §3.4, §6.5), then everything the server sends until it closes.
        await client.WriteAsync("PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n"u8.ToArray());
        await client.WriteAsync(new byte[] { 0, 0, 0, 0x04, 0, 0, 0, 0, 0 });
        MemoryStream received = new();
        await client.CopyToAsync(received).Within(Bound);
        await serverRun.Within(Bound);

        // Frame by frame: SETTINGS (type 4, no ACK) first, and a GOAWAY (type 7) whose error code is 0xc.
        byte[] bytes = received.ToArray();
        Assert.Equal(0x04, bytes[3]);
        Assert.Equal(0x00, bytes[4]);
        int at = 0;
        int goAways = 0;
        while (at + 9 <= bytes.Length)
        {
            int length = (bytes[at] << 16) | (bytes[at + 1] << 8) | bytes[at + 2];
            if (bytes[at + 3] == 0x07)
            {
                goAways++;
                Assert.True(bytes.AsSpan(at + 9 + 4, 4).SequenceEqual(new byte[] { 0, 0, 0, 0x0c }), "GOAWAY is not INADEQUATE_SECURITY");
            }

            at += 9 + length;
        }

        Assert.Equal(bytes.Length, at);
        Assert.Equal(1, goAways);
        Assert.Equal(Http2ErrorCode.InadequateSecurity, server.CloseReason);
    }

    [Fact]
    public async Task A_flush_is_one_SslStream_write_so_a_batch_becomes_one_record_per_16_KiB()
    {
        using TcpPair tcp = await TcpPair.ConnectAsync();
        CountingStream counted = new(tcp.Server);
        Task<SslStream> serverSide = Ht2Tls.AuthenticateAsServerAsync(counted, Ht2Tls.ServerOptions(TestCertificates.Ecdsa), Bound);
        Task<SslStream> clientSide = Ht2Tls.AuthenticateAsClientAsync(tcp.Client, TestCertificates.TrustingClient(), Bound);
        await using SslStream server = await serverSide.Within(Bound);
        await using SslStream client = await clientSide.Within(Bound);
        IFrameTransport transport = FrameTransport.Over(server);

        // 100 frames of 9 + 91 bytes (10,000 bytes in 200 entries): one write, so one record.
        (int small, int smallRecords) = await FlushAndCountAsync(transport, counted, client, frames: 100, payload: 91);
        Assert.Equal(10_000, small);
        Assert.Equal(1, smallRecords);

        // 8 frames of 9 + 16,384 bytes (131,144 bytes): one write, which SslStream cuts into ceil(131,144 / 16,384) = 9 records.
        (int large, int largeRecords) = await FlushAndCountAsync(transport, counted, client, frames: 8, payload: 16_384);
        Assert.Equal(131_144, large);
        Assert.InRange(largeRecords, 1, 9); // one write per entry would be 16; SslStream on Linux makes 5 writes of <= 32 KiB
    }

    private static async Task<(int Bytes, int Writes)> FlushAndCountAsync(IFrameTransport transport, CountingStream counted, SslStream reader, int frames, int payload)
    {
        byte[] header = new byte[9];
        byte[] body = new byte[payload];
        Iovec[] entries = new Iovec[frames * 2];
        using System.Buffers.MemoryHandle headerPin = header.AsMemory().Pin();
        using System.Buffers.MemoryHandle bodyPin = body.AsMemory().Pin();
        unsafe
        {
            for (int i = 0; i < frames; i++)
            {
                entries[2 * i] = new Iovec((byte*)headerPin.Pointer, (nuint)header.Length);
                entries[(2 * i) + 1] = new Iovec((byte*)bodyPin.Pointer, (nuint)body.Length);
            }
        }

        counted.ResetCount();
        int total = frames * (9 + payload);
        Task<long> write = transport.WriteAsync(entries, default).AsTask();
        byte[] sink = new byte[total];
        await reader.ReadExactlyAsync(sink).AsTask().Within(Bound);
        Assert.Equal(total, await write.Within(Bound));
        return (total, counted.Writes);
    }
}
