using System;
using System.Net.Security;
using System.Net.Sockets;
using System.Threading.Tasks;
using Ht2.Testing;
using Ht2.Tests.Session;

namespace Ht2.Tests.Tls;

/// <summary>
/// Peers that cannot carry HTTP/2 over TLS: no h2 in ALPN, a truncated record, a close mid-handshake, a handshake
/// that never ends, a record cut short mid-session. Each ends with a clear error and a closed transport, in bounded time.
/// </summary>
public sealed class TlsHandshakeFailureTests
{
    private static readonly TimeSpan Bound = TimeSpan.FromSeconds(10);

    private sealed class Quiet : Ht2SessionHandler
    {
    }

    [Fact]
    public async Task A_peer_that_offers_only_http11_is_refused()
    {
        using TcpPair tcp = await TcpPair.ConnectAsync();
        SslClientAuthenticationOptions http11 = TestCertificates.TrustingClient();
        http11.ApplicationProtocols = [SslApplicationProtocol.Http11];
        Task<Ht2Session> server = Ht2Session.CreateServerOverTlsAsync(tcp.Server, Ht2Tls.ServerOptions(TestCertificates.Ecdsa), new Quiet(), time: new FakeTime());
        Task<SslStream> client = Ht2Tls.AuthenticateAsClientAsync(tcp.Client, http11, Bound);

        Ht2TlsException refused = await Assert.ThrowsAsync<Ht2TlsException>(() => server.Within(Bound));
        Assert.True(refused.Failure is Ht2TlsFailure.NotHttp2 or Ht2TlsFailure.HandshakeFailed, refused.ToString());
        await Assert.ThrowsAsync<Ht2TlsException>(() => client.Within(Bound));
        AssertClosed(tcp.ServerSocket);
    }

    [Fact]
    public async Task A_peer_without_ALPN_is_refused_as_not_HTTP2()
    {
        using TcpPair tcp = await TcpPair.ConnectAsync();
        SslClientAuthenticationOptions noAlpn = TestCertificates.TrustingClient();
        noAlpn.ApplicationProtocols = null;
        Task<Ht2Session> server = Ht2Session.CreateServerOverTlsAsync(tcp.Server, Ht2Tls.ServerOptions(TestCertificates.Ecdsa), new Quiet(), time: new FakeTime());
        await using SslStream client = new(tcp.Client, leaveInnerStreamOpen: true);
        Task handshake = client.AuthenticateAsClientAsync(noAlpn);

        Ht2TlsException refused = await Assert.ThrowsAsync<Ht2TlsException>(() => server.Within(Bound));
        Assert.Equal(Ht2TlsFailure.NotHttp2, refused.Failure);
        Assert.Contains("h2", refused.Message, StringComparison.Ordinal);
        AssertClosed(tcp.ServerSocket);

        // The client's handshake finished or failed; either way its next read sees the closed connection.
        try
        {
            await handshake.Within(Bound);
            Assert.Equal(0, await client.ReadAsync(new byte[1]).AsTask().Within(Bound));
        }
        catch (Exception e) when (e is System.IO.IOException or System.Security.Authentication.AuthenticationException)
        {
        }
    }

    [Fact]
    public async Task A_truncated_record_fails_the_handshake()
    {
        using TcpPair tcp = await TcpPair.ConnectAsync();
        // A clock that never moves: the handshake must fail on the truncated record, never by the timeout.
        Task<Ht2Session> server = Ht2Session.CreateServerOverTlsAsync(tcp.Server, Ht2Tls.ServerOptions(TestCertificates.Ecdsa), new Quiet(), time: new FakeTime());

        // A handshake record header announcing 512 bytes (content type 22, version 3.1, length 0x0200), then 6 of them and FIN.
        await tcp.ClientSocket.SendAsync(new byte[] { 0x16, 0x03, 0x01, 0x02, 0x00, 0x01, 0x00, 0x01, 0xFC, 0x03, 0x03 });
        tcp.ClientSocket.Shutdown(SocketShutdown.Send);

        Ht2TlsException failed = await Assert.ThrowsAsync<Ht2TlsException>(() => server.Within(Bound));
        Assert.Equal(Ht2TlsFailure.HandshakeFailed, failed.Failure);
        AssertClosed(tcp.ServerSocket);
    }

