using System;

namespace Ht2;

/// <summary>
/// Every limit, defence and timeout of an <see cref="Ht2Session"/>, each with its default. A limit that trips is
/// answered with GOAWAY (ENHANCE_YOUR_CALM unless RFC 9113 names a code) and the connection is closed.
/// docs/session.md lists these defaults next to other engines'.
/// </summary>
public sealed class Ht2SessionOptions
{
    /// <summary>The shared defaults.</summary>
    public static Ht2SessionOptions Default { get; } = new();

    /// <summary>
    /// SETTINGS_MAX_CONCURRENT_STREAMS we advertise, and enforce: a peer stream beyond it is refused with RST_STREAM
    /// REFUSED_STREAM. A stream counts until the application released it (its work is done), not until it is reset.
    /// Default 100.
    /// </summary>
    public int MaxConcurrentStreams { get; init; } = 100;

    /// <summary>Receive windows and when credit goes back.</summary>
    public Ht2WindowPolicy Windows { get; init; } = new();

    /// <summary>
    /// Return received DATA's flow-control credit as soon as <see cref="IHt2SessionHandler.OnData"/> returns (true,
    /// the default), or only when the application calls <see cref="Ht2Stream.ConsumeData"/> (false).
    /// </summary>
    public bool ConsumeDataOnReceive { get; init; } = true;

    /// <summary>SETTINGS_MAX_FRAME_SIZE we advertise and enforce on received frames. Default 16,384.</summary>
    public int MaxFrameSize { get; init; } = FrameReaderOptions.DefaultLocalMaxFrameSize;

    /// <summary>
    /// SETTINGS_MAX_HEADER_LIST_SIZE we advertise and enforce while decoding (name + value + 32 per field). Default
    /// 65,536. A request over it gets a 431 response; a response over it is reset with CANCEL.
    /// </summary>
    public int MaxHeaderListSize { get; init; } = 64 * 1024;

    /// <summary>SETTINGS_HEADER_TABLE_SIZE we advertise for our HPACK decoder. Default 4,096.</summary>
    public int HeaderTableSize { get; init; } = HpackDecoder.DefaultHeaderTableSize;

    /// <summary>
    /// The most bytes of HPACK dynamic table our encoder keeps for the peer (further capped by the peer's
    /// SETTINGS_HEADER_TABLE_SIZE); repeated response or request fields are then sent as indexes. Default 4,096;
    /// 0 turns indexing off (the first block then signals a table size of 0). See <see cref="HpackIndexingEncoder"/>.
    /// </summary>
    public int EncoderTableSize { get; init; } = HpackIndexingEncoder.DefaultTableSize;

    /// <summary>CONTINUATION frames per header block. Default 8; more is GOAWAY ENHANCE_YOUR_CALM.</summary>
    public int MaxContinuationFrames { get; init; } = FrameReaderOptions.DefaultMaxContinuationFrames;

    /// <summary>Encoded bytes per header block. Default 65,536; more is GOAWAY ENHANCE_YOUR_CALM.</summary>
    public int MaxHeaderBlockBytes { get; init; } = FrameReaderOptions.DefaultMaxHeaderBlockBytes;

    /// <summary>SETTINGS_ENABLE_CONNECT_PROTOCOL (RFC 8441) we advertise as a server. Default false.</summary>
    public bool EnableConnectProtocol { get; init; }

    /// <summary>
    /// Extension frame types the session's reader checks, registered with <see cref="FrameReaderOptions.Register{TFrame}"/>
    /// on an instance of your own before the session is created: a frame breaking its declared rules gets the declared
    /// reaction (connection error, stream error, or skipped unseen). Only the registrations are used; the limits come
    /// from this type. Null (the default): types beyond the ten RFC 9113 frames are ignored (RFC 9113 §5.5).
    /// </summary>
    public FrameReaderOptions? ExtensionFrames { get; init; }

    /// <summary>
    /// How long the TLS handshake of <see cref="Ht2Session.CreateServerOverTlsAsync"/> and
    /// <see cref="Ht2Session.CreateClientOverTlsAsync"/> may take before the transport is closed and
    /// <see cref="Ht2TlsException"/> (<see cref="Ht2TlsFailure.HandshakeTimeout"/>) is thrown. Default 10 s.
    /// </summary>
    public TimeSpan TlsHandshakeTimeout { get; init; } = Ht2Tls.DefaultHandshakeTimeout;

