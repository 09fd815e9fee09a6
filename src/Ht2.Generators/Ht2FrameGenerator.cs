using Microsoft.CodeAnalysis;

namespace Ht2.Generators;

/// <summary>Emits the prefix writer, the validating parser and IHt2Frame for every [Ht2Frame] struct.</summary>
[Generator(LanguageNames.CSharp)]
public sealed class Ht2FrameGenerator : IIncrementalGenerator
{
    /// <inheritdoc />
    public void Initialize(IncrementalGeneratorInitializationContext context)
    {
    }
}
