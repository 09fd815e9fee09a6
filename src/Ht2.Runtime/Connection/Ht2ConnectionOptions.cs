using System;
using System.Threading;

namespace Ht2;

/// <summary>How an <see cref="Ht2Connection"/> reads and answers; immutable, shareable between connections.</summary>
public sealed class Ht2ConnectionOptions
{
    private readonly FrameReaderOptions _reader = FrameReaderOptions.Default;
    private readonly BufferPool _pool = BufferPool.Shared;
    private readonly int _receiveBufferSize = 64 * 1024;
    private readonly TimeSpan _creditTimeout = TimeSpan.FromSeconds(30);

    /// <summary>Every default: RFC initial limits, auto-acknowledgement on, the shared pool.</summary>
    public static Ht2ConnectionOptions Default { get; } = new();

    /// <summary>
    /// The LOCAL limits the reader enforces. <see cref="FrameReaderOptions.LocalMaxFrameSize"/> must be what this
    /// endpoint advertised in its SETTINGS (16384 unless you send a larger SETTINGS_MAX_FRAME_SIZE); a longer
    /// incoming frame is a FRAME_SIZE_ERROR connection error before its payload is buffered. Extension frames
    /// registered on it (<see cref="FrameReaderOptions.Register{TFrame}"/>) are checked with their declared reaction;
    /// one whose reaction is to ignore it is skipped by <see cref="Ht2Connection.ReadFrameAsync"/> and never returned.
    /// </summary>
    /// <exception cref="ArgumentNullException">The value is null.</exception>
    public FrameReaderOptions Reader
    {
        get => _reader;
        init => _reader = value ?? throw new ArgumentNullException(nameof(Reader));
    }

    /// <summary>
    /// When true (the default), <see cref="Ht2Connection.ReadFrameAsync"/> answers a peer SETTINGS frame with a
    /// SETTINGS ACK right after applying it, and a PING with a PING ACK carrying the same opaque data, before
    /// returning the frame. When false the caller must send both (RFC 9113 §6.5.3, §6.7).
    /// </summary>
    public bool AutoAcknowledge { get; init; } = true;

    /// <summary>Where the staging and receive buffers come from.</summary>
    /// <exception cref="ArgumentNullException">The value is null.</exception>
    public BufferPool Pool
    {
        get => _pool;
        init => _pool = value ?? throw new ArgumentNullException(nameof(Pool));
    }

    /// <summary>The initial receive buffer (grown to hold one frame of the local maximum size when needed): default 64 KiB, at least 4096.</summary>
    /// <exception cref="ArgumentOutOfRangeException">The value is below 4096.</exception>
    public int ReceiveBufferSize
    {
        get => _receiveBufferSize;
        init => _receiveBufferSize = value >= BufferPool.MinimumBufferLength
            ? value
            : throw new ArgumentOutOfRangeException(nameof(ReceiveBufferSize), value, "The receive buffer must hold at least 4096 bytes.");
    }

    /// <summary>
    /// How long one DATA send waits for flow-control credit before it throws <see cref="TimeoutException"/>; default
    /// 30 seconds, <see cref="Timeout.InfiniteTimeSpan"/> to wait as long as it takes. Credit arrives only through
    /// <see cref="Ht2Connection.ReadFrameAsync"/> (the peer's WINDOW_UPDATE and SETTINGS), so a DATA send beyond the
    /// window with no read loop running would otherwise wait forever. The timer restarts at each wait; credit
    /// taken before the timeout stays sent. The async sends also stop at their cancellation token.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException">The value is zero or negative and not infinite.</exception>
    public TimeSpan CreditTimeout
    {
        get => _creditTimeout;
        init => _creditTimeout = value > TimeSpan.Zero || value == Timeout.InfiniteTimeSpan
            ? value
            : throw new ArgumentOutOfRangeException(nameof(CreditTimeout), value, "The credit timeout must be positive or infinite.");
    }
}
