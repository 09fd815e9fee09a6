using System;

namespace Ht2;

/// <summary>The client connection preface (RFC 9113 §3.4): these 24 octets, then a SETTINGS frame.</summary>
public static class ConnectionPreface
{
    /// <summary>The preface length.</summary>
    public const int Length = 24;

    /// <summary>"PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n".</summary>
    public static ReadOnlySpan<byte> Bytes => "PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n"u8;
}
