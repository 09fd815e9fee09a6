namespace Ht2;

/// <summary>
/// The single-frame rule that belongs to no frame type: the length against the SETTINGS_MAX_FRAME_SIZE this
/// endpoint advertised (RFC 9113 §4.2). Per-frame rules are generated from the declarations (<see cref="FrameRuleTable"/>);
/// header-block sequencing across frames is <see cref="HeaderBlockSequencer"/>'s.
/// </summary>
internal static class FrameRules
{
    /// <summary>Our own limit, never the peer's; checked first so that a huge length is refused unbuffered.</summary>
    internal static FrameError CheckLength(in FrameHeader header, int localMaxFrameSize) =>
        header.Length > localMaxFrameSize
            ? FrameError.Connection(Http2ErrorCode.FrameSizeError, "The frame length exceeds the local SETTINGS_MAX_FRAME_SIZE.")
            : default;
}
