using System;

namespace Ht2.Samples;

/// <summary>
/// Collects the fragments of one header block (HEADERS or PUSH_PROMISE, then CONTINUATIONs): a received payload
/// is only valid until the next read, and HPACK must see the whole block at once. The array is reused, so once it
/// has grown to the largest block seen, collecting allocates nothing.
/// </summary>
internal sealed class HeaderBlockBuffer
{
    private byte[] _buffer = new byte[4096];
    private int _length;

    /// <summary>The block collected so far.</summary>
    public ReadOnlySpan<byte> Block => _buffer.AsSpan(0, _length);

    /// <summary>Appends one fragment.</summary>
    public void Append(ReadOnlySpan<byte> fragment)
    {
        if (_buffer.Length - _length < fragment.Length)
        {
            Array.Resize(ref _buffer, Math.Max(_buffer.Length * 2, _length + fragment.Length));
        }

        fragment.CopyTo(_buffer.AsSpan(_length));
        _length += fragment.Length;
    }

    /// <summary>Forgets the block so the next one starts empty.</summary>
    public void Clear() => _length = 0;
}
