using Microsoft.CodeAnalysis;

namespace Ht2.Generators.Parsing;

/// <summary>
/// The runtime's declaration types, resolved once per parse from the compilation and compared with
/// <see cref="SymbolEqualityComparer"/>: a user type that merely shares a display name never matches.
/// </summary>
internal sealed class KnownSymbols
{
    public const string FrameAttributeName = "Ht2.Ht2FrameAttribute";

    private KnownSymbols(Compilation compilation)
    {
        FrameAttribute = compilation.GetTypeByMetadataName(FrameAttributeName);
        BitsAttribute = compilation.GetTypeByMetadataName("Ht2.Ht2BitsAttribute");
        WhenFlagAttribute = compilation.GetTypeByMetadataName("Ht2.Ht2WhenFlagAttribute");
        PadLengthAttribute = compilation.GetTypeByMetadataName("Ht2.Ht2PadLengthAttribute");
        FrameError = compilation.GetTypeByMetadataName("Ht2.FrameError");
        FrameHeader = compilation.GetTypeByMetadataName("Ht2.FrameHeader");
        ReadOnlySpan = compilation.GetTypeByMetadataName("System.ReadOnlySpan`1");
    }

    public INamedTypeSymbol? FrameAttribute { get; }

    public INamedTypeSymbol? BitsAttribute { get; }

    public INamedTypeSymbol? WhenFlagAttribute { get; }

    public INamedTypeSymbol? PadLengthAttribute { get; }

    public INamedTypeSymbol? FrameError { get; }

    public INamedTypeSymbol? FrameHeader { get; }

    public INamedTypeSymbol? ReadOnlySpan { get; }

    public static KnownSymbols From(Compilation compilation) => new(compilation);

    public static bool Is(AttributeData attribute, INamedTypeSymbol? expected) =>
        expected is not null && SymbolEqualityComparer.Default.Equals(attribute.AttributeClass, expected);

    /// <summary>The argument of a one-argument attribute of type <paramref name="expected"/> on <paramref name="symbol"/>, or null.</summary>
    public static object? ArgumentOf(ISymbol symbol, INamedTypeSymbol? expected)
    {
        foreach (AttributeData attribute in symbol.GetAttributes())
        {
            if (Is(attribute, expected) && attribute.ConstructorArguments.Length == 1)
            {
                return attribute.ConstructorArguments[0].Value;
            }
        }

        return null;
    }
}
