namespace Ht2;

/// <summary>Whether an error ends the whole connection (GOAWAY) or only one stream (RST_STREAM), RFC 9113 §5.4.</summary>
public enum ErrorScope : byte
{
    /// <summary>A connection error: the endpoint sends GOAWAY and closes the connection.</summary>
    Connection = 0,
    /// <summary>A stream error: the endpoint sends RST_STREAM for the stream and the connection goes on.</summary>
    Stream = 1,
}
