using System;

namespace Ht2;

/// <summary>
/// One header field to send: lowercase name and value bytes (pseudo-headers first, RFC 9113 §8.3). Keep the arrays
/// static or cached and sending headers allocates nothing.
/// </summary>
/// <param name="Name">The field name, lowercase.</param>
/// <param name="Value">The field value.</param>
/// <param name="Options">How HPACK encodes it (Huffman, never indexed).</param>
public readonly record struct Ht2Field(ReadOnlyMemory<byte> Name, ReadOnlyMemory<byte> Value, HpackFieldOptions Options = HpackFieldOptions.None);
