using System;
using System.Collections.Generic;
using System.Threading;
using System.Threading.Tasks;

namespace Ht2;

/// <summary>
/// The send-side flow-control windows of one connection (RFC 9113 §6.9): the connection window and one window
/// per stream, both starting at 65535 (streams: the peer's SETTINGS_INITIAL_WINDOW_SIZE). Senders reserve bytes
/// before writing DATA and wait when a window is empty; the read loop adds credit from WINDOW_UPDATE and
/// SETTINGS and wakes them (sync waiters through Monitor.PulseAll, async waiters through a completed task).
/// </summary>
internal sealed class SendWindows
{
    private readonly object _lock = new();
    private readonly Dictionary<uint, StreamWindow> _streams = new();
    private long _connection = SettingsFrame.DefaultInitialWindowSize;
    private long _initialStreamWindow = SettingsFrame.DefaultInitialWindowSize;
    private int _asyncWaiters;
    private TaskCompletionSource _changed = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly IFlowControlObserver? _observer;
    private readonly TimeSpan _creditTimeout;
    private bool _closed;

    /// <summary>
    /// Windows at their RFC initial values; a wait for credit gives up after <paramref name="creditTimeout"/>
    /// (<see cref="Timeout.InfiniteTimeSpan"/>: never); <paramref name="observer"/> (may be null) hears about every wait.
    /// </summary>
    public SendWindows(TimeSpan creditTimeout, IFlowControlObserver? observer)
    {
        _creditTimeout = creditTimeout;
        _observer = observer;
    }

    public long Connection
    {
        get
        {
            lock (_lock)
            {
                return _connection;
            }
        }
    }

    public long InitialStreamWindow
    {
        get
        {
            lock (_lock)
            {
                return _initialStreamWindow;
            }
        }
    }

    public long GetStream(uint streamId)
    {
        lock (_lock)
        {
            return _streams.TryGetValue(streamId, out StreamWindow? window) ? window.Value : _initialStreamWindow;
        }
    }

    public void Forget(uint streamId)
    {
        lock (_lock)
        {
            _streams.Remove(streamId);
        }
    }

    /// <summary>Takes 1..<paramref name="wanted"/> bytes of credit, blocking the thread while either window is empty.</summary>
    /// <exception cref="ObjectDisposedException">The connection closed while waiting.</exception>
    /// <exception cref="TimeoutException">No credit arrived within the credit timeout.</exception>
    public int Reserve(uint streamId, int wanted)
    {
        long deadline = Deadline();
        lock (_lock)
        {
            while (true)
            {
                int granted = ReserveLocked(streamId, wanted);
                if (granted > 0)
                {
                    return granted;
                }

                _observer?.WaitStarted(streamId);
                if (!Monitor.Wait(_lock, Remaining(deadline)))
                {
                    // A credit that raced the timeout still counts.
                    granted = ReserveLocked(streamId, wanted);
                    return granted > 0 ? granted : throw CreditTimedOut(streamId);
                }
            }
        }
    }

    /// <summary>Takes 1..<paramref name="wanted"/> bytes of credit, awaiting (no thread blocked) while a window is empty.</summary>
    /// <exception cref="ObjectDisposedException">The connection closed while waiting.</exception>
    /// <exception cref="TimeoutException">No credit arrived within the credit timeout.</exception>
    public async ValueTask<int> ReserveAsync(uint streamId, int wanted, CancellationToken cancellationToken)
    {
        long deadline = Deadline();
        while (true)
        {
            Task changed;
            lock (_lock)
            {
                int granted = ReserveLocked(streamId, wanted);
                if (granted > 0)
                {
                    return granted;
                }

                _asyncWaiters++;
                changed = _changed.Task;
                _observer?.WaitStarted(streamId);
            }

            try
            {
                await changed.WaitAsync(Remaining(deadline), cancellationToken).ConfigureAwait(false);
            }
            catch (TimeoutException)
            {
                lock (_lock)
                {
                    int granted = ReserveLocked(streamId, wanted);
                    return granted > 0 ? granted : throw CreditTimedOut(streamId);
                }
            }
            finally
            {
                lock (_lock)
                {
                    _asyncWaiters--;
                }
            }
        }
    }

    /// <summary>Takes exactly <paramref name="length"/> bytes or nothing, never waiting (DATA added to a batch).</summary>
    public bool TryReserveExactly(uint streamId, int length)
    {
        lock (_lock)
        {
            ThrowIfClosed();
            StreamWindow window = GetOrAdd(streamId);
            if (_connection < length || window.Value < length)
            {
                return false;
            }

            _connection -= length;
            window.Value -= length;
            return true;
        }
    }