    [Fact]
    public async Task A_peer_that_closes_after_its_ClientHello_fails_the_handshake()
    {
        using TcpPair tcp = await TcpPair.ConnectAsync();
        Task<Ht2Session> server = Ht2Session.CreateServerOverTlsAsync(tcp.Server, Ht2Tls.ServerOptions(TestCertificates.Ecdsa), new Quiet(), time: new FakeTime());

        // The client's first write is its ClientHello; the stream closes the socket right after it.
        CountingStream closing = new(tcp.Client, closeAfterWrites: 1);
        Task<SslStream> client = Ht2Tls.AuthenticateAsClientAsync(closing, TestCertificates.TrustingClient(), Bound);

        Ht2TlsException failed = await Assert.ThrowsAsync<Ht2TlsException>(() => server.Within(Bound));
        Assert.Equal(Ht2TlsFailure.HandshakeFailed, failed.Failure);
        Assert.Equal(Ht2TlsFailure.HandshakeFailed, (await Assert.ThrowsAsync<Ht2TlsException>(() => client.Within(Bound))).Failure);
        AssertClosed(tcp.ServerSocket);
    }

    [Fact]
    public async Task A_handshake_that_never_ends_times_out_on_the_injected_clock()
    {
        using TcpPair tcp = await TcpPair.ConnectAsync();
        FakeTime time = new();

        // The peer connects and says nothing: only the timeout can end the handshake.
        Task<Ht2Session> server = Ht2Session.CreateServerOverTlsAsync(tcp.Server, Ht2Tls.ServerOptions(TestCertificates.Ecdsa), new Quiet(), time: time);
        time.Advance(TimeSpan.FromSeconds(9));
        Assert.False(server.IsCompleted);
        time.Advance(TimeSpan.FromSeconds(1));

        Ht2TlsException timedOut = await Assert.ThrowsAsync<Ht2TlsException>(() => server.Within(Bound));
        Assert.Equal(Ht2TlsFailure.HandshakeTimeout, timedOut.Failure);
        Assert.Contains("10 s", timedOut.Message, StringComparison.Ordinal);
        AssertClosed(tcp.ServerSocket);
    }

    [Fact]
    public async Task A_record_cut_short_mid_session_ends_the_session_without_a_fault()
    {
        using TcpPair tcp = await TcpPair.ConnectAsync();
        Task<Ht2Session> serverSide = Ht2Session.CreateServerOverTlsAsync(tcp.Server, Ht2Tls.ServerOptions(TestCertificates.Ecdsa), new Quiet());
        await using SslStream client = await Ht2Tls.AuthenticateAsClientAsync(tcp.Client, TestCertificates.TrustingClient(), Bound).Within(Bound);
        Ht2Session server = await serverSide.Within(Bound);
        await using BoundedDisposal serverDisposal = server.DisposedWithin(Bound);
        Task run = server.RunAsync();

        // An application-data record header announcing 64 bytes, 5 of them, then FIN: the record can never complete.
        await tcp.ClientSocket.SendAsync(new byte[] { 0x17, 0x03, 0x03, 0x00, 0x40, 1, 2, 3, 4, 5 });
        tcp.ClientSocket.Shutdown(SocketShutdown.Send);

        await run.Within(Bound);
        Assert.Equal(Http2ErrorCode.Cancel, server.CloseReason);
    }

    private static void AssertClosed(Socket socket) => Assert.Throws<ObjectDisposedException>(() => socket.Available);
}
