namespace Ht2;

/// <summary>
/// How an endpoint reacts to a broken frame rule: end the connection (GOAWAY), end one stream (RST_STREAM),
/// RFC 9113 §5.4, or drop the frame and go on, where an extension says so (RFC 8336 §2.1, RFC 7838 §4).
/// </summary>
public enum ErrorScope : byte
{
    /// <summary>A connection error: the endpoint sends GOAWAY and closes the connection.</summary>
    Connection = 0,
    /// <summary>A stream error: the endpoint sends RST_STREAM for the stream and the connection goes on.</summary>
    Stream = 1,
    /// <summary>Not an error to send: the frame is discarded and nothing else changes.</summary>
    Ignore = 2,
}
