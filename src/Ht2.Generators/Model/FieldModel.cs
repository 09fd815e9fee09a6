namespace Ht2.Generators.Model;

/// <summary>One fixed field of a frame, in wire order.</summary>
/// <param name="Name">The field's identifier.</param>
/// <param name="Kind">The wire layout.</param>
/// <param name="ByteWidth">Bytes on the wire (0 for a HighBit field).</param>
/// <param name="ConditionFlag">The flag bit that makes the field present, 0 when always present.</param>
/// <param name="FieldType">The field's fully qualified C# type.</param>
/// <param name="WireType">The fully qualified unsigned integer type used on the wire.</param>
/// <param name="IsSigned">True when the wire integer is signed (short, int, long, sbyte).</param>
/// <param name="IsEnum">True when FieldType is an enum and needs casts.</param>
internal readonly record struct FieldModel(
    string Name,
    FieldKind Kind,
    int ByteWidth,
    byte ConditionFlag,
    string FieldType,
    string WireType,
    bool IsSigned,
    bool IsEnum);
