using System;

namespace Ht2;

/// <summary>
/// Gives a <see cref="uint"/> field a narrower wire width: 24 (a 3-byte big-endian integer) or 31 (a 4-byte
/// word whose high bit is reserved: ignored on read, written as 0). On a <see cref="bool"/> field the width
/// must be 1: the field is the high bit of the 31-bit field that follows it (the E bit of a stream dependency).
/// </summary>
[AttributeUsage(AttributeTargets.Field, AllowMultiple = false, Inherited = false)]
public sealed class Ht2BitsAttribute : Attribute
{
    /// <summary>Declares the wire width in bits: 1, 24 or 31.</summary>
    public Ht2BitsAttribute(int bits) => Bits = bits;

    /// <summary>The wire width in bits.</summary>
    public int Bits { get; }
}

/// <summary>Marks a field that is on the wire only when <see cref="Flag"/> is set in the frame header.</summary>
[AttributeUsage(AttributeTargets.Field, AllowMultiple = false, Inherited = false)]
public sealed class Ht2WhenFlagAttribute : Attribute
{
    /// <summary>Declares the flag that makes the field present; it must be one of the frame's declared flags.</summary>
    public Ht2WhenFlagAttribute(FrameFlags flag) => Flag = flag;

    /// <summary>The flag bit that makes the field present.</summary>
    public FrameFlags Flag { get; }
}

/// <summary>
/// Marks the <see cref="byte"/> Pad Length field (RFC 9113 §6.1): present only when PADDED is set, and
/// followed at the end of the payload by that many zero bytes of padding. The frame must declare
/// <see cref="FrameFlags.Padded"/>.
/// </summary>
[AttributeUsage(AttributeTargets.Field, AllowMultiple = false, Inherited = false)]
public sealed class Ht2PadLengthAttribute : Attribute
{
}