    /// <summary>RST_STREAM frames received (Rapid Reset, CVE-2023-44487). Default 1,000 at once, 33 per second.</summary>
    public RateLimit ReceivedResets { get; init; } = new(1000, 33);

    /// <summary>Streams we reset because of the peer's errors (MadeYouReset, CVE-2025-8671). Default 200 at once, 7 per second.</summary>
    public RateLimit LocalResets { get; init; } = new(200, 7);

    /// <summary>Stream errors over the connection's life. Default 1,024.</summary>
    public int MaxStreamErrors { get; init; } = 1024;

    /// <summary>Empty DATA without END_STREAM and empty CONTINUATION frames (CVE-2019-9518). Default 100 at once, 10 per second.</summary>
    public RateLimit EmptyFrames { get; init; } = new(100, 10);

    /// <summary>PRIORITY frames (they cost work and change nothing here). Default 1,000 at once, 100 per second.</summary>
    public RateLimit PriorityFrames { get; init; } = new(1000, 100);

    /// <summary>WINDOW_UPDATE frames. Default 10,000 at once, 1,000 per second.</summary>
    public RateLimit WindowUpdateFrames { get; init; } = new(10_000, 1000);

    /// <summary>PING frames (CVE-2019-9512). Default 1,000 at once, 100 per second.</summary>
    public RateLimit PingFrames { get; init; } = new(1000, 100);

    /// <summary>SETTINGS frames (CVE-2019-9515). Default 100 at once, 10 per second.</summary>
    public RateLimit SettingsFrames { get; init; } = new(100, 10);

    /// <summary>Entries in one SETTINGS frame. Default 32.</summary>
    public int MaxSettingsEntries { get; init; } = 32;

    /// <summary>
    /// Control frames (ACKs, WINDOW_UPDATE, RST_STREAM) queued and not yet written: a peer that sends them faster
    /// than it reads the answers trips it. Default 10,000.
    /// </summary>
    public int MaxQueuedControlFrames { get; init; } = 10_000;

    /// <summary>DATA bytes staged into one write (a round over the ready streams). Default 256 KiB.</summary>
    public int MaxDataBytesPerWrite { get; init; } = 256 * 1024;

    /// <summary>
    /// Bytes one gathering sendmsg carries at most when the session runs over a <see cref="System.Net.Sockets.Socket"/>
    /// (Linux); a longer write takes several calls, back to back. Default 60 KiB, just under the 64 KiB a TCP segment
    /// handed to the network stack (TSO/GSO) holds; <see cref="int.MaxValue"/> writes each batch in one call. Why: with a
    /// pacing congestion control (BBR, the default of many hosts) the kernel sends one such segment per pacing slot,
    /// and segments queued faster than the pacing rate each wait for a pacing timer (a timer interrupt and a soft
    /// interrupt per segment, costly in virtual machines). One segment per call goes out inside the call, and the next
    /// call comes after it. docs/benchmarks.md ("Pacing timers and unsent bytes") has the measurements. Other transports
    /// (streams, TLS, pipes) are not affected.
    /// </summary>
    public int MaxBytesPerSend { get; init; } = 60 * 1024;

    /// <summary>
    /// TCP_NOTSENT_LOWAT set on the socket when the session runs over a TCP <see cref="System.Net.Sockets.Socket"/>
    /// on Linux: the kernel takes more of a write only while fewer bytes than this wait unsent in the socket, and the
    /// rest of the write waits for writability. Default 32 KiB; null leaves the socket's setting alone. Why: bytes
    /// queued unsent behind the peer's receive window are sent later from the peer's acknowledgements, on the
    /// receiving side's CPU time (on one machine, the client's); keeping the queue short keeps that work in our own
    /// sends. docs/benchmarks.md ("Pacing timers and unsent bytes") has the measurements.
    /// </summary>
    public int? NotSentLowWatermark { get; init; } = 32 * 1024;

    /// <summary>
    /// How long a read over a <see cref="System.Net.Sockets.Socket"/> polls for the peer's next bytes before it waits
    /// in the runtime's event loop. Default <see cref="TimeSpan.Zero"/>: it never polls. At most
    /// <see cref="MaxReceiveSpin"/>. Why: a peer with one request in flight (a chain of unary calls, an h2load run with
    /// -c 1 -m 1) sends the next one within tens of microseconds of our answer, while a thread asleep in epoll_wait
    /// first pays the wake-up of an idle core, which on a virtual machine can take longer than the request itself. The
    /// price is CPU: up to this long after every read that empties the socket. A read polls only when its socket is the
    /// process's sole reader (no other polling socket began a read since this one's last read), and one socket polls at
    /// a time, so polling never takes a core from other busy connections. Measured (docs/benchmarks.md, "Polling before
    /// the event loop" and "Polling by the sole reader"): at -c 1, 2.6 times the requests of a read that waits on a
    /// host whose idle cores woke slowly and 1.37 times on one whose cores woke in between; at -c 8 the sole-reader rule
    /// keeps the throughput of a read that never polls, where polling without it lost 40 %.
    /// </summary>
    public TimeSpan ReceiveSpin { get; init; }

