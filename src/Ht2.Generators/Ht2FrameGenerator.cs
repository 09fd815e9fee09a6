using System.Collections.Generic;
using System.Collections.Immutable;
using Ht2.Generators.Emitting;
using Ht2.Generators.Model;
using Ht2.Generators.Parsing;
using Microsoft.CodeAnalysis;

namespace Ht2.Generators;

/// <summary>Emits the prefix writer, the validating parser and IHt2Frame for every [Ht2Frame] struct.</summary>
[Generator(LanguageNames.CSharp)]
public sealed class Ht2FrameGenerator : IIncrementalGenerator
{
    /// <summary>Tracking names of the pipeline steps, for the caching tests.</summary>
    public static class TrackingNames
    {
        /// <summary>The parse of each [Ht2Frame] declaration into a model or diagnostics.</summary>
        public const string Parse = "Ht2Frame.Parse";

        /// <summary>The valid models, one per declaration.</summary>
        public const string Models = "Ht2Frame.Models";

        /// <summary>Every model of the compilation together, for the duplicate frame type check.</summary>
        public const string AllModels = "Ht2Frame.AllModels";
    }

    /// <inheritdoc />
    public void Initialize(IncrementalGeneratorInitializationContext context)
    {
        IncrementalValuesProvider<ParseResult> results = context.SyntaxProvider
            .ForAttributeWithMetadataName(
                FrameParser.AttributeName,
                predicate: static (_, _) => true,
                transform: static (ctx, ct) => FrameParser.Parse(ctx, ct))
            .WithTrackingName(TrackingNames.Parse);

        context.RegisterSourceOutput(results, static (spc, result) =>
        {
            foreach (DiagnosticInfo diagnostic in result.Diagnostics)
            {
                spc.ReportDiagnostic(diagnostic.ToDiagnostic());
            }
        });

        IncrementalValuesProvider<FrameModel> models = results
            .Where(static r => r.Model is not null)
            .Select(static (r, _) => r.Model!.Value)
            .WithTrackingName(TrackingNames.Models);

        context.RegisterSourceOutput(models, static (spc, model) =>
            spc.AddSource(FrameEmitter.HintName(model), FrameEmitter.Emit(model)));

        IncrementalValueProvider<EquatableArray<FrameModel>> all = models
            .Collect()
            .Select(static (items, _) => new EquatableArray<FrameModel>(items))
            .WithTrackingName(TrackingNames.AllModels);

        context.RegisterSourceOutput(all, static (spc, items) => ReportDuplicateTypes(spc, items));
    }

    private static void ReportDuplicateTypes(SourceProductionContext context, EquatableArray<FrameModel> models)
    {
        var firstByType = new Dictionary<byte, FrameModel>();
        foreach (FrameModel model in models)
        {
            if (firstByType.TryGetValue(model.TypeCode, out FrameModel first))
            {
                context.ReportDiagnostic(Diagnostic.Create(
                    DiagnosticDescriptors.DuplicateFrameType,
                    model.Location?.ToLocation(),
                    model.TypeCode.ToString("X2"),
                    first.FullName,
                    model.FullName));
            }
            else
            {
                firstByType.Add(model.TypeCode, model);
            }
        }
    }
}
