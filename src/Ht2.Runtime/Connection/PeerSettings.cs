using System;
using System.Threading;

namespace Ht2;

/// <summary>
/// What the peer's SETTINGS told us (RFC 9113 §6.5.2), applied in order by the read loop and read by senders on
/// any thread: each value is one atomic field. SETTINGS_INITIAL_WINDOW_SIZE moves the send windows instead.
/// </summary>
internal sealed class PeerSettings
{
    private volatile int _maxFrameSize = SettingsFrame.MinMaxFrameSize;
    private long _headerTableSize = 4096;
    private long _maxConcurrentStreams = -1;
    private long _maxHeaderListSize = -1;
    private int _enablePush = 1;

    /// <summary>SETTINGS_MAX_FRAME_SIZE: the most payload bytes any frame we send may carry (16384 until SETTINGS arrive).</summary>
    public int MaxFrameSize => _maxFrameSize;

    /// <summary>SETTINGS_HEADER_TABLE_SIZE (4096 until SETTINGS arrive).</summary>
    public long HeaderTableSize => Interlocked.Read(ref _headerTableSize);

    /// <summary>SETTINGS_MAX_CONCURRENT_STREAMS, or -1 when none was sent (unlimited).</summary>
    public long MaxConcurrentStreams => Interlocked.Read(ref _maxConcurrentStreams);

    /// <summary>SETTINGS_MAX_HEADER_LIST_SIZE, or -1 when none was sent.</summary>
    public long MaxHeaderListSize => Interlocked.Read(ref _maxHeaderListSize);

    /// <summary>SETTINGS_ENABLE_PUSH (true until the peer says otherwise).</summary>
    public bool EnablePush => Volatile.Read(ref _enablePush) != 0;

    /// <summary>Applies a SETTINGS payload in order (the reader validated every value); throws the error a new initial window causes.</summary>
    /// <exception cref="Ht2ProtocolException">SETTINGS_INITIAL_WINDOW_SIZE takes a stream window above 2^31-1.</exception>
    public void Apply(ReadOnlySpan<byte> entries, SendWindows windows)
    {
        foreach (SettingsEntry entry in SettingsFrame.Entries(entries))
        {
            switch (entry.Parameter)
            {
                case SettingsParameter.MaxFrameSize:
                    _maxFrameSize = (int)entry.Value;
                    break;
                case SettingsParameter.InitialWindowSize:
                    FrameError error = windows.ApplyInitialWindowSize(entry.Value);
                    if (error.IsError)
                    {
                        throw error.ToException();
                    }

                    break;
                case SettingsParameter.HeaderTableSize:
                    Interlocked.Exchange(ref _headerTableSize, entry.Value);
                    break;
                case SettingsParameter.MaxConcurrentStreams:
                    Interlocked.Exchange(ref _maxConcurrentStreams, entry.Value);
                    break;
                case SettingsParameter.MaxHeaderListSize:
                    Interlocked.Exchange(ref _maxHeaderListSize, entry.Value);
                    break;
                case SettingsParameter.EnablePush:
                    Volatile.Write(ref _enablePush, (int)entry.Value);
                    break;
            }
        }
    }
}
