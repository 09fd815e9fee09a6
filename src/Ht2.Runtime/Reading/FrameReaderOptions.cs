using System;

namespace Ht2;

/// <summary>
/// The limits a connection applies to what it reads: the frame size it advertised, the caps that stop
/// header-block floods and the extension frame types whose declared rules the reader enforces. Build and
/// register once, then share one instance with every connection.
/// </summary>
public sealed class FrameReaderOptions
{
    /// <summary>The smallest legal SETTINGS_MAX_FRAME_SIZE, and the initial value of every connection (RFC 9113 §6.5.2).</summary>
    public const int MinMaxFrameSize = SettingsFrame.MinMaxFrameSize;

    /// <summary>The largest legal SETTINGS_MAX_FRAME_SIZE (2^24-1, RFC 9113 §6.5.2).</summary>
    public const int MaxMaxFrameSize = SettingsFrame.MaxMaxFrameSize;

    /// <summary>The default of <see cref="LocalMaxFrameSize"/>: the RFC's initial value, so no SETTINGS change is needed.</summary>
    public const int DefaultLocalMaxFrameSize = MinMaxFrameSize;

    /// <summary>
    /// The default of <see cref="MaxContinuationFrames"/>: 8, low enough to stop CVE-2024-28182 floods.
    /// Real clients send a header block in one HEADERS frame, or a few CONTINUATIONs for huge cookies.
    /// </summary>
    public const int DefaultMaxContinuationFrames = 8;

    /// <summary>
    /// The default of <see cref="MaxHeaderBlockBytes"/>: 64 KiB of HPACK-encoded block, four default-size frames.
    /// Encoded blocks are smaller than the decoded lists they carry, and decoded request headers are commonly
    /// capped at 32 KiB to 64 KiB, so legitimate traffic stays far below it.
    /// </summary>
    public const int DefaultMaxHeaderBlockBytes = 64 * 1024;

    private readonly int _localMaxFrameSize = DefaultLocalMaxFrameSize;
    private readonly int _maxContinuationFrames = DefaultMaxContinuationFrames;
    private readonly int _maxHeaderBlockBytes = DefaultMaxHeaderBlockBytes;
    private readonly object _registration = new();
    private volatile FrameRuleTable _rules = FrameRuleTable.Standard;

    /// <summary>Options with every default.</summary>
    public static FrameReaderOptions Default { get; } = new();

    /// <summary>
    /// The SETTINGS_MAX_FRAME_SIZE this endpoint advertised. A frame whose length exceeds it is a FRAME_SIZE_ERROR
    /// connection error, found as soon as its 9-byte header arrives. Must be 16384..16777215.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException">The value is outside 16384..16777215.</exception>
    public int LocalMaxFrameSize
    {
        get => _localMaxFrameSize;
        init => _localMaxFrameSize = CheckMaxFrameSize(value, nameof(LocalMaxFrameSize));
    }

    /// <summary>
    /// The most CONTINUATION frames one header block may use, empty ones included; one more is an
    /// ENHANCE_YOUR_CALM connection error. 0 forbids CONTINUATION altogether. Must not be negative.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException">The value is negative.</exception>
    public int MaxContinuationFrames
    {
        get => _maxContinuationFrames;
        init => _maxContinuationFrames = CheckNotNegative(value, nameof(MaxContinuationFrames));
    }

    /// <summary>
    /// The most payload bytes (HEADERS or PUSH_PROMISE plus its CONTINUATIONs, padding and fixed fields included)
    /// one header block may take; more is an ENHANCE_YOUR_CALM connection error. It also applies to a block that
    /// fits in one frame, so keep it at or above <see cref="LocalMaxFrameSize"/>. Must not be negative.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException">The value is negative.</exception>
    public int MaxHeaderBlockBytes
    {
        get => _maxHeaderBlockBytes;
        init => _maxHeaderBlockBytes = CheckNotNegative(value, nameof(MaxHeaderBlockBytes));
    }

    /// <summary>The rules the reader applies, by frame type: the ten RFC 9113 frames and the registered ones.</summary>
    internal FrameRuleTable Rules => _rules;

    /// <summary>
    /// Makes the reader check <typeparamref name="TFrame"/>'s declared rules (stream id, lengths, padding, its
    /// <c>Validate</c> hooks) on every frame of its type, with the reaction its declaration states: connection
    /// error, stream error, or <see cref="FrameReadStatus.Ignored"/>. Unregistered unknown types stay ignored
    /// (RFC 9113 §5.5). Registering again the same type does nothing; reads that start afterwards see it, and a
    /// read allocates nothing for it.
    /// </summary>
    /// <typeparam name="TFrame">A frame struct declared with <see cref="Ht2FrameAttribute"/>.</typeparam>
    /// <returns>These options, so that registrations chain.</returns>
    /// <exception cref="InvalidOperationException">
    /// These are the shared <see cref="Default"/> options, or another frame struct already owns the type byte
    /// (each of the ten RFC 9113 types belongs to its frame).
    /// </exception>
    public FrameReaderOptions Register<TFrame>() where TFrame : struct, IHt2Frame<TFrame>
    {
        if (ReferenceEquals(this, Default))
        {
            throw new InvalidOperationException("FrameReaderOptions.Default is shared by every reader; register extension frames on an instance of your own.");
        }

        lock (_registration)
        {
            _rules = _rules.With<TFrame>();
        }

        return this;
    }

    /// <summary>Options with these limits and the frame types registered so far on <paramref name="registrations"/> (none when null).</summary>
    /// <exception cref="ArgumentOutOfRangeException">A limit is out of its range.</exception>
    internal static FrameReaderOptions Create(int localMaxFrameSize, int maxContinuationFrames, int maxHeaderBlockBytes, FrameReaderOptions? registrations) => new()
    {
        LocalMaxFrameSize = localMaxFrameSize,
        MaxContinuationFrames = maxContinuationFrames,
        MaxHeaderBlockBytes = maxHeaderBlockBytes,
        _rules = registrations?._rules ?? FrameRuleTable.Standard,
    };

    /// <summary>Throws when <paramref name="value"/> is not a legal SETTINGS_MAX_FRAME_SIZE.</summary>
    internal static int CheckMaxFrameSize(int value, string paramName)
    {
        if (value < MinMaxFrameSize || value > MaxMaxFrameSize)
        {
            ThrowMaxFrameSize(value, paramName);
        }

        return value;
    }

    private static int CheckNotNegative(int value, string paramName)
    {
        if (value < 0)
        {
            throw new ArgumentOutOfRangeException(paramName, value, "The limit must not be negative.");
        }

        return value;
    }

    // Kept out of line so the hot read path that calls CheckMaxFrameSize stays small.
    private static void ThrowMaxFrameSize(int value, string paramName) =>
        throw new ArgumentOutOfRangeException(paramName, value, "A maximum frame size must be between 16384 and 16777215.");
}
