using System;
using System.Collections.Generic;
using System.IO;
using System.IO.Pipelines;
using System.Net.Sockets;
using System.Threading;
using System.Threading.Tasks;

namespace Ht2;

/// <summary>
/// One HTTP/2 connection's protocol engine (RFC 9113), client or server: stream states and identifiers, flow control
/// both ways, SETTINGS, HTTP message rules, flood defences and timeouts, and one coalesced write path. Frames come
/// in through the read loop (validation, state, then <see cref="IHt2SessionHandler"/> events); every frame going out
/// joins one outbound queue that a single writer drains with one gathering write per flush.
/// </summary>
/// <remarks>
/// <para>Layers: <c>Ht2Session.Frames/Headers/Streams/FlowControl/Settings/Defences</c> are the protocol core (bytes
/// in, events and queued frames out, no I/O); <c>Ht2Session.Driver</c> is the I/O driver (one read loop, one writer
/// loop, one timer) over one <see cref="IFrameTransport"/> (socket, stream or pipe).</para>
/// <para>A connection error is answered with GOAWAY (last processed stream id, the RFC code, the reason as debug
/// data), then our side is shut down and the connection closed once the peer's remaining bytes are drained or
/// <see cref="Ht2SessionOptions.CloseLinger"/> passed. A stream error is answered with RST_STREAM.</para>
/// </remarks>
public sealed partial class Ht2Session : IAsyncDisposable
{
    // A Lock, not a Monitor on an object: handlers send from inside the read loop's critical section, so most
    // entries on the hot path are recursive, which a Monitor takes on its slow path.
    private readonly Lock _sync = new();
    private readonly IFrameTransport _transport;
    private readonly IHt2SessionHandler _handler;
    private readonly Ht2SessionOptions _options;
    private readonly TimeProvider _time;
    private readonly Dictionary<uint, Ht2Stream> _streams = new();
    private readonly Stack<Ht2Stream> _pool = new();

    // What the read loop checks: our advertised frame size, the header-block caps, and the registered extension frames.
    private readonly FrameReaderOptions _reader;

    internal Ht2Session(IFrameTransport transport, Ht2SessionRole role, IHt2SessionHandler handler, Ht2SessionOptions? options, TimeProvider? time)
    {
        ArgumentNullException.ThrowIfNull(handler);
        options ??= Ht2SessionOptions.Default;
        options.Validate();
        _transport = transport;
        transport.ApplySendTuning(options.MaxBytesPerSend, options.NotSentLowWatermark);
        transport.ApplyReceiveSpin(options.ReceiveSpin);

        Role = role;
        _handler = handler;
        _options = options;
        _time = time ?? TimeProvider.System;
        // The peer may use the RFC's 4,096-byte table until it has our SETTINGS; ours applies at their ACK.
        _decoder = new HpackDecoder(HpackDecoder.DefaultHeaderTableSize, options.MaxHeaderListSize);
        _reader = FrameReaderOptions.Create(options.MaxFrameSize, options.MaxContinuationFrames, options.MaxHeaderBlockBytes, options.ExtensionFrames);
        _sequencer = new HeaderBlockSequencer(_reader);
        _nextLocalStreamId = 1;
        InitializeFlowControl();
        InitializeDefences();
        InitializeOutbound();
    }

    /// <summary>Server or client.</summary>
    public Ht2SessionRole Role { get; }

    /// <summary>The peer's SETTINGS in force.</summary>
    public Ht2PeerSettings PeerSettings
    {
        get
        {
            lock (_sync)
            {
                return _peer;
            }
        }
    }

    /// <summary>Streams the session tracks now (open, half-closed, or reset but not yet released).</summary>
    public int ActiveStreamCount
    {
        get
        {
            lock (_sync)
            {
                return _streams.Count;
            }
        }
    }

    /// <summary>Why the connection ended (GOAWAY code sent or received), once it has; null while it runs.</summary>
    public Http2ErrorCode? CloseReason { get; private set; }

    /// <summary>Creates a server session over an accepted socket; call <see cref="RunAsync"/> to serve it.</summary>
    /// <exception cref="ArgumentNullException"><paramref name="socket"/> or <paramref name="handler"/> is null.</exception>
    public static Ht2Session CreateServer(Socket socket, IHt2SessionHandler handler, Ht2SessionOptions? options = null, TimeProvider? time = null)
        => new(FrameTransport.Over(socket), Ht2SessionRole.Server, handler, options, time);