    /// <summary>The longest <see cref="ReceiveSpin"/>: 1 ms, well past any round trip worth polling for.</summary>
    public static TimeSpan MaxReceiveSpin { get; } = TimeSpan.FromMilliseconds(1);

    /// <summary>Closed stream ids remembered to tell "closed" from "never opened", and to ignore frames on streams we reset. Default 256.</summary>
    public int ClosedStreamMemory { get; init; } = 256;

    /// <summary>Time for the connection preface and the first SETTINGS. Default 10 s; then GOAWAY SETTINGS_TIMEOUT and close.</summary>
    public TimeSpan HandshakeTimeout { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>Time for the peer to acknowledge our SETTINGS. Default 10 s; then GOAWAY SETTINGS_TIMEOUT.</summary>
    public TimeSpan SettingsAckTimeout { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>A connection with no open stream for this long is closed with GOAWAY NO_ERROR. Default 120 s; infinite disables.</summary>
    public TimeSpan IdleTimeout { get; init; } = TimeSpan.FromSeconds(120);

    /// <summary>When set, a PING is sent after this long without receiving anything. Default off.</summary>
    public TimeSpan? KeepAliveInterval { get; init; }

    /// <summary>Time for a keep-alive PING's ACK. Default 20 s; then GOAWAY INTERNAL_ERROR and close.</summary>
    public TimeSpan KeepAliveTimeout { get; init; } = TimeSpan.FromSeconds(20);

    /// <summary>A write that makes no progress for this long (the peer does not read) drops the connection. Default 30 s.</summary>
    public TimeSpan WriteStallTimeout { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>After a graceful GOAWAY, time for in-flight streams to finish. Default 10 s.</summary>
    public TimeSpan ShutdownTimeout { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>After the final GOAWAY, time to drain the peer's bytes before closing (so our GOAWAY is not lost to a TCP reset). Default 1 s.</summary>
    public TimeSpan CloseLinger { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary>How often the session's one timer checks the deadlines. Default 250 ms.</summary>
    public TimeSpan TimerPeriod { get; init; } = TimeSpan.FromMilliseconds(250);

    /// <summary>
    /// Checks every option. A session checks its options when it is created; a host that creates sessions later
    /// (one per accepted connection) calls this at start-up, so a bad value fails there rather than per connection.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException">An option is out of range.</exception>
    /// <exception cref="ArgumentNullException"><see cref="Windows"/> is null.</exception>
    public void Validate()
    {
        ArgumentOutOfRangeException.ThrowIfNegative(MaxConcurrentStreams);
        ArgumentNullException.ThrowIfNull(Windows);
        Windows.Validate();
        FrameReaderOptions.CheckMaxFrameSize(MaxFrameSize, nameof(MaxFrameSize));
        ArgumentOutOfRangeException.ThrowIfNegative(MaxHeaderListSize);
        ArgumentOutOfRangeException.ThrowIfNegative(HeaderTableSize);
        ArgumentOutOfRangeException.ThrowIfNegative(EncoderTableSize);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(EncoderTableSize, HpackIndexingEncoder.MaxTableSizeCap);
        ArgumentOutOfRangeException.ThrowIfLessThan(MaxQueuedControlFrames, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(MaxDataBytesPerWrite, SettingsFrame.MinMaxFrameSize);
        ArgumentOutOfRangeException.ThrowIfLessThan(MaxBytesPerSend, 1);
        ArgumentOutOfRangeException.ThrowIfNegative(NotSentLowWatermark ?? 0, nameof(NotSentLowWatermark));
        ArgumentOutOfRangeException.ThrowIfLessThan(ClosedStreamMemory, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(ReceiveSpin, TimeSpan.Zero);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(ReceiveSpin, MaxReceiveSpin);
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(TimerPeriod, TimeSpan.Zero);
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(TlsHandshakeTimeout, TimeSpan.Zero);
    }
}
