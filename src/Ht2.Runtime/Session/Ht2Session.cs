using System;
using System.Collections.Generic;
using System.IO;
using System.Net.Sockets;
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
/// loop, one timer) over <see cref="ISessionTransport"/>.</para>
/// <para>A connection error is answered with GOAWAY (last processed stream id, the RFC code, the reason as debug
/// data), then our side is shut down and the connection closed once the peer's remaining bytes are drained or
/// <see cref="Ht2SessionOptions.CloseLinger"/> passed. A stream error is answered with RST_STREAM.</para>
/// </remarks>
public sealed partial class Ht2Session : IAsyncDisposable
{
    private readonly object _sync = new();
    private readonly ISessionTransport _transport;
    private readonly IHt2SessionHandler _handler;
    private readonly Ht2SessionOptions _options;
    private readonly TimeProvider _time;
    private readonly Dictionary<uint, Ht2Stream> _streams = new();
    private readonly Stack<Ht2Stream> _pool = new();

    internal Ht2Session(ISessionTransport transport, Ht2SessionRole role, IHt2SessionHandler handler, Ht2SessionOptions? options, TimeProvider? time)
    {
        ArgumentNullException.ThrowIfNull(handler);
        options ??= Ht2SessionOptions.Default;
        options.Validate();
        _transport = transport;
        Role = role;
        _handler = handler;
        _options = options;
        _time = time ?? TimeProvider.System;
        _decoder = new HpackDecoder(options.HeaderTableSize, options.MaxHeaderListSize);
        _sequencer = new HeaderBlockSequencer(new FrameReaderOptions
        {
            LocalMaxFrameSize = options.MaxFrameSize,
            MaxContinuationFrames = options.MaxContinuationFrames,
            MaxHeaderBlockBytes = options.MaxHeaderBlockBytes,
        });
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
    public static Ht2Session CreateServer(Socket socket, IHt2SessionHandler handler, Ht2SessionOptions? options = null, TimeProvider? time = null)
    {
        ArgumentNullException.ThrowIfNull(socket);
        return new Ht2Session(new SocketSessionTransport(socket), Ht2SessionRole.Server, handler, options, time);
    }

    /// <summary>Creates a server session over a duplex stream; call <see cref="RunAsync"/> to serve it.</summary>
    public static Ht2Session CreateServer(Stream stream, IHt2SessionHandler handler, Ht2SessionOptions? options = null, TimeProvider? time = null)
    {
        ArgumentNullException.ThrowIfNull(stream);
        return new Ht2Session(new StreamSessionTransport(stream), Ht2SessionRole.Server, handler, options, time);
    }

    /// <summary>Creates a client session over a connected socket; call <see cref="RunAsync"/>, then OpenStream.</summary>
    public static Ht2Session CreateClient(Socket socket, IHt2SessionHandler handler, Ht2SessionOptions? options = null, TimeProvider? time = null)
    {
        ArgumentNullException.ThrowIfNull(socket);
        return new Ht2Session(new SocketSessionTransport(socket), Ht2SessionRole.Client, handler, options, time);
    }

    /// <summary>Creates a client session over a duplex stream.</summary>
    public static Ht2Session CreateClient(Stream stream, IHt2SessionHandler handler, Ht2SessionOptions? options = null, TimeProvider? time = null)
    {
        ArgumentNullException.ThrowIfNull(stream);
        return new Ht2Session(new StreamSessionTransport(stream), Ht2SessionRole.Client, handler, options, time);
    }

    /// <summary>Closes the connection at once (GOAWAY NO_ERROR if it still can) and waits for the loops to end.</summary>
    public async ValueTask DisposeAsync()
    {
        Abort(Http2ErrorCode.NoError);
        await Completion.ConfigureAwait(false);
    }
}