    /// <summary>Gives back credit reserved for bytes that were not sent after all.</summary>
    public void Refund(uint streamId, int length)
    {
        lock (_lock)
        {
            _connection += length;
            GetOrAdd(streamId).Value += length;
            SignalLocked();
        }
    }

    /// <summary>Applies a WINDOW_UPDATE; a window above 2^31-1 is a FLOW_CONTROL_ERROR (connection error on stream 0, else stream error).</summary>
    public FrameError ApplyWindowUpdate(uint streamId, uint increment)
    {
        lock (_lock)
        {
            FrameError error = streamId == 0
                ? FlowWindow.TryIncrease(ref _connection, increment, 0)
                : FlowWindow.TryIncrease(ref GetOrAdd(streamId).Value, increment, streamId);
            if (error.IsError)
            {
                return error;
            }

            SignalLocked();
            return default;
        }
    }

    /// <summary>
    /// Applies a new SETTINGS_INITIAL_WINDOW_SIZE: every stream window moves by the difference (§6.9.2; it may go
    /// negative); one above 2^31-1 is a FLOW_CONTROL_ERROR connection error. The connection window is untouched.
    /// </summary>
    public FrameError ApplyInitialWindowSize(uint value)
    {
        lock (_lock)
        {
            long delta = value - _initialStreamWindow;
            foreach (StreamWindow window in _streams.Values)
            {
                FrameError error = FlowWindow.CheckShift(window.Value, delta);
                if (error.IsError)
                {
                    return error;
                }
            }

            foreach (StreamWindow window in _streams.Values)
            {
                window.Value += delta;
            }

            _initialStreamWindow = value;
            SignalLocked();
            return default;
        }
    }

    /// <summary>Wakes every waiter with <see cref="ObjectDisposedException"/>.</summary>
    public void Close()
    {
        lock (_lock)
        {
            _closed = true;
            SignalLocked();
        }
    }

    private int ReserveLocked(uint streamId, int wanted)
    {
        ThrowIfClosed();
        StreamWindow window = GetOrAdd(streamId);
        long available = Math.Min(_connection, window.Value);
        if (available <= 0)
        {
            return 0;
        }

        int granted = (int)Math.Min(available, wanted);
        _connection -= granted;
        window.Value -= granted;
        return granted;
    }

    private StreamWindow GetOrAdd(uint streamId)
    {
        if (!_streams.TryGetValue(streamId, out StreamWindow? window))
        {
            window = new StreamWindow { Value = _initialStreamWindow };
            _streams.Add(streamId, window);
        }

        return window;
    }

    private void SignalLocked()
    {
        Monitor.PulseAll(_lock);

        // A fresh task only when someone awaits the current one, so the read loop allocates nothing otherwise.
        if (_asyncWaiters > 0)
        {
            TaskCompletionSource changed = _changed;
            _changed = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            changed.TrySetResult();
        }
    }

    /// <summary>When a wait starting now gives up, in <see cref="Environment.TickCount64"/> milliseconds; -1: never.</summary>
    private long Deadline()
        => _creditTimeout == Timeout.InfiniteTimeSpan ? -1 : Environment.TickCount64 + (long)_creditTimeout.TotalMilliseconds;

    private static TimeSpan Remaining(long deadline)
        => deadline < 0 ? Timeout.InfiniteTimeSpan : TimeSpan.FromMilliseconds(Math.Max(0, deadline - Environment.TickCount64));

    private TimeoutException CreditTimedOut(uint streamId) => new(
        $"No flow-control credit for DATA on stream {streamId} within {_creditTimeout.TotalSeconds:0.###} s " +
        $"(connection window {_connection}, stream window {GetOrAdd(streamId).Value}). Credit comes from the peer's " +
        "WINDOW_UPDATE and SETTINGS frames, which only ReadFrameAsync receives: keep a read loop running while sending " +
        "DATA, or raise Ht2ConnectionOptions.CreditTimeout.");

    private void ThrowIfClosed() => ObjectDisposedException.ThrowIf(_closed, typeof(Ht2Connection));

    /// <summary>A reference box, so that SETTINGS can adjust every window while enumerating.</summary>
    private sealed class StreamWindow
    {
        public long Value;
    }
}
