using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using System.Threading;
using Ht2.Generators.Model;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace Ht2.Generators.Parsing;

/// <summary>Turns one [Ht2Frame] declaration into a <see cref="FrameModel"/> or diagnostics; never throws on bad input.</summary>
internal static class FrameParser
{
    public const string AttributeName = "Ht2.Ht2FrameAttribute";
    private const string BitsAttributeName = "Ht2.Ht2BitsAttribute";
    private const string WhenFlagAttributeName = "Ht2.Ht2WhenFlagAttribute";
    private const string PadLengthAttributeName = "Ht2.Ht2PadLengthAttribute";
    private const byte PaddedFlag = 0x8;

    /// <summary>The smallest SETTINGS_MAX_FRAME_SIZE every peer accepts; fixed fields must fit in it.</summary>
    private const int GuaranteedMaxFrameSize = 16384;

    /// <summary>The members FrameEmitter adds to the struct; a field of the same name would clash with them (CS0102).</summary>
    private static readonly string[] GeneratedMemberNames =
    [
        "TypeCode", "DefinedFlags", "MaxFixedLength", "MinFixedLength", "MaxPrefixLength", "StreamId", "Flags",
        "FixedLength", "PrefixLength", "PaddingLength", "GetPayloadLength", "WritePrefix", "TryWritePrefix", "TryParse", "Parse",
    ];

    public static ParseResult Parse(GeneratorAttributeSyntaxContext context, CancellationToken cancellationToken)
    {
        var diagnostics = new List<DiagnosticInfo>();
        if (context.TargetSymbol is not INamedTypeSymbol type || context.Attributes.Length == 0)
        {
            return new ParseResult(null, EquatableArray<DiagnosticInfo>.Empty);
        }

        if (!IsFirstFrameDeclaration(type, context.TargetNode))
        {
            // [Ht2Frame] on several parts of one partial struct: the compiler reports CS0579; emitting once per
            // part would add the same hint name twice and make the generator throw.
            return new ParseResult(null, EquatableArray<DiagnosticInfo>.Empty);
        }

        LocationInfo? typeLocation = LocationInfo.From(type.Locations.FirstOrDefault());

        if (type.TypeKind != TypeKind.Struct)
        {
            diagnostics.Add(Diagnose(DiagnosticDescriptors.NotStruct, typeLocation, type.Name));
            return Fail(diagnostics);
        }

        if (!IsPartial(context.TargetNode))
        {
            diagnostics.Add(Diagnose(DiagnosticDescriptors.NotPartial, typeLocation, type.Name));
        }

        if (type.IsGenericType)
        {
            diagnostics.Add(Diagnose(DiagnosticDescriptors.UnsupportedContainer, typeLocation, type.Name, "is generic; a frame layout must be one concrete type"));
        }

        if (type.IsReadOnly)
        {
            diagnostics.Add(Diagnose(DiagnosticDescriptors.UnsupportedContainer, typeLocation, type.Name, "is a readonly struct; the generated parser assigns its fields and StreamId and Flags are settable"));
        }

        if (type.IsRefLikeType)
        {
            diagnostics.Add(Diagnose(DiagnosticDescriptors.UnsupportedContainer, typeLocation, type.Name, "is a ref struct; it cannot be the type argument of IHt2Frame<TSelf>"));
        }

        ImmutableArray<string> containers = ReadContainingTypes(type, typeLocation, diagnostics);

        AttributeData attribute = context.Attributes[0];
        FrameSettings settings = ReadFrameSettings(attribute);

        var fields = new List<FieldModel>();
        var fieldSymbols = type.GetMembers().OfType<IFieldSymbol>().Where(f => !f.IsStatic && !f.IsConst && !f.IsImplicitlyDeclared).ToList();
        for (int i = 0; i < fieldSymbols.Count; i++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            FieldModel? field = ReadField(fieldSymbols, i, settings.DeclaredFlags, diagnostics);
            if (field is not null)
            {
                fields.Add(field.Value);
            }
        }

        if (diagnostics.Count > 0)
        {
            return Fail(diagnostics);
        }

        var model = new FrameModel(
            type.ContainingNamespace.IsGlobalNamespace ? "" : type.ContainingNamespace.ToDisplayString(),
            type.Name,
            containers.ToEquatableArray(),
            type.IsRecord,
            settings.TypeCode,
            settings.DeclaredFlags,
            settings.StreamIdRule,
            settings.PayloadLength,
            settings.PayloadLengthMultipleOf,
            settings.SizeErrorIsStreamError,
            HasValidateHook(type),
            fields.ToEquatableArray(),
            LocationInfo.From(attribute.ApplicationSyntaxReference?.GetSyntax(cancellationToken).GetLocation()) ?? typeLocation);

        int capacity = settings.PayloadLength >= 0 ? settings.PayloadLength : GuaranteedMaxFrameSize;
        if (model.MaxFixedLength > capacity)
        {
            diagnostics.Add(Diagnose(DiagnosticDescriptors.FixedFieldsTooLarge, typeLocation, type.Name, model.MaxFixedLength.ToString(), capacity.ToString()));
            return Fail(diagnostics);
        }

        return new ParseResult(model, EquatableArray<DiagnosticInfo>.Empty);
    }

