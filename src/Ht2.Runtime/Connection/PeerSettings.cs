using System;

namespace Ht2;

/// <summary>
/// What the peer's SETTINGS told us (RFC 9113 §6.5.2), applied in order by the reader and read by senders on any
/// thread: one <see cref="Ht2PeerSettings"/> value replaced whole under a lock, so a sender never sees half a frame's
/// values. SETTINGS_INITIAL_WINDOW_SIZE also moves the send windows.
/// </summary>
internal sealed class PeerSettings
{
    private readonly object _lock = new();
    private Ht2PeerSettings _current = Ht2PeerSettings.Initial;

    // Every send reads the max frame size: a copy published with the whole value, read without the lock.
    private volatile int _maxFrameSize = (int)Ht2PeerSettings.Initial.MaxFrameSize;

    /// <summary>SETTINGS_MAX_FRAME_SIZE in force, of the same SETTINGS frame as <see cref="Current"/>.</summary>
    public int MaxFrameSize => _maxFrameSize;

    /// <summary>The values in force (the RFC's initial values until SETTINGS arrive).</summary>
    public Ht2PeerSettings Current
    {
        get
        {
            lock (_lock)
            {
                return _current;
            }
        }
    }

    /// <summary>Applies a SETTINGS payload in order (the reader validated every value); throws the error a new initial window causes.</summary>
    /// <exception cref="Ht2ProtocolException">SETTINGS_INITIAL_WINDOW_SIZE takes a stream window above 2^31-1.</exception>
    public void Apply(ReadOnlySpan<byte> entries, SendWindows windows)
    {
        // One reader applies at a time, so the value read here is the latest.
        Ht2PeerSettings next = Current;
        foreach (SettingsEntry entry in SettingsFrame.Entries(entries))
        {
            if (entry.Parameter == SettingsParameter.InitialWindowSize)
            {
                FrameError error = windows.ApplyInitialWindowSize(entry.Value);
                if (error.IsError)
                {
                    throw error.ToException();
                }
            }

            next = next.With(entry);
        }

        lock (_lock)
        {
            _current = next;
            _maxFrameSize = (int)next.MaxFrameSize;
        }
    }
}
