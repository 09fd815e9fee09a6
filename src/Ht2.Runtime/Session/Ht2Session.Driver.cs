using System;
using System.Runtime.CompilerServices;
using System.Threading;
using System.Threading.Tasks;

namespace Ht2;

// The I/O driver: one read loop feeding the protocol core, one writer loop draining the outbound queue with one
// flush per batch, and the end of the connection. The only awaits on the peer are the transport's.
public sealed partial class Ht2Session
{
    private readonly TaskCompletionSource _completion = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private int _started;
    private Exception? _fault;

    // DisposeAsync ran: once the final GOAWAY is written the transport closes without waiting for the peer's close.
    private bool _disposing;

    /// <summary>Completes when the connection has ended and both loops have stopped; faults only on a bug (a handler that threw, say).</summary>
    public Task Completion => _completion.Task;

    /// <summary>
    /// Starts the connection: our preface (client) and SETTINGS are queued first, then the read loop, the writer loop
    /// and the timer run until the connection ends. Returns <see cref="Completion"/>.
    /// </summary>
    /// <exception cref="InvalidOperationException">The session was started already.</exception>
    public Task RunAsync()
    {
        if (Interlocked.Exchange(ref _started, 1) != 0)
        {
            throw new InvalidOperationException("The session runs already.");
        }

        lock (_sync)
        {
            if (Role == Ht2SessionRole.Client)
            {
                _pending.Writer.AddBytes(ConnectionPreface.Bytes);
            }

            StageLocalSettings();
            StageRefusal();
            _handshakeDeadline = Deadline(_options.HandshakeTimeout);
            _idleSince = _time.GetTimestamp();
            _lastReceiveAt = _idleSince;
        }

        _timer = _time.CreateTimer(static state => ((Ht2Session)state!).OnTimer(), this, _options.TimerPeriod, _options.TimerPeriod);
        Task writer = WriteLoopAsync();
        Task reader = _transport is PipeTransport { CanReadBuffered: true } pipe ? PipeReadLoopAsync(pipe) : ReadLoopAsync();
        _ = FinishAsync(reader, writer);
        _writeSignal.Set();
        return Completion;
    }

    private async Task ReadLoopAsync()
    {
        await OffTheCallersThread();

        // Room for the preface and one frame of our SETTINGS_MAX_FRAME_SIZE (the reader refuses a longer one before
        // buffering it), so a frame's bytes always fit and the buffer never grows.
        ReceiveBuffer input = new(BufferPool.Shared, Math.Max(64 * 1024, FrameHeader.Size + _options.MaxFrameSize + ConnectionPreface.Length));
        try
        {
            while (true)
            {
                // Stryker disable once Arithmetic : GetMemory asks for at least Count + 1 bytes whatever it is passed below that, so Count - 1 offers the same memory.
                int read = await _transport.ReadAsync(input.GetMemory(input.Count + 1), CancellationToken.None).ConfigureAwait(false);
                bool stop;
                lock (_sync)
                {
                    _lastReceiveAt = _time.GetTimestamp();
                    if (read == 0)
                    {
                        OnPeerClosed();
                    }
                    else if (_phase >= SessionPhase.Closing)
                    {
                        // After our final GOAWAY the peer's bytes are drained unread, so the close is a FIN, not a reset.
                        input.Clear();
                    }
                    else
                    {
                        input.Advance(read);
                        input.Consume(ProcessInput(input.Span));
                    }

                    stop = read == 0 || _phase == SessionPhase.Closed;
                }

                DeliverCompletions();
                _writeSignal.Set();
                if (stop)
                {
                    return;
                }
            }
        }
        catch (Exception e)
        {
            Fail(e);
        }
        finally
        {
            input.Release();
        }
    }

    /// <summary>
    /// What a read loop awaits first, so that <see cref="RunAsync"/> returns before the first read, off the caller's
    /// stack: the loop goes on on the thread pool, never through the caller's SynchronizationContext (Task.Yield would
    /// post to it, and a context whose thread blocks on <see cref="Completion"/>, or that has stopped running posts,
    /// would never let the session read).
    /// </summary>
    private static ConfiguredTaskAwaitable OffTheCallersThread() => Task.CompletedTask.ConfigureAwait(ConfigureAwaitOptions.ForceYielding);

