namespace Ht2.Generators.Model;

/// <summary>How a field is laid out on the wire.</summary>
internal enum FieldKind
{
    /// <summary>A big-endian integer of <see cref="FieldModel.ByteWidth"/> bytes (1, 2, 3, 4 or 8).</summary>
    Integer,

    /// <summary>A 31-bit value in a 4-byte word whose high bit is reserved or carried by the preceding HighBit field.</summary>
    UInt31,

    /// <summary>A bool that is the high bit of the UInt31 field that follows; it takes no bytes of its own.</summary>
    HighBit,

    /// <summary>The Pad Length byte: present when PADDED, and it announces trailing padding.</summary>
    PadLength,
}
