using System;

namespace Ht2;

/// <summary>
/// Receives the fields of a decoded header block from <see cref="HpackDecoder.Decode{THandler}"/>. Implement it on a
/// struct (or ref struct) so the calls are direct and nothing is boxed.
/// </summary>
public interface IHeaderHandler
{
    /// <summary>
    /// Called once per field, in block order. The spans point into the block, the decoder's dynamic table or its
    /// Huffman scratch buffer, and are valid only during the call: copy what must outlive it.
    /// </summary>
    void OnHeader(ReadOnlySpan<byte> name, ReadOnlySpan<byte> value);
}
