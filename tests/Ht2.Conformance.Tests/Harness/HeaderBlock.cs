using System.Collections.Generic;
using System.Text;

namespace Ht2.Conformance.Tests.Harness;

/// <summary>
/// A hand-written HPACK (RFC 7541) field block: each method appends one representation, raw bytes are allowed, so
/// tests can build any invalid block. Strings are raw (H = 0) unless given as Huffman bytes.
/// </summary>
public sealed class HeaderBlock
{
    private readonly List<byte> _bytes = [];

    /// <summary>A block of literal-without-indexing fields with new names (RFC 7541 §6.2.2), in order.</summary>
    public static byte[] Of(params (string Name, string Value)[] fields)
    {
        HeaderBlock block = new();
        foreach ((string name, string value) in fields)
        {
            block.Literal(name, value);
        }

        return block.ToArray();
    }

    /// <summary>Indexed field (§6.1): 1xxxxxxx, 7-bit prefix.</summary>
    public HeaderBlock Indexed(int index) => Integer(0x80, 7, index);

    /// <summary>Literal without indexing, new name (§6.2.2): 0x00, name, value.</summary>
    public HeaderBlock Literal(string name, string value) => Raw(0x00).String(name).String(value);

    /// <summary>Literal without indexing, indexed name (§6.2.2): 0000 + 4-bit index.</summary>
    public HeaderBlock LiteralIndexedName(int nameIndex, string value) => Integer(0x00, 4, nameIndex).String(value);

    /// <summary>Literal with incremental indexing, new name (§6.2.1): 0x40, name, value.</summary>
    public HeaderBlock Incremental(string name, string value) => Raw(0x40).String(name).String(value);

    /// <summary>Literal with incremental indexing, indexed name (§6.2.1): 01 + 6-bit index.</summary>
    public HeaderBlock IncrementalIndexedName(int nameIndex, string value) => Integer(0x40, 6, nameIndex).String(value);

    /// <summary>Literal never indexed, new name (§6.2.3): 0x10, name, value.</summary>
    public HeaderBlock NeverIndexed(string name, string value) => Raw(0x10).String(name).String(value);

    /// <summary>Literal never indexed, indexed name (§6.2.3): 0001 + 4-bit index.</summary>
    public HeaderBlock NeverIndexedIndexedName(int nameIndex, string value) => Integer(0x10, 4, nameIndex).String(value);

    /// <summary>Dynamic table size update (§6.3): 001 + 5-bit size.</summary>
    public HeaderBlock SizeUpdate(int size) => Integer(0x20, 5, size);

    /// <summary>A raw string literal (H = 0) with a 7-bit length prefix (§5.2).</summary>
    public HeaderBlock String(string text)
    {
        byte[] bytes = Encoding.ASCII.GetBytes(text);
        Integer(0x00, 7, bytes.Length);
        _bytes.AddRange(bytes);
        return this;
    }

    /// <summary>A Huffman string literal (H = 1) whose encoded bytes the test wrote by hand (§5.2).</summary>
    public HeaderBlock Huffman(params byte[] encoded)
    {
        Integer(0x80, 7, encoded.Length);
        _bytes.AddRange(encoded);
        return this;
    }

    public HeaderBlock Raw(params byte[] bytes)
    {
        _bytes.AddRange(bytes);
        return this;
    }

    /// <summary>The standard GET request of this suite (static indexes 2, 6, 4, then :authority).</summary>
    public HeaderBlock GetRequest() => Raw(0x82, 0x86, 0x84).LiteralIndexedName(1, "localhost");

    public byte[] ToArray() => _bytes.ToArray();

    /// <summary>An HPACK integer (§5.1): <paramref name="first"/> carries the pattern bits above the prefix.</summary>
    private HeaderBlock Integer(byte first, int prefixBits, int value)
    {
        int max = (1 << prefixBits) - 1;
        if (value < max)
        {
            _bytes.Add((byte)(first | value));
            return this;
        }

        _bytes.Add((byte)(first | max));
        value -= max;
        while (value >= 128)
        {
            _bytes.Add((byte)((value % 128) + 128));
            value /= 128;
        }

        _bytes.Add((byte)value);
        return this;
    }
}
