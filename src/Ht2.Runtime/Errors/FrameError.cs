namespace Ht2;

/// <summary>
/// Why a frame was rejected, without throwing: the RFC 9113 error code, its scope and the stream it concerns.
/// <see cref="Reason"/> is always a string literal, so reporting an error allocates nothing.
/// </summary>
public readonly struct FrameError
{
    // Inlined, as are the factories: a Validate hook's passing path then folds to its own test in the generated
    // writers, with no FrameError kept on the stack.
    /// <summary>Creates an error description.</summary>
    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveInlining)]
    public FrameError(Http2ErrorCode code, ErrorScope scope, uint streamId, string reason)
    {
        Code = code;
        Scope = scope;
        StreamId = streamId;
        Reason = reason;
    }

    /// <summary>The RFC 9113 error code to send in RST_STREAM or GOAWAY.</summary>
    public Http2ErrorCode Code { get; }

    /// <summary>Whether this is a connection error, a stream error, or a frame to ignore.</summary>
    public ErrorScope Scope { get; }

    /// <summary>The stream the frame was on (0 for the connection).</summary>
    public uint StreamId { get; }

    /// <summary>A human-readable explanation of the violated rule.</summary>
    public string Reason { get; }

    /// <summary>True when this value describes an error (the default value describes none).</summary>
    public bool IsError => Reason is not null;

    /// <summary>Creates a connection error.</summary>
    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveInlining)]
    public static FrameError Connection(Http2ErrorCode code, string reason) => new(code, ErrorScope.Connection, 0, reason);

    /// <summary>Creates a stream error for <paramref name="streamId"/>.</summary>
    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveInlining)]
    public static FrameError Stream(Http2ErrorCode code, uint streamId, string reason) => new(code, ErrorScope.Stream, streamId, reason);

    /// <summary>
    /// Reports a frame the receiver must discard without sending anything (<see cref="ErrorScope.Ignore"/>); the
    /// code is NO_ERROR. It counts as an error for <see cref="IsError"/>, so every path stops using the frame.
    /// </summary>
    public static FrameError Ignore(uint streamId, string reason) => new(Http2ErrorCode.NoError, ErrorScope.Ignore, streamId, reason);

    /// <summary>The exception that reports this error.</summary>
    public Ht2ProtocolException ToException() => new(Code, Scope, StreamId, Reason);
}
