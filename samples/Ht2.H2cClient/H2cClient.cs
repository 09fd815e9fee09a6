using System;
using System.IO;
using System.Net;
using System.Net.Security;
using System.Net.Sockets;
using System.Text;
using System.Threading;
using System.Threading.Tasks;

namespace Ht2.H2cClient;

/// <summary>
/// Fetches one URL over HTTP/2 as a client <see cref="Ht2Session"/> (http: cleartext with prior knowledge; https: TLS
/// with ALPN h2): one GET on the first stream, the body copied to a stream as DATA arrives, credit returned by the session's window policy.
/// </summary>
public static class H2cClient
{
    /// <summary>
    /// GETs <paramref name="uri"/> (http or https) and copies the body to <paramref name="body"/> (null: discard). With
    /// <paramref name="trustAnyCertificate"/> an https server's certificate is not checked (self-signed test servers).
    /// </summary>
    /// <exception cref="Ht2ProtocolException">The server reset the stream or ended the connection with an error code.</exception>
    /// <exception cref="Ht2TlsException">The TLS handshake failed or did not negotiate h2.</exception>
    /// <exception cref="IOException">The connection ended before the response did.</exception>
    public static async Task<H2cResponse> GetAsync(Uri uri, Stream? body, CancellationToken cancellationToken = default, bool trustAnyCertificate = false)
    {
        ArgumentNullException.ThrowIfNull(uri);
        bool tls = uri.Scheme == Uri.UriSchemeHttps;
        if (!tls && uri.Scheme != Uri.UriSchemeHttp)
        {
            throw new ArgumentException("Only http:// (h2c with prior knowledge) and https:// are supported.", nameof(uri));
        }

        IPAddress[] addresses = await Dns.GetHostAddressesAsync(uri.Host, cancellationToken).ConfigureAwait(false);
        Socket socket = new(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        await socket.ConnectAsync(addresses, uri.Port, cancellationToken).ConfigureAwait(false);

        // The RFC's 65,535-byte windows on purpose, so a large body exercises WINDOW_UPDATE; large header blocks
        // (many CONTINUATIONs) are what the interop tests ask for, so the header caps are raised.
        Ht2SessionOptions options = new()
        {
            Windows = new Ht2WindowPolicy { StreamWindowSize = 65_535, ConnectionWindowSize = 65_535 },
            MaxHeaderListSize = 1024 * 1024,
            MaxHeaderBlockBytes = 1024 * 1024,
            MaxContinuationFrames = 128,
        };
        ResponseCollector response = new(body ?? Stream.Null);
        await using Ht2Session session = tls
            ? await Ht2Session.CreateClientOverTlsAsync(new NetworkStream(socket, ownsSocket: true), TlsOptions(uri.IdnHost, trustAnyCertificate), response, options, cancellationToken: cancellationToken).ConfigureAwait(false)
            : Ht2Session.CreateClient(socket, response, options);
        Task connection = session.RunAsync();
        string path = string.IsNullOrEmpty(uri.PathAndQuery) ? "/" : uri.PathAndQuery;
        Ht2Field[] request =
        [
            new(":method"u8.ToArray(), "GET"u8.ToArray()),
            new(":scheme"u8.ToArray(), Encoding.ASCII.GetBytes(uri.Scheme)),
            new(":authority"u8.ToArray(), Encoding.ASCII.GetBytes(uri.Authority)),
            new(":path"u8.ToArray(), Encoding.ASCII.GetBytes(path)),
            new("user-agent"u8.ToArray(), "ht2-h2c-client"u8.ToArray()),
        ];
        _ = session.OpenStream(request, endStream: true) ?? throw new IOException("The connection refused a new stream.");
        Task ended = await Task.WhenAny(response.Done, connection).WaitAsync(cancellationToken).ConfigureAwait(false);
        if (ended != response.Done)
        {
            Http2ErrorCode code = session.CloseReason ?? Http2ErrorCode.Cancel;
            throw code is Http2ErrorCode.NoError or Http2ErrorCode.Cancel
                ? new IOException("The server closed the connection before the response ended.")
                : new Ht2ProtocolException(code, ErrorScope.Connection, 0, "The connection ended with an error.");
        }

        H2cResponse result = await response.Done.ConfigureAwait(false);
        session.Shutdown();
        await connection.WaitAsync(TimeSpan.FromSeconds(10), cancellationToken).ConfigureAwait(false);
        return result;
    }

    private static SslClientAuthenticationOptions TlsOptions(string host, bool trustAnyCertificate)
    {
        SslClientAuthenticationOptions options = Ht2Tls.ClientOptions(host);
        if (trustAnyCertificate)
        {
            options.RemoteCertificateValidationCallback = static (_, _, _, _) => true;
        }

        return options;
    }
}