    private static ParseResult Fail(List<DiagnosticInfo> diagnostics) => new(null, diagnostics.ToEquatableArray());

    private static DiagnosticInfo Diagnose(DiagnosticDescriptor descriptor, LocationInfo? location, params string[] arguments) =>
        new(descriptor, location, arguments.ToEquatableArray());

    /// <summary>True when <paramref name="node"/> holds the type's first [Ht2Frame] application (in declaration order).</summary>
    private static bool IsFirstFrameDeclaration(INamedTypeSymbol type, SyntaxNode node)
    {
        if (type.DeclaringSyntaxReferences.Length < 2)
        {
            return true;
        }

        foreach (AttributeData attribute in type.GetAttributes())
        {
            if (attribute.AttributeClass?.ToDisplayString() == AttributeName && attribute.ApplicationSyntaxReference is { } application)
            {
                return application.SyntaxTree == node.SyntaxTree && node.Span.Contains(application.Span);
            }
        }

        return true;
    }

    private static bool IsPartial(SyntaxNode node) =>
        node is TypeDeclarationSyntax declaration && declaration.Modifiers.Any(SyntaxKind.PartialKeyword);

    private static ImmutableArray<string> ReadContainingTypes(INamedTypeSymbol type, LocationInfo? location, List<DiagnosticInfo> diagnostics)
    {
        var containers = ImmutableArray.CreateBuilder<string>();
        for (INamedTypeSymbol? outer = type.ContainingType; outer is not null; outer = outer.ContainingType)
        {
            bool partial = outer.DeclaringSyntaxReferences.Any(r => r.GetSyntax() is TypeDeclarationSyntax d && d.Modifiers.Any(SyntaxKind.PartialKeyword));
            if (!partial || outer.IsGenericType)
            {
                diagnostics.Add(Diagnose(DiagnosticDescriptors.UnsupportedContainer, location, type.Name, $"is nested in '{outer.Name}', which must be a non-generic partial type"));
                continue;
            }

            string keyword = outer.TypeKind switch
            {
                TypeKind.Struct => outer.IsRecord ? "record struct" : "struct",
                TypeKind.Interface => "interface",
                _ => outer.IsRecord ? "record" : "class",
            };
            string staticModifier = outer.IsStatic ? "static " : "";
            containers.Insert(0, $"{staticModifier}partial {keyword} {outer.Name}");
        }

        return containers.ToImmutable();
    }

    private static FrameSettings ReadFrameSettings(AttributeData attribute)
    {
        var settings = new FrameSettings { PayloadLength = -1 };
        if (attribute.ConstructorArguments.Length == 1 && attribute.ConstructorArguments[0].Value is { } value)
        {
            settings.TypeCode = unchecked((byte)System.Convert.ToInt32(value));
        }

        foreach (KeyValuePair<string, TypedConstant> named in attribute.NamedArguments)
        {
            if (named.Value.Value is not { } raw)
            {
                continue;
            }

            int number = System.Convert.ToInt32(raw);
            switch (named.Key)
            {
                case "Flags": settings.DeclaredFlags = unchecked((byte)number); break;
                case "StreamId": settings.StreamIdRule = number; break;
                case "PayloadLength": settings.PayloadLength = number; break;
                case "PayloadLengthMultipleOf": settings.PayloadLengthMultipleOf = number; break;
                case "SizeErrorScope": settings.SizeErrorIsStreamError = number == 1; break;
            }
        }

        return settings;
    }

    private static FieldModel? ReadField(List<IFieldSymbol> fields, int index, byte declaredFlags, List<DiagnosticInfo> diagnostics)
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

        int? bits = null;
        byte condition = 0;
        bool padLength = false;

