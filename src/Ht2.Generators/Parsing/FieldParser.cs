using System.Collections.Generic;
using System.Linq;
using Ht2.Generators.Model;
using Microsoft.CodeAnalysis;

namespace Ht2.Generators.Parsing;

/// <summary>Turns the instance fields of a frame struct into <see cref="FieldModel"/>s, reporting HT2003 and HT2004.</summary>
internal static class FieldParser
{
    public const byte PaddedFlag = 0x8;

    /// <summary>The members the emitter adds to the struct; a field of the same name would clash with them (CS0102).</summary>
    private static readonly string[] GeneratedMemberNames =
    [
        "TypeCode", "DefinedFlags", "MaxFixedLength", "MinFixedLength", "MaxPrefixLength", "StreamId", "Flags",
        "FixedLength", "PrefixLength", "PaddingLength", "GetPayloadLength", "WritePrefix", "TryWritePrefix", "TryParse", "Parse",
        "CheckHeader", "CheckedPrefixLength", "CheckPrefix", "VariablePartUnit", "GetVariablePart", "CheckVariablePart",
    ];

    public static FieldModel? Read(List<IFieldSymbol> fields, int index, byte declaredFlags, KnownSymbols symbols, List<DiagnosticInfo> diagnostics)
    {
        IFieldSymbol field = fields[index];
        LocationInfo? location = LocationInfo.From(field.Locations.FirstOrDefault());
        if (System.Array.IndexOf(GeneratedMemberNames, field.Name) >= 0)
        {
            return Unsupported(field, location, diagnostics, $"the generated code declares a member named '{field.Name}'; rename the field");
        }

        if (field.IsReadOnly)
        {
            return Unsupported(field, location, diagnostics, "a readonly field cannot be assigned by the generated parser");
        }

        int? bits = BitsOf(field, symbols);
        byte? declaredCondition = ConditionOf(field, symbols);
        byte condition = declaredCondition ?? 0;
        if (declaredCondition is not null && (!IsSingleBit(condition) || (condition & declaredFlags) != condition))
        {
            diagnostics.Add(FrameParser.Diagnose(DiagnosticDescriptors.UndeclaredFlag, location, field.Name, condition.ToString("X2"), declaredFlags.ToString("X2")));
            return null;
        }

        if (field.GetAttributes().Any(a => KnownSymbols.Is(a, symbols.PadLengthAttribute)))
        {
            return ReadPadLength(field, bits, condition, declaredFlags, location, diagnostics);
        }

        ITypeSymbol type = field.Type;
        if (bits == 1)
        {
            bool nextIs31 = index + 1 < fields.Count && BitsOf(fields[index + 1], symbols) == 31 && (ConditionOf(fields[index + 1], symbols) ?? 0) == condition;
            if (type.SpecialType != SpecialType.System_Boolean || !nextIs31)
            {
                return Unsupported(field, location, diagnostics, "[Ht2Bits(1)] must be on a bool directly followed by an [Ht2Bits(31)] field with the same condition");
            }

            return new FieldModel(field.Name, FieldKind.HighBit, 0, condition, "bool", "uint", false, false);
        }

        if (bits is not null && bits != 24 && bits != 31)
        {
            return Unsupported(field, location, diagnostics, $"[Ht2Bits({bits})] is not a supported width; use 1, 24 or 31");
        }

        bool isEnum = type.TypeKind == TypeKind.Enum;
        SpecialType wire = isEnum ? ((INamedTypeSymbol)type).EnumUnderlyingType?.SpecialType ?? SpecialType.None : type.SpecialType;
        (string wireType, int width, bool signed)? integer = IntegerOf(wire);
        if (integer is null && (type.SpecialType == SpecialType.System_String || type.TypeKind == TypeKind.Array))
        {
            return Unsupported(field, location, diagnostics, $"'{type.ToDisplayString()}' has no fixed length; variable-length data is not a field but the frame's variable part, a separate span after the fixed fields (WritePrefix's variableLength, TryParse's variablePart)");
        }

        if (integer is null)
        {
            return Unsupported(field, location, diagnostics, $"'{type.ToDisplayString()}' is not an 8/16/32/64-bit integer or an enum over one");
        }

        string fieldType = type.ToDisplayString(SymbolDisplayFormat.FullyQualifiedFormat);
        if (bits is null)
        {
            return new FieldModel(field.Name, FieldKind.Integer, integer.Value.width, condition, fieldType, integer.Value.wireType, integer.Value.signed, isEnum);
        }

        if (integer.Value.width != 4)
        {
            return Unsupported(field, location, diagnostics, $"[Ht2Bits({bits})] needs a 32-bit integer field, not '{type.ToDisplayString()}'");
        }

        return bits == 24
            ? new FieldModel(field.Name, FieldKind.Integer, 3, condition, fieldType, integer.Value.wireType, integer.Value.signed, isEnum)
            : new FieldModel(field.Name, FieldKind.UInt31, 4, condition, fieldType, integer.Value.wireType, integer.Value.signed, isEnum);
    }

    private static FieldModel? ReadPadLength(IFieldSymbol field, int? bits, byte condition, byte declaredFlags, LocationInfo? location, List<DiagnosticInfo> diagnostics)
    {
        if ((declaredFlags & PaddedFlag) == 0)
        {
            diagnostics.Add(FrameParser.Diagnose(DiagnosticDescriptors.UndeclaredFlag, location, field.Name, PaddedFlag.ToString("X2"), declaredFlags.ToString("X2")));
            return null;
        }

        if (field.Type.SpecialType != SpecialType.System_Byte || bits is not null || (condition != 0 && condition != PaddedFlag))
        {
            return Unsupported(field, location, diagnostics, "[Ht2PadLength] must be on a plain byte field");
        }

        return new FieldModel(field.Name, FieldKind.PadLength, 1, PaddedFlag, "byte", "byte", false, false);
    }

    private static (string wireType, int width, bool signed)? IntegerOf(SpecialType wire) => wire switch
    {
        SpecialType.System_Byte => ("byte", 1, false),
        SpecialType.System_SByte => ("sbyte", 1, true),
        SpecialType.System_UInt16 => ("ushort", 2, false),
        SpecialType.System_Int16 => ("short", 2, true),
        SpecialType.System_UInt32 => ("uint", 4, false),
        SpecialType.System_Int32 => ("int", 4, true),
        SpecialType.System_UInt64 => ("ulong", 8, false),
        SpecialType.System_Int64 => ("long", 8, true),
        _ => null,
    };

    private static FieldModel? Unsupported(IFieldSymbol field, LocationInfo? location, List<DiagnosticInfo> diagnostics, string why)
    {
        diagnostics.Add(FrameParser.Diagnose(DiagnosticDescriptors.UnsupportedField, location, field.Name, why));
        return null;
    }

    private static int? BitsOf(IFieldSymbol field, KnownSymbols symbols) =>
        KnownSymbols.ArgumentOf(field, symbols.BitsAttribute) is { } value ? System.Convert.ToInt32(value) : null;

    /// <summary>The flag named by [Ht2WhenFlag], null without the attribute (so that a named 0 is reported).</summary>
    private static byte? ConditionOf(IFieldSymbol field, KnownSymbols symbols) =>
        KnownSymbols.ArgumentOf(field, symbols.WhenFlagAttribute) is { } value ? unchecked((byte)System.Convert.ToInt32(value)) : null;

    private static bool IsSingleBit(byte value) => value != 0 && (value & (value - 1)) == 0;
}
