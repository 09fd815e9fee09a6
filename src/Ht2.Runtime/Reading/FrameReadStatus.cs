namespace Ht2;

/// <summary>
/// The outcome of a non-throwing frame read. It is deliberately not a <see cref="bool"/>: a caller cannot
/// mistake an error for "need more data" and keep buffering a frame that must be refused.
/// </summary>
public enum FrameReadStatus : byte
{
    /// <summary>Not enough bytes for the header or the payload yet; nothing was consumed.</summary>
    NeedMoreData = 0,
    /// <summary>A whole, valid frame was read.</summary>
    Complete = 1,
    /// <summary>The frame breaks an RFC 9113 rule; the error says which, with its code and scope.</summary>
    Error = 2,
    /// <summary>
    /// A whole frame was read that breaks a rule whose prescribed reaction is to discard it (an extension frame
    /// declaring <see cref="ErrorScope.Ignore"/>, such as ORIGIN on a stream): skip it, send nothing. The
    /// consumed size covers it and the error (scope <see cref="ErrorScope.Ignore"/>) says why. Still give its
    /// header to <see cref="HeaderBlockSequencer"/>: inside an open header block any frame is a connection error.
    /// </summary>
    Ignored = 3,
}
