using System;
using System.IO;
using System.Net.Security;
using System.Security.Authentication;
using System.Security.Cryptography.X509Certificates;
using System.Threading;
using System.Threading.Tasks;

namespace Ht2;

/// <summary>
/// HTTP/2 over TLS (RFC 9113 §3.2, §9.2): authentication options that offer only <c>h2</c> through ALPN on TLS 1.2
/// or 1.3 without renegotiation, and the handshake with a timeout that refuses anything else with an
/// <see cref="Ht2TlsException"/>. <see cref="Ht2Session.CreateServerOverTlsAsync"/> and
/// <see cref="Ht2Session.CreateClientOverTlsAsync"/> run a session over the result.
/// </summary>
/// <remarks>
/// A server <see cref="SslStream"/> never starts a renegotiation unless asked to, and these options refuse one the
/// peer starts (TLS 1.3 has none). A TLS 1.2 cipher suite on the prohibited list of RFC 9113 §9.2.2 does not fail the
/// handshake: the session sends its SETTINGS, then GOAWAY INADEQUATE_SECURITY, and closes.
/// </remarks>
public static class Ht2Tls
{
    /// <summary>The TLS handshake timeout a session's <see cref="Ht2SessionOptions.TlsHandshakeTimeout"/> starts with: 10 s.</summary>
    public static readonly TimeSpan DefaultHandshakeTimeout = TimeSpan.FromSeconds(10);

    /// <summary>Server options: <paramref name="certificate"/>, ALPN <c>h2</c> only, TLS 1.2 or 1.3, no renegotiation, no client certificate.</summary>
    /// <exception cref="ArgumentNullException"><paramref name="certificate"/> is null.</exception>
    public static SslServerAuthenticationOptions ServerOptions(X509Certificate2 certificate)
    {
        ArgumentNullException.ThrowIfNull(certificate);
        return new SslServerAuthenticationOptions
        {
            ServerCertificate = certificate,
            ApplicationProtocols = [SslApplicationProtocol.Http2],
            EnabledSslProtocols = SslProtocols.Tls12 | SslProtocols.Tls13,
            AllowRenegotiation = false,
            ClientCertificateRequired = false,
        };
    }

    /// <summary>Client options for <paramref name="targetHost"/> (SNI and certificate name): ALPN <c>h2</c> only, TLS 1.2 or 1.3, no renegotiation.</summary>
    /// <exception cref="ArgumentException"><paramref name="targetHost"/> is null or empty.</exception>
    public static SslClientAuthenticationOptions ClientOptions(string targetHost)
    {
        ArgumentException.ThrowIfNullOrEmpty(targetHost);
        return new SslClientAuthenticationOptions
        {
            TargetHost = targetHost,
            ApplicationProtocols = [SslApplicationProtocol.Http2],
            EnabledSslProtocols = SslProtocols.Tls12 | SslProtocols.Tls13,
            AllowRenegotiation = false,
        };
    }

    /// <summary>
    /// Runs the server handshake over <paramref name="transport"/> (which the returned stream owns) and checks that it
    /// negotiated <c>h2</c> on TLS 1.2 or later.
    /// </summary>
    /// <exception cref="Ht2TlsException">The handshake failed, timed out, or negotiated no <c>h2</c> or an old TLS version; the transport is closed.</exception>
    /// <exception cref="OperationCanceledException"><paramref name="cancellationToken"/> was cancelled; the transport is closed.</exception>
    public static Task<SslStream> AuthenticateAsServerAsync(Stream transport, SslServerAuthenticationOptions options, TimeSpan handshakeTimeout, TimeProvider? time = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(options);
        return AuthenticateAsync(transport, static (tls, state, ct) => tls.AuthenticateAsServerAsync((SslServerAuthenticationOptions)state, ct), options, handshakeTimeout, time, cancellationToken);
    }

