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
    public const string AttributeName = KnownSymbols.FrameAttributeName;

    /// <summary>The smallest SETTINGS_MAX_FRAME_SIZE every peer accepts; fixed fields must fit in it.</summary>
    private const int GuaranteedMaxFrameSize = 16384;

    public static ParseResult Parse(GeneratorAttributeSyntaxContext context, CancellationToken cancellationToken)
    {
        var diagnostics = new List<DiagnosticInfo>();
        if (context.TargetSymbol is not INamedTypeSymbol type || context.Attributes.Length == 0)
        {
            return Fail(diagnostics);
        }

        if (!IsFirstFrameDeclaration(type, context.TargetNode, context.Attributes[0]))
        {
            // [Ht2Frame] on several parts of one partial struct: the compiler reports CS0579; emitting once per
            // part would add the same hint name twice and make the generator throw.
            return Fail(diagnostics);
        }

        LocationInfo? typeLocation = LocationInfo.From(type.Locations.FirstOrDefault());
        if (type.TypeKind != TypeKind.Struct)
        {
            diagnostics.Add(Diagnose(DiagnosticDescriptors.NotStruct, typeLocation, type.Name));
            return Fail(diagnostics);
        }

        CheckContainer(type, context.TargetNode, typeLocation, diagnostics);
        ImmutableArray<string> containers = ReadContainingTypes(type, typeLocation, diagnostics);

        var symbols = KnownSymbols.From(context.SemanticModel.Compilation);
        AttributeData attribute = context.Attributes[0];
        (bool fieldHook, bool variableHook) = HookParser.Read(type, symbols, diagnostics);
        RuleModel rules = ReadRules(attribute, fieldHook, variableHook);

        var fields = new List<FieldModel>();
        var fieldSymbols = type.GetMembers().OfType<IFieldSymbol>().Where(f => !f.IsStatic && !f.IsConst && !f.IsImplicitlyDeclared).ToList();
        for (int i = 0; i < fieldSymbols.Count; i++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            if (FieldParser.Read(fieldSymbols, i, rules.DeclaredFlags, symbols, diagnostics) is { } field)
            {
                fields.Add(field);
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
            rules,
            fields.ToEquatableArray(),
            IsAccessible(type));

        int capacity = rules.PayloadLength >= 0 ? rules.PayloadLength : GuaranteedMaxFrameSize;
        if (model.MaxFixedLength > capacity)
        {
            diagnostics.Add(Diagnose(DiagnosticDescriptors.FixedFieldsTooLarge, typeLocation, type.Name, model.MaxFixedLength.ToString(), capacity.ToString()));
            return Fail(diagnostics);
        }

        LocationInfo? site = LocationInfo.From(attribute.ApplicationSyntaxReference?.GetSyntax(cancellationToken).GetLocation()) ?? typeLocation;
        return new ParseResult(model, EquatableArray<DiagnosticInfo>.Empty, new FrameSite(rules.TypeCode, model.FullName, site));
    }

    public static DiagnosticInfo Diagnose(DiagnosticDescriptor descriptor, LocationInfo? location, params string[] arguments) =>
        new(descriptor, location, arguments.ToEquatableArray());

    private static ParseResult Fail(List<DiagnosticInfo> diagnostics) => new(null, diagnostics.ToEquatableArray(), null);

    private static bool IsAccessible(INamedTypeSymbol type)
    {
        for (INamedTypeSymbol? t = type; t is not null; t = t.ContainingType)
        {
            if (t.DeclaredAccessibility is not (Accessibility.Public or Accessibility.Internal or Accessibility.ProtectedOrInternal))
            {
                return false;
            }
        }

        return true;
    }

    private static void CheckContainer(INamedTypeSymbol type, SyntaxNode node, LocationInfo? location, List<DiagnosticInfo> diagnostics)
    {
        if (!(node is TypeDeclarationSyntax declaration && declaration.Modifiers.Any(SyntaxKind.PartialKeyword)))
        {
            diagnostics.Add(Diagnose(DiagnosticDescriptors.NotPartial, location, type.Name));
        }

        if (type.IsGenericType)
        {
            diagnostics.Add(Diagnose(DiagnosticDescriptors.UnsupportedContainer, location, type.Name, "is generic; a frame layout must be one concrete type"));
        }

        if (type.IsReadOnly)
        {
            diagnostics.Add(Diagnose(DiagnosticDescriptors.UnsupportedContainer, location, type.Name, "is a readonly struct; the generated parser assigns its fields and StreamId and Flags are settable"));
        }

        if (type.IsRefLikeType)
        {
            diagnostics.Add(Diagnose(DiagnosticDescriptors.UnsupportedContainer, location, type.Name, "is a ref struct; it cannot be the type argument of IHt2Frame<TSelf>"));
        }
    }

    /// <summary>True when <paramref name="node"/> holds the type's first [Ht2Frame] application (in declaration order).</summary>
    private static bool IsFirstFrameDeclaration(INamedTypeSymbol type, SyntaxNode node, AttributeData matched)
    {
        if (type.DeclaringSyntaxReferences.Length < 2)
        {
            return true;
        }

        foreach (AttributeData attribute in type.GetAttributes())
        {
            if (SymbolEqualityComparer.Default.Equals(attribute.AttributeClass, matched.AttributeClass) && attribute.ApplicationSyntaxReference is { } application)
            {
                return application.SyntaxTree == node.SyntaxTree && node.Span.Contains(application.Span);
            }
        }

        return true;
    }

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

    private static RuleModel ReadRules(AttributeData attribute, bool fieldHook, bool variableHook)
    {
        byte typeCode = 0, flags = 0, emptyWithFlags = 0;
        int streamIdRule = 0, streamIdScope = 0, payloadLength = -1, multipleOf = 0, sizeScope = 0;
        if (attribute.ConstructorArguments.Length == 1 && attribute.ConstructorArguments[0].Value is { } value)
        {
            typeCode = unchecked((byte)System.Convert.ToInt32(value));
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
                case "Flags": flags = unchecked((byte)number); break;
                case "StreamId": streamIdRule = number; break;
                case "StreamIdErrorScope": streamIdScope = number; break;
                case "PayloadLength": payloadLength = number; break;
                case "PayloadLengthMultipleOf": multipleOf = number; break;
                case "EmptyWithFlags": emptyWithFlags = unchecked((byte)number); break;
                case "SizeErrorScope": sizeScope = number; break;
            }
        }

        return new RuleModel(typeCode, flags, streamIdRule, streamIdScope, payloadLength, multipleOf, emptyWithFlags, sizeScope, fieldHook, variableHook);
    }
}
