using System;
using Microsoft.AspNetCore.Connections;
using Microsoft.AspNetCore.Server.Kestrel.Core;

namespace Ht2.AspNetCore;

/// <summary>Puts Ht2 behind a Kestrel endpoint.</summary>
public static class Ht2ListenOptionsExtensions
{
    /// <summary>
    /// Serves the endpoint's connections with <see cref="Ht2ConnectionHandler"/>: each gets the session handler
    /// <paramref name="handlers"/> returns. Sets <see cref="ListenOptions.Protocols"/> to HTTP/2 so that an HTTPS
    /// endpoint (<c>UseHttps</c>, called before this) offers only <c>h2</c> through ALPN; a cleartext endpoint
    /// speaks h2c with prior knowledge.
    /// </summary>
    /// <exception cref="ArgumentNullException">An argument is null.</exception>
    /// <exception cref="ArgumentOutOfRangeException">An option is out of range.</exception>
    public static ListenOptions UseHt2(this ListenOptions listenOptions, Func<ConnectionContext, IHt2SessionHandler> handlers, Ht2SessionOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(listenOptions);
        Ht2ConnectionHandler handler = new(handlers, options);
        listenOptions.Protocols = HttpProtocols.Http2;
        listenOptions.Run(handler.OnConnectedAsync);
        return listenOptions;
    }
}