    /// <summary>The client handshake; see <see cref="AuthenticateAsServerAsync"/>.</summary>
    /// <exception cref="Ht2TlsException">The handshake failed, timed out, or negotiated no <c>h2</c> or an old TLS version; the transport is closed.</exception>
    /// <exception cref="OperationCanceledException"><paramref name="cancellationToken"/> was cancelled; the transport is closed.</exception>
    public static Task<SslStream> AuthenticateAsClientAsync(Stream transport, SslClientAuthenticationOptions options, TimeSpan handshakeTimeout, TimeProvider? time = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(options);
        return AuthenticateAsync(transport, static (tls, state, ct) => tls.AuthenticateAsClientAsync((SslClientAuthenticationOptions)state, ct), options, handshakeTimeout, time, cancellationToken);
    }

    /// <summary>
    /// Refuses a finished handshake that cannot carry HTTP/2: ALPN other than <c>h2</c> (none included) or TLS
    /// below 1.2. For a host whose own TLS layer (Kestrel's, say) did the handshake.
    /// </summary>
    /// <exception cref="Ht2TlsException">What was negotiated cannot carry HTTP/2.</exception>
    public static void CheckNegotiated(SslApplicationProtocol applicationProtocol, SslProtocols protocol)
    {
        if (applicationProtocol != SslApplicationProtocol.Http2)
        {
            string offered = applicationProtocol.Protocol.IsEmpty ? "no protocol" : $"'{applicationProtocol}'";
            throw new Ht2TlsException(Ht2TlsFailure.NotHttp2, $"ALPN selected {offered}; HTTP/2 over TLS needs 'h2' (RFC 9113 §3.2).");
        }

        if (!TlsCipherRules.IsAcceptableVersion(protocol))
        {
            throw new Ht2TlsException(Ht2TlsFailure.ProtocolVersion, $"TLS version {protocol} was negotiated; HTTP/2 needs TLS 1.2 or later (RFC 9113 §9.2).");
        }
    }

    /// <summary>
    /// Why <paramref name="cipherSuite"/> on <paramref name="protocol"/> is inadequate for HTTP/2 (a TLS 1.2 suite on
    /// the RFC 9113 §9.2.2 prohibited list), or null when it is acceptable. The reason goes out as GOAWAY
    /// INADEQUATE_SECURITY's debug data.
    /// </summary>
    public static string? FindInadequateSecurity(SslProtocols protocol, TlsCipherSuite cipherSuite)
        => TlsCipherRules.IsProhibited(protocol, cipherSuite)
            ? $"The TLS 1.2 cipher suite {cipherSuite} is prohibited for HTTP/2 (RFC 9113 §9.2.2)."
            : null;

    private static async Task<SslStream> AuthenticateAsync(
        Stream transport, Func<SslStream, object, CancellationToken, Task> handshake, object options, TimeSpan timeout, TimeProvider? time, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(transport);
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(timeout, TimeSpan.Zero);
        SslStream tls = new(transport, leaveInnerStreamOpen: false);
        using CancellationTokenSource deadline = new(timeout, time ?? TimeProvider.System);
        using CancellationTokenSource linked = CancellationTokenSource.CreateLinkedTokenSource(deadline.Token, cancellationToken);
        try
        {
            // A transport that ignores cancellation still ends the handshake: closing it fails the pending read.
            CancellationTokenRegistration closer = linked.Token.Register(static s => ((Stream)s!).Dispose(), tls);
            try
            {
                await handshake(tls, options, linked.Token).ConfigureAwait(false);
            }
            finally
            {
                // After this no close can race with the caller's use of the stream.
                await closer.DisposeAsync().ConfigureAwait(false);
            }

            linked.Token.ThrowIfCancellationRequested();
            CheckNegotiated(tls.NegotiatedApplicationProtocol, tls.SslProtocol);
            return tls;
        }
        catch (Exception e)
        {
            await tls.DisposeAsync().ConfigureAwait(false);
            if (e is Ht2TlsException || cancellationToken.IsCancellationRequested)
            {
                throw;
            }

            if (deadline.IsCancellationRequested)
            {
                throw new Ht2TlsException(Ht2TlsFailure.HandshakeTimeout, $"The TLS handshake did not finish within {timeout.TotalSeconds:0.###} s.", e);
            }

            throw new Ht2TlsException(Ht2TlsFailure.HandshakeFailed, $"The TLS handshake failed: {e.GetBaseException().Message}", e);
        }
    }
}