    private async Task WriteLoopAsync()
    {
        try
        {
            bool finished = false;
            while (!finished)
            {
                await _writeSignal.WaitAsync().ConfigureAwait(false);
                while (true)
                {
                    OutboundBatch batch;
                    lock (_sync)
                    {
                        if (_phase == SessionPhase.Closed)
                        {
                            return;
                        }

                        StageData();
                        if (_pending.Writer.IsEmpty)
                        {
                            finished = _phase == SessionPhase.Closing;
                            break;
                        }

                        batch = _pending;
                        _pending = _flushing;
                        _flushing = batch;
                        _pending.Writer.MaxFrameSize = (int)_peer.MaxFrameSize;
                        _flushStartedAt = _time.GetTimestamp();
                    }

                    await batch.Writer.FlushToAsync(_transport, CancellationToken.None).ConfigureAwait(false);
                    lock (_sync)
                    {
                        _flushStartedAt = NotSet;
                        batch.ControlFrames = 0;
                        _sendCompletions.AddRange(batch.Completions);
                        batch.Completions.Clear();
                    }

                    DeliverCompletions();
                }
            }

            // Everything is written, the final GOAWAY included: half-close, then close at once when disposing, else let
            // the read loop drain until the peer closes too or the linger time passes.
            _transport.ShutdownOutput();
            lock (_sync)
            {
                if (_disposing)
                {
                    CloseTransport();
                }
                else
                {
                    _lingerDeadline = Deadline(_options.CloseLinger);
                }
            }
        }
        catch (Exception e)
        {
            Fail(e);
        }
    }

    /// <summary>The peer closed its side: nothing more can be asked of us; what is queued is still written.</summary>
    private void OnPeerClosed()
    {
        // Stryker disable once Equality : at Closing CloseReason is set and every tracked stream is closed already (none opens after Open), so the body would change nothing.
        if (_phase < SessionPhase.Closing)
        {
            _phase = SessionPhase.Closing;
            CloseReason ??= Http2ErrorCode.Cancel;
            CloseAllStreams(Http2ErrorCode.Cancel);
        }
    }

    /// <summary>A loop failed: a transport error ends the connection quietly, anything else is a bug kept for <see cref="Completion"/>.</summary>
    private void Fail(Exception e)
    {
        bool transport = FrameTransport.IsTransportFailure(e);
        lock (_sync)
        {
            if (!transport && _phase != SessionPhase.Closed)
            {
                // Stryker disable once Assignment : _fault is assigned only here, with _phase not Closed, and CloseTransport below makes it Closed under the same lock: it is null every time.
                _fault ??= e;
            }

            CloseTransport();
        }

        DeliverCompletions();
        _writeSignal.Set();
    }

    /// <summary>Ends everything at once: streams fail, queued frames are dropped, the transport closes. Under _sync.</summary>
    private void CloseTransport()
    {
        if (_phase == SessionPhase.Closed)
        {
            return;
        }

        CloseReason ??= Http2ErrorCode.Cancel;
        _phase = SessionPhase.Closed;
        CloseAllStreams(Http2ErrorCode.Cancel);
        DropPendingFrames();

        // The batch being written (if any) fails with the transport: a flush that throws delivers nothing itself.
        FailBatchSends(_flushing);
        _transport.Close();
    }

    private async Task FinishAsync(Task reader, Task writer)
    {
        await reader.ConfigureAwait(false);
        await writer.ConfigureAwait(false);
        lock (_sync)
        {
            CloseTransport();
        }

        DeliverCompletions();
        if (_timer is not null)
        {
            await _timer.DisposeAsync().ConfigureAwait(false);
        }

        lock (_sync)
        {
            _pending.Writer.Dispose();
            _flushing.Writer.Dispose();
        }

        if (_fault is not null)
        {
            _completion.TrySetException(_fault);
        }
        else
        {
            _completion.TrySetResult();
        }
    }
}
