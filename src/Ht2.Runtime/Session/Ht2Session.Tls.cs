using System;
using System.IO;
using System.Net.Security;
using System.Threading;
using System.Threading.Tasks;

namespace Ht2;

// HTTP/2 over TLS: the handshake (Ht2Tls), then a session over the SslStream, one SslStream write per flush.
public sealed partial class Ht2Session
{
    // Set before the session starts: RunAsync sends SETTINGS, then GOAWAY with this code, and closes.
    private Http2ErrorCode? _refusal;
    private string? _refusalReason;

    /// <summary>
    /// Runs the TLS server handshake over <paramref name="transport"/> (a <see cref="System.Net.Sockets.NetworkStream"/>
    /// that owns its socket, say) within <see cref="Ht2SessionOptions.TlsHandshakeTimeout"/>, requires ALPN <c>h2</c>
    /// on TLS 1.2 or later, and returns a server session over the <see cref="SslStream"/>; call <see cref="RunAsync"/>.
    /// A TLS 1.2 cipher suite prohibited by RFC 9113 §9.2.2 makes the session send SETTINGS, then GOAWAY
    /// INADEQUATE_SECURITY, and close.
    /// </summary>
    /// <exception cref="ArgumentNullException">An argument is null.</exception>
    /// <exception cref="Ht2TlsException">The handshake failed, timed out, or negotiated no <c>h2</c>; the transport is closed.</exception>
    /// <exception cref="OperationCanceledException"><paramref name="cancellationToken"/> was cancelled; the transport is closed.</exception>
    public static async Task<Ht2Session> CreateServerOverTlsAsync(
        Stream transport, SslServerAuthenticationOptions tls, IHt2SessionHandler handler, Ht2SessionOptions? options = null, TimeProvider? time = null, CancellationToken cancellationToken = default)
    {
        options = CheckTlsArguments(handler, options);
        SslStream stream = await Ht2Tls.AuthenticateAsServerAsync(transport, tls, options.TlsHandshakeTimeout, time, cancellationToken).ConfigureAwait(false);
        return OverTls(stream, Ht2SessionRole.Server, handler, options, time);
    }

    /// <summary>The client side of <see cref="CreateServerOverTlsAsync"/>: handshake, then a client session; call <see cref="RunAsync"/>, then OpenStream.</summary>
    /// <exception cref="ArgumentNullException">An argument is null.</exception>
    /// <exception cref="Ht2TlsException">The handshake failed, timed out, or negotiated no <c>h2</c>; the transport is closed.</exception>
    /// <exception cref="OperationCanceledException"><paramref name="cancellationToken"/> was cancelled; the transport is closed.</exception>
    public static async Task<Ht2Session> CreateClientOverTlsAsync(
        Stream transport, SslClientAuthenticationOptions tls, IHt2SessionHandler handler, Ht2SessionOptions? options = null, TimeProvider? time = null, CancellationToken cancellationToken = default)
    {
        options = CheckTlsArguments(handler, options);
        SslStream stream = await Ht2Tls.AuthenticateAsClientAsync(transport, tls, options.TlsHandshakeTimeout, time, cancellationToken).ConfigureAwait(false);
        return OverTls(stream, Ht2SessionRole.Client, handler, options, time);
    }

    /// <summary>
    /// Starts the connection only to refuse it: our preface (client) and SETTINGS, then GOAWAY with
    /// <paramref name="code"/> and <paramref name="reason"/> as debug data; the connection closes as after any
    /// connection error. For a host that did the TLS handshake itself and found the cipher suite inadequate
    /// (<see cref="Ht2Tls.FindInadequateSecurity"/> → <see cref="Http2ErrorCode.InadequateSecurity"/>). Returns <see cref="Completion"/>.
    /// </summary>
    /// <exception cref="ArgumentNullException"><paramref name="reason"/> is null.</exception>
    /// <exception cref="InvalidOperationException">The session was started already.</exception>
    public Task RefuseAsync(Http2ErrorCode code, string reason)
    {
        ArgumentNullException.ThrowIfNull(reason);
        _refusal = code;
        _refusalReason = reason;
        return RunAsync();
    }

    private static Ht2SessionOptions CheckTlsArguments(IHt2SessionHandler handler, Ht2SessionOptions? options)
    {
        ArgumentNullException.ThrowIfNull(handler);
        options ??= Ht2SessionOptions.Default;
        options.Validate();
        return options;
    }

    private static Ht2Session OverTls(SslStream stream, Ht2SessionRole role, IHt2SessionHandler handler, Ht2SessionOptions options, TimeProvider? time)
    {
        Ht2Session session = new(FrameTransport.Over(stream), role, handler, options, time);
        string? inadequate = Ht2Tls.FindInadequateSecurity(stream.SslProtocol, stream.NegotiatedCipherSuite);
        if (inadequate is not null)
        {
            session._refusal = Http2ErrorCode.InadequateSecurity;
            session._refusalReason = inadequate;
        }

        return session;
    }

    /// <summary>Queues the refusal's GOAWAY after our SETTINGS, when the session was created to refuse. Under _sync.</summary>
    private void StageRefusal()
    {
        if (_refusal is Http2ErrorCode code)
        {
            ConnectionError(code, _refusalReason!);
        }
    }
}
