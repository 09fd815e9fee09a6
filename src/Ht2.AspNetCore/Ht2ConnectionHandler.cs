using System;
using System.Net.Security;
using System.Threading.Tasks;
using Microsoft.AspNetCore.Connections;
using Microsoft.AspNetCore.Connections.Features;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Server.Kestrel.Core.Features;

namespace Ht2.AspNetCore;

/// <summary>
/// Runs one <see cref="Ht2Session"/> per Kestrel connection over <see cref="ConnectionContext.Transport"/> (the
/// connection's duplex pipe, after Kestrel's TLS when the endpoint uses HTTPS). On TLS it requires ALPN <c>h2</c> on
/// TLS 1.2 or later (anything else is aborted before a frame is sent) and answers a TLS 1.2 cipher suite prohibited
/// by RFC 9113 §9.2.2 with SETTINGS, then GOAWAY INADEQUATE_SECURITY. A graceful Kestrel stop sends GOAWAY NO_ERROR.
/// </summary>
public sealed class Ht2ConnectionHandler : ConnectionHandler
{
    private readonly Func<ConnectionContext, IHt2SessionHandler> _handlers;
    private readonly Ht2SessionOptions _options;

    /// <summary>A handler giving each connection the session handler <paramref name="handlers"/> returns for it, and <paramref name="options"/>.</summary>
    /// <exception cref="ArgumentNullException"><paramref name="handlers"/> is null.</exception>
    /// <exception cref="ArgumentOutOfRangeException">An option is out of range.</exception>
    public Ht2ConnectionHandler(Func<ConnectionContext, IHt2SessionHandler> handlers, Ht2SessionOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(handlers);
        _handlers = handlers;
        _options = options ?? Ht2SessionOptions.Default;
        _options.Validate();
    }

    /// <summary>Serves the connection until its session ends.</summary>
    /// <exception cref="ArgumentNullException"><paramref name="connection"/> is null.</exception>
    public override async Task OnConnectedAsync(ConnectionContext connection)
    {
        ArgumentNullException.ThrowIfNull(connection);
        ITlsHandshakeFeature? tls = connection.Features.Get<ITlsHandshakeFeature>();
        string? inadequate = null;
        if (tls is not null)
        {
            ReadOnlyMemory<byte> protocol = connection.Features.Get<ITlsApplicationProtocolFeature>()?.ApplicationProtocol ?? default;
            try
            {
                Ht2Tls.CheckNegotiated(new SslApplicationProtocol(protocol.ToArray()), tls.Protocol);
            }
            catch (Ht2TlsException refused)
            {
                connection.Abort(new ConnectionAbortedException(refused.Message, refused));
                return;
            }

            inadequate = tls.NegotiatedCipherSuite is TlsCipherSuite suite ? Ht2Tls.FindInadequateSecurity(tls.Protocol, suite) : null;
        }

        await using Ht2Session session = Ht2Session.CreateServer(connection.Transport, _handlers(connection), _options);
        using var stopping = connection.Features.Get<IConnectionLifetimeNotificationFeature>()?.ConnectionClosedRequested
            .Register(static s => ((Ht2Session)s!).Shutdown(), session);
        Task run = inadequate is null ? session.RunAsync() : session.RefuseAsync(Http2ErrorCode.InadequateSecurity, inadequate);
        await run.ConfigureAwait(false);
    }
}
