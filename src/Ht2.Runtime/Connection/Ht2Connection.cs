using System;
using System.IO;
using System.Net.Sockets;
using System.Threading;

namespace Ht2;

/// <summary>
/// One HTTP/2 connection's framing layer over a <see cref="Socket"/> (vectored sendmsg) or any
/// <see cref="Stream"/> (one coalesced write per call, e.g. TLS): sends frames in exactly the order given, splits
/// DATA and header blocks at the peer's SETTINGS_MAX_FRAME_SIZE, honours the peer's flow-control windows, and
/// reads frames with every RFC 9113 framing rule enforced against the LOCAL limits.
/// </summary>
/// <remarks>
/// <para>Threads: any number of threads may send at once. Every send call (and every batch) holds one write
/// mutex, a <see cref="SemaphoreSlim"/> shared by the sync and async paths, from its first staged byte to its
/// last written byte, so each call's frames reach the wire whole and contiguous. The exception is a DATA send
/// larger than the flow-control window: it is written in window-sized pieces, each contiguous, and other
/// senders' frames may go between the pieces (as HTTP/2 allows). One reader at a time may call
/// <see cref="ReadFrameAsync"/>.</para>
/// <para>Batching heterogeneous frames without boxing: <c>using Ht2Batch batch = connection.BeginBatch();
/// batch.Add(in headers, block); batch.Add(in rst); batch.Send();</c> — the batch holds the write mutex until
/// disposed; <see cref="BeginBatchAsync"/> is the async form (<c>await batch.SendAsync()</c>).</para>
/// <para>The connection does not own the socket or stream: dispose them yourself after disposing it.</para>
/// </remarks>
public sealed partial class Ht2Connection : IDisposable
{
    private readonly IFrameTransport _transport;
    private readonly Ht2ConnectionOptions _options;
    private int _disposed;

    // Sending: one mutex for sync and async senders and batches; the writer and its staging belong to its holder.
    private readonly SemaphoreSlim _writeLock = new(1, 1);
    private readonly MultiFrameWriter _writer;
    private readonly SendWindows _windows;
    private readonly PeerSettings _peer = new();

    // Identifies the open batch; bumped at open and close so a stale copy of an Ht2Batch cannot touch a newer one.
    private long _batchToken;

    // Set once this endpoint's own SETTINGS (its half of the connection preface) has been written.
    private volatile bool _localSettingsSent;

    // Reading (one reader at a time).
    private HeaderBlockSequencer _sequencer;
    private readonly ReceiveBuffer _receive;
    private int _returnedLength; // the frame handed out last time, consumed at the next read
    private bool _expectPreface;
    private bool _expectSettingsFirst;

    /// <summary>A connection over a connected socket: sync sends use vectored sendmsg, async sends never block a thread.</summary>
    /// <exception cref="ArgumentNullException"><paramref name="socket"/> is null.</exception>
    public Ht2Connection(Socket socket, Ht2ConnectionOptions? options = null)
        : this(FrameTransport.Over(socket), options)
    {
    }

    /// <summary>A connection over a stream (TLS, pipes, tests): each send is one coalesced Write.</summary>
    /// <exception cref="ArgumentNullException"><paramref name="stream"/> is null.</exception>
    public Ht2Connection(Stream stream, Ht2ConnectionOptions? options = null)
        : this(FrameTransport.Over(stream), options)
    {
    }

    /// <summary>
    /// A connection over any transport (socket, stream, pipe; see <see cref="FrameTransport"/>), with an optional
    /// observer of flow-control waits (tests).
    /// </summary>
    internal Ht2Connection(IFrameTransport transport, Ht2ConnectionOptions? options = null, IFlowControlObserver? observer = null)
    {
        ArgumentNullException.ThrowIfNull(transport);
        _transport = transport;
        _options = options ?? Ht2ConnectionOptions.Default;
        _windows = new SendWindows(_options.CreditTimeout, observer);
        _writer = new MultiFrameWriter(_options.Pool);
        _sequencer = new HeaderBlockSequencer(_options.Reader);
        _receive = new ReceiveBuffer(_options.Pool, _options.ReceiveBufferSize);
    }

    /// <summary>The options this connection was built with.</summary>
    public Ht2ConnectionOptions Options => _options;

    /// <summary>The peer's SETTINGS_MAX_FRAME_SIZE: the most payload bytes any frame we send may carry (16384 until its SETTINGS arrive).</summary>
    public int PeerMaxFrameSize => _peer.MaxFrameSize;

    /// <summary>The peer's SETTINGS_HEADER_TABLE_SIZE (4096 until its SETTINGS arrive): the most our HPACK encoder's dynamic table may use.</summary>
    public long PeerHeaderTableSize => _peer.Current.HeaderTableSize;

    /// <summary>The peer's SETTINGS_MAX_CONCURRENT_STREAMS, or -1 when it sent none or 2^32-1 (unlimited).</summary>
    public long PeerMaxConcurrentStreams => Unlimited(_peer.Current.MaxConcurrentStreams);

    /// <summary>The peer's SETTINGS_MAX_HEADER_LIST_SIZE, or -1 when it sent none or 2^32-1 (unlimited).</summary>
    public long PeerMaxHeaderListSize => Unlimited(_peer.Current.MaxHeaderListSize);

    /// <summary>The peer's SETTINGS_ENABLE_PUSH (1 until it says otherwise).</summary>
    public bool PeerEnablePush => _peer.Current.EnablePush;

    /// <summary>The peer's SETTINGS_INITIAL_WINDOW_SIZE: the send window every new stream starts with.</summary>
    public long PeerInitialWindowSize => _windows.InitialStreamWindow;

    /// <summary>The connection-level send window left (DATA bytes we may still send before a WINDOW_UPDATE).</summary>
    public long ConnectionSendWindow => _windows.Connection;

    /// <summary>The send window left on <paramref name="streamId"/> (may be negative after SETTINGS shrank it).</summary>
    public long GetStreamSendWindow(uint streamId) => _windows.GetStream(streamId);

    /// <summary>Drops a closed stream's window so the table does not grow; a later WINDOW_UPDATE for it starts a fresh one.</summary>
    public void ForgetStream(uint streamId) => _windows.Forget(streamId);

    /// <summary>
    /// Wakes DATA senders waiting for credit with <see cref="ObjectDisposedException"/> and returns the pooled
    /// buffers. Does not close the socket or stream.
    /// </summary>
    public void Dispose()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }

        _windows.Close();
        _receive.Release();

        // Only when no sender is inside: its batch still points into the writer's staging. The mutex is released
        // again so a sender already queued on it fails with ObjectDisposedException instead of waiting forever.
        if (_writeLock.Wait(0))
        {
            _writer.Dispose();
            _writeLock.Release();
        }
    }

    // The RFC's initial value of both limits is "unlimited", kept as 2^32-1 by Ht2PeerSettings.
    private static long Unlimited(uint value) => value == uint.MaxValue ? -1 : value;

    private void ThrowIfDisposed() => ObjectDisposedException.ThrowIf(_disposed != 0, this);
}