    /// <summary>Creates a server session over a duplex stream; call <see cref="RunAsync"/> to serve it.</summary>
    /// <exception cref="ArgumentNullException"><paramref name="stream"/> or <paramref name="handler"/> is null.</exception>
    public static Ht2Session CreateServer(Stream stream, IHt2SessionHandler handler, Ht2SessionOptions? options = null, TimeProvider? time = null)
        => new(FrameTransport.Over(stream), Ht2SessionRole.Server, handler, options, time);

    /// <summary>
    /// Creates a server session over a duplex pipe (reads from its input, one copy per flush into its output);
    /// the session completes both ends when it closes. Call <see cref="RunAsync"/> to serve it.
    /// </summary>
    /// <exception cref="ArgumentNullException"><paramref name="pipe"/> or <paramref name="handler"/> is null.</exception>
    public static Ht2Session CreateServer(IDuplexPipe pipe, IHt2SessionHandler handler, Ht2SessionOptions? options = null, TimeProvider? time = null)
        => new(FrameTransport.Over(pipe), Ht2SessionRole.Server, handler, options, time);

    /// <summary>Creates a client session over a connected socket; call <see cref="RunAsync"/>, then OpenStream.</summary>
    /// <exception cref="ArgumentNullException"><paramref name="socket"/> or <paramref name="handler"/> is null.</exception>
    public static Ht2Session CreateClient(Socket socket, IHt2SessionHandler handler, Ht2SessionOptions? options = null, TimeProvider? time = null)
        => new(FrameTransport.Over(socket), Ht2SessionRole.Client, handler, options, time);

    /// <summary>Creates a client session over a duplex stream.</summary>
    /// <exception cref="ArgumentNullException"><paramref name="stream"/> or <paramref name="handler"/> is null.</exception>
    public static Ht2Session CreateClient(Stream stream, IHt2SessionHandler handler, Ht2SessionOptions? options = null, TimeProvider? time = null)
        => new(FrameTransport.Over(stream), Ht2SessionRole.Client, handler, options, time);

    /// <summary>Creates a client session over a duplex pipe; the session completes both ends when it closes.</summary>
    /// <exception cref="ArgumentNullException"><paramref name="pipe"/> or <paramref name="handler"/> is null.</exception>
    public static Ht2Session CreateClient(IDuplexPipe pipe, IHt2SessionHandler handler, Ht2SessionOptions? options = null, TimeProvider? time = null)
        => new(FrameTransport.Over(pipe), Ht2SessionRole.Client, handler, options, time);

    /// <summary>
    /// Closes the connection at once and waits for the loops to end: what is queued and GOAWAY NO_ERROR (unless a
    /// GOAWAY went out already) are written, then the transport closes without waiting for the peer's close; sends
    /// still waiting fail with <see cref="Ht2StreamClosedException"/>.
    /// </summary>
    public async ValueTask DisposeAsync()
    {
        if (Interlocked.CompareExchange(ref _started, 1, 0) == 0)
        {
            // Never started: nothing runs, nothing was sent. Closed as after a run, so a later Shutdown, Abort or
            // OpenStream stages nothing into the writers disposed here.
            lock (_sync)
            {
                _phase = SessionPhase.Closed;
            }

            _transport.Close();
            _pending.Writer.Dispose();
            // Stryker disable once Statement : nothing is ever staged into _flushing before the writer loop runs, and a disposed session never starts it.
            _flushing.Writer.Dispose();
            _completion.TrySetResult();
            return;
        }

        lock (_sync)
        {
            // A pending read ends only with the peer's close or the transport's: the linger after the final GOAWAY
            // waits for the first, so a disposal closes the transport as soon as that GOAWAY is written (at once
            // when it is already). A write the peer does not take is ended by WriteStallTimeout.
            _disposing = true;
            if (_lingerDeadline != NotSet)
            {
                CloseTransport();
            }
        }

        Abort(Http2ErrorCode.NoError);
        await Completion.ConfigureAwait(false);
    }
}
