using System;
using System.Net;
using System.Security.Cryptography.X509Certificates;

namespace Ht2.H2cServer;

/// <summary>What the server listens on, what every response looks like, and the connections' session options.</summary>
public sealed class H2cServerOptions
{
    /// <summary>The address to listen on (loopback: the sample is for local interop tests).</summary>
    public IPAddress Address { get; init; } = IPAddress.Loopback;

    /// <summary>The TCP port; 0 picks a free one (see <see cref="H2cServer.Port"/>).</summary>
    public int Port { get; init; }

    /// <summary>The body length of every response, in bytes of <see cref="BodyPattern"/>.</summary>
    public int BodyBytes { get; init; } = 1024;

    /// <summary>Extra response header bytes (values of <c>x-filler</c> fields), so large blocks need CONTINUATION.</summary>
    public int HeaderBytes { get; init; }

    /// <summary>When set, every DATA frame is PADDED with this many bytes (0..255).</summary>
    public int? Padding { get; init; }

    /// <summary>The SETTINGS_MAX_CONCURRENT_STREAMS we advertise.</summary>
    public int MaxConcurrentStreams { get; init; } = 100;

    /// <summary>
    /// The receive window we give the peer, per stream (SETTINGS_INITIAL_WINDOW_SIZE) and for the connection (a
    /// WINDOW_UPDATE on stream 0 right after SETTINGS). Large, so uploads never stall on us.
    /// </summary>
    public int ReceiveWindow { get; init; } = 16 * 1024 * 1024;

    /// <summary>The HPACK dynamic table our encoder keeps per connection (0: no indexing); see <see cref="Ht2SessionOptions.EncoderTableSize"/>.</summary>
    public int EncoderTableSize { get; init; } = HpackIndexingEncoder.DefaultTableSize;

    /// <summary>DATA bytes one write of a connection carries at most; see <see cref="Ht2SessionOptions.MaxDataBytesPerWrite"/>.</summary>
    public int DataBytesPerWrite { get; init; } = Ht2SessionOptions.Default.MaxDataBytesPerWrite;

    /// <summary>Bytes one sendmsg of a connection carries at most; see <see cref="Ht2SessionOptions.MaxBytesPerSend"/>.</summary>
    public int BytesPerSend { get; init; } = Ht2SessionOptions.Default.MaxBytesPerSend;

    /// <summary>TCP_NOTSENT_LOWAT of each connection's socket (null: the system's); see <see cref="Ht2SessionOptions.NotSentLowWatermark"/>.</summary>
    public int? NotSentLowWatermark { get; init; } = Ht2SessionOptions.Default.NotSentLowWatermark;

    /// <summary>How long a connection's read polls its socket before it waits; see <see cref="Ht2SessionOptions.ReceiveSpin"/>.</summary>
    public TimeSpan ReceiveSpin { get; init; } = Ht2SessionOptions.Default.ReceiveSpin;

    /// <summary>When set, connections speak HTTP/2 over TLS with this certificate (ALPN h2) instead of h2c.</summary>
    public X509Certificate2? Certificate { get; init; }

    /// <summary>
    /// Run each session over a pipe (System.IO.Pipelines' reader and writer over the socket's stream) instead of the
    /// socket itself; cleartext only.
    /// </summary>
    public bool UsePipe { get; init; }

    /// <summary>
    /// Every limit, defence and timeout of the connections' sessions. When set, it is used as it is: its
    /// MaxConcurrentStreams and Windows take the place of <see cref="MaxConcurrentStreams"/> and <see cref="ReceiveWindow"/>.
    /// </summary>
    public Ht2SessionOptions? Session { get; init; }

    /// <summary>Checks the options and returns the session options every connection gets.</summary>
    internal Ht2SessionOptions Validate()
    {
        ArgumentOutOfRangeException.ThrowIfNegative(BodyBytes);
        ArgumentOutOfRangeException.ThrowIfNegative(HeaderBytes);
        ArgumentOutOfRangeException.ThrowIfGreaterThan((uint)(Padding ?? 0), 255u, nameof(Padding)); // 0..255; a negative one wraps high
        if (UsePipe && Certificate is not null)
        {
            throw new ArgumentException("The pipe transport is offered for cleartext connections only.", nameof(UsePipe));
        }

        Ht2SessionOptions session = Session ?? new()
        {
            MaxConcurrentStreams = MaxConcurrentStreams,
            EncoderTableSize = EncoderTableSize,
            MaxDataBytesPerWrite = DataBytesPerWrite,
            MaxBytesPerSend = BytesPerSend,
            NotSentLowWatermark = NotSentLowWatermark,
            ReceiveSpin = ReceiveSpin,
            Windows = new Ht2WindowPolicy { StreamWindowSize = ReceiveWindow, ConnectionWindowSize = ReceiveWindow },
        };
        session.Validate();
        return session;
    }
}