        foreach (AttributeData attribute in field.GetAttributes())
        {
            string? name = attribute.AttributeClass?.ToDisplayString();
            object? argument = attribute.ConstructorArguments.Length == 1 ? attribute.ConstructorArguments[0].Value : null;
            if (name == BitsAttributeName && argument is not null)
            {
                bits = System.Convert.ToInt32(argument);
            }
            else if (name == WhenFlagAttributeName && argument is not null)
            {
                condition = unchecked((byte)System.Convert.ToInt32(argument));
                if (!IsSingleBit(condition) || (condition & declaredFlags) != condition)
                {
                    diagnostics.Add(Diagnose(DiagnosticDescriptors.UndeclaredFlag, location, field.Name, condition.ToString("X2"), declaredFlags.ToString("X2")));
                    return null;
                }
            }
            else if (name == PadLengthAttributeName)
            {
                padLength = true;
            }
        }

        if (padLength)
        {
            if ((declaredFlags & PaddedFlag) == 0)
            {
                diagnostics.Add(Diagnose(DiagnosticDescriptors.UndeclaredFlag, location, field.Name, PaddedFlag.ToString("X2"), declaredFlags.ToString("X2")));
                return null;
            }

            if (field.Type.SpecialType != SpecialType.System_Byte || bits is not null || (condition != 0 && condition != PaddedFlag))
            {
                return Unsupported(field, location, diagnostics, "[Ht2PadLength] must be on a plain byte field");
            }

            return new FieldModel(field.Name, FieldKind.PadLength, 1, PaddedFlag, "byte", "byte", false, false);
        }

        ITypeSymbol type = field.Type;
        bool isEnum = type.TypeKind == TypeKind.Enum;
        SpecialType wire = isEnum ? ((INamedTypeSymbol)type).EnumUnderlyingType?.SpecialType ?? SpecialType.None : type.SpecialType;
        string fieldType = type.ToDisplayString(SymbolDisplayFormat.FullyQualifiedFormat);

        if (bits == 1)
        {
            bool nextIs31 = index + 1 < fields.Count && GetBits(fields[index + 1]) == 31 && GetCondition(fields[index + 1]) == condition;
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

        (string wireType, int width, bool signed)? integer = wire switch
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

        if (integer is null)
        {
            return Unsupported(field, location, diagnostics, $"'{type.ToDisplayString()}' is not an 8/16/32/64-bit integer or an enum over one");
        }

        if (bits is not null)
        {
            if (integer.Value.width != 4)
            {
                return Unsupported(field, location, diagnostics, $"[Ht2Bits({bits})] needs a 32-bit integer field, not '{type.ToDisplayString()}'");
            }

            return bits == 24
                ? new FieldModel(field.Name, FieldKind.Integer, 3, condition, fieldType, integer.Value.wireType, integer.Value.signed, isEnum)
                : new FieldModel(field.Name, FieldKind.UInt31, 4, condition, fieldType, integer.Value.wireType, integer.Value.signed, isEnum);
        }

        return new FieldModel(field.Name, FieldKind.Integer, integer.Value.width, condition, fieldType, integer.Value.wireType, integer.Value.signed, isEnum);
    }

    private static FieldModel? Unsupported(IFieldSymbol field, LocationInfo? location, List<DiagnosticInfo> diagnostics, string why)
    {
        diagnostics.Add(Diagnose(DiagnosticDescriptors.UnsupportedField, location, field.Name, why));
        return null;
    }

    private static int? GetBits(IFieldSymbol field) =>
        field.GetAttributes().FirstOrDefault(a => a.AttributeClass?.ToDisplayString() == BitsAttributeName) is { ConstructorArguments.Length: 1 } a && a.ConstructorArguments[0].Value is { } v
            ? System.Convert.ToInt32(v)
            : null;

    private static byte GetCondition(IFieldSymbol field) =>
        field.GetAttributes().FirstOrDefault(a => a.AttributeClass?.ToDisplayString() == WhenFlagAttributeName) is { ConstructorArguments.Length: 1 } a && a.ConstructorArguments[0].Value is { } v
            ? unchecked((byte)System.Convert.ToInt32(v))
            : (byte)0;

    private static bool IsSingleBit(byte value) => value != 0 && (value & (value - 1)) == 0;

    private static bool HasValidateHook(INamedTypeSymbol type) =>
        type.GetMembers("Validate").OfType<IMethodSymbol>().Any(m =>
            m.IsStatic && m.Parameters.Length == 3 && m.ReturnType.ToDisplayString() == "Ht2.FrameError");

    private struct FrameSettings
    {
        public byte TypeCode;
        public byte DeclaredFlags;
        public int StreamIdRule;
        public int PayloadLength;
        public int PayloadLengthMultipleOf;
        public bool SizeErrorIsStreamError;
    }
}
