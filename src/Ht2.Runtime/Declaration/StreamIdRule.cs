namespace Ht2;

/// <summary>Which stream identifiers a frame type allows (RFC 9113 §6).</summary>
public enum StreamIdRule : byte
{
    /// <summary>Any stream identifier, including 0 (extension frames).</summary>
    Any = 0,
    /// <summary>The frame concerns the connection: stream identifier 0 only (SETTINGS, PING, GOAWAY).</summary>
    Zero = 1,
    /// <summary>The frame concerns a stream: stream identifier 0 is forbidden (DATA, HEADERS, ...).</summary>
    NonZero = 2,
}
