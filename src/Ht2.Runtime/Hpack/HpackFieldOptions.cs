using System;

namespace Ht2;

/// <summary>How <see cref="HpackEncoder"/> represents one header field.</summary>
[Flags]
public enum HpackFieldOptions
{
    /// <summary>Literal strings as raw octets; literal fields "without indexing".</summary>
    None = 0,

    /// <summary>
    /// Huffman-encode each literal string (RFC 7541 §5.2) when that makes it strictly shorter; otherwise it stays raw.
    /// </summary>
    Huffman = 1,

    /// <summary>
    /// Send a literal field as "never indexed" (RFC 7541 §6.2.3) so that no intermediary ever puts it in a dynamic
    /// table; for secrets such as authorization or short cookies (RFC 7541 §7.1.3). A field that matches a static
    /// entry exactly is still sent indexed: the static table reveals nothing.
    /// </summary>
    NeverIndexed = 2,
}
