namespace Ht2;

/// <summary>
/// The send-window arithmetic of RFC 9113 §6.9.1 and §6.9.2, one rule for the connection's and the session's
/// windows: a window may go negative (a smaller SETTINGS_INITIAL_WINDOW_SIZE) but never above 2^31-1.
/// </summary>
internal static class FlowWindow
{
    /// <summary>
    /// Adds a WINDOW_UPDATE increment to the send window of <paramref name="streamId"/> (0: the connection's), or
    /// leaves it unchanged and returns the FLOW_CONTROL_ERROR: a connection error on stream 0, a stream error on a
    /// stream (§6.9.1).
    /// </summary>
    public static FrameError TryIncrease(ref long window, uint increment, uint streamId)
    {
        if (window + increment > SettingsFrame.MaxWindowSize)
        {
            return streamId == 0
                ? FrameError.Connection(Http2ErrorCode.FlowControlError, "WINDOW_UPDATE takes the connection window above 2^31-1 (RFC 9113 §6.9.1).")
                : FrameError.Stream(Http2ErrorCode.FlowControlError, streamId, "WINDOW_UPDATE takes the stream window above 2^31-1 (RFC 9113 §6.9.1).");
        }

        window += increment;
        return default;
    }

    /// <summary>
    /// The connection FLOW_CONTROL_ERROR when a new SETTINGS_INITIAL_WINDOW_SIZE moves a stream's send window by
    /// <paramref name="delta"/> above 2^31-1 (§6.9.2); no error otherwise. Check every window before moving any.
    /// </summary>
    public static FrameError CheckShift(long window, long delta) => window + delta > SettingsFrame.MaxWindowSize
        ? FrameError.Connection(Http2ErrorCode.FlowControlError, "SETTINGS_INITIAL_WINDOW_SIZE takes a stream window above 2^31-1 (RFC 9113 §6.9.2).")
        : default;
}
