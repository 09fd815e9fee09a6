using System.Collections.Generic;
using System.Linq;
using Ht2.Generators.Model;
using Microsoft.CodeAnalysis;

namespace Ht2.Generators.Parsing;

/// <summary>
/// Finds the optional <c>Validate</c> hooks: <c>static FrameError Validate(in FrameHeader, in TSelf)</c> (fixed
/// fields) and <c>static FrameError Validate(in FrameHeader, in TSelf, ReadOnlySpan&lt;byte&gt;)</c> (variable
/// part). Any other member named <c>Validate</c> would be silently skipped, so it is reported (HT2008).
/// </summary>
internal static class HookParser
{
    public const string HookName = "Validate";

    public static (bool FieldHook, bool VariableHook) Read(INamedTypeSymbol type, KnownSymbols symbols, List<DiagnosticInfo> diagnostics)
    {
        bool fieldHook = false, variableHook = false;
        foreach (ISymbol member in type.GetMembers(HookName))
        {
            if (member is IMethodSymbol method && IsHook(method, type, symbols, out bool takesVariablePart))
            {
                fieldHook |= !takesVariablePart;
                variableHook |= takesVariablePart;
                continue;
            }

            diagnostics.Add(FrameParser.Diagnose(
                DiagnosticDescriptors.MismatchedHook,
                LocationInfo.From(member.Locations.FirstOrDefault()),
                type.Name,
                member.ToDisplayString(SymbolDisplayFormat.CSharpShortErrorMessageFormat)));
        }

        return (fieldHook, variableHook);
    }

    private static bool IsHook(IMethodSymbol method, INamedTypeSymbol type, KnownSymbols symbols, out bool takesVariablePart)
    {
        takesVariablePart = method.Parameters.Length == 3;
        if (!method.IsStatic || method.IsGenericMethod || method.Parameters.Length is not (2 or 3)
            || !SymbolEqualityComparer.Default.Equals(method.ReturnType, symbols.FrameError)
            || method.ReturnsByRef || method.ReturnsByRefReadonly)
        {
            return false;
        }

        if (!IsIn(method.Parameters[0], symbols.FrameHeader) || !IsIn(method.Parameters[1], type))
        {
            return false;
        }

        return !takesVariablePart || IsSpanOfByte(method.Parameters[2], symbols);
    }

    private static bool IsIn(IParameterSymbol parameter, ITypeSymbol? expected) =>
        parameter.RefKind == RefKind.In && SymbolEqualityComparer.Default.Equals(parameter.Type, expected);

    private static bool IsSpanOfByte(IParameterSymbol parameter, KnownSymbols symbols) =>
        parameter.RefKind == RefKind.None
        && parameter.Type is INamedTypeSymbol { TypeArguments.Length: 1 } span
        && SymbolEqualityComparer.Default.Equals(span.OriginalDefinition, symbols.ReadOnlySpan)
        && span.TypeArguments[0].SpecialType == SpecialType.System_Byte;
}
