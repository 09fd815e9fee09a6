using System;

namespace Ht2;

/// <summary>
/// The pseudo-header fields RFC 9113 §8.3 and RFC 8441 §4 define, as bits so a validator records which it has seen
/// in one field.
/// </summary>
[Flags]
internal enum HttpPseudoHeader : byte
{
    /// <summary>Not a defined pseudo-header field.</summary>
    None = 0,

    /// <summary><c>:method</c> (requests).</summary>
    Method = 1,

    /// <summary><c>:scheme</c> (requests).</summary>
    Scheme = 2,

    /// <summary><c>:authority</c> (requests).</summary>
    Authority = 4,

    /// <summary><c>:path</c> (requests).</summary>
    Path = 8,

    /// <summary><c>:protocol</c> (extended CONNECT requests, RFC 8441).</summary>
    Protocol = 16,

    /// <summary><c>:status</c> (responses).</summary>
    Status = 32,

    /// <summary>Every pseudo-header field a request may carry.</summary>
    RequestFields = Method | Scheme | Authority | Path | Protocol,
}

/// <summary>Names the pseudo-header field a raw name spells.</summary>
internal static class HttpPseudoHeaders
{
    /// <summary>The pseudo-header field <paramref name="name"/> (leading colon included) spells, or None.</summary>
    public static HttpPseudoHeader Identify(ReadOnlySpan<byte> name) => name.Length switch
    {
        5 when name.SequenceEqual(":path"u8) => HttpPseudoHeader.Path,
        7 when name.SequenceEqual(":method"u8) => HttpPseudoHeader.Method,
        7 when name.SequenceEqual(":scheme"u8) => HttpPseudoHeader.Scheme,
        7 when name.SequenceEqual(":status"u8) => HttpPseudoHeader.Status,
        9 when name.SequenceEqual(":protocol"u8) => HttpPseudoHeader.Protocol,
        10 when name.SequenceEqual(":authority"u8) => HttpPseudoHeader.Authority,
        _ => HttpPseudoHeader.None,
    };
}
