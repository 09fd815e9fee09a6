using System.Collections.Generic;
using Ht2.Generators.Emitting;
using Ht2.Generators.Model;
using Ht2.Generators.Parsing;
using Microsoft.CodeAnalysis;

namespace Ht2.Generators;

/// <summary>Emits the prefix writer, the validating parser, the rules and IHt2Frame for every [Ht2Frame] struct, and the frame dispatcher.</summary>
[Generator(LanguageNames.CSharp)]
public sealed class Ht2FrameGenerator : IIncrementalGenerator
{
    /// <summary>Tracking names of the pipeline steps, for the caching tests.</summary>
    public static class TrackingNames
    {
        /// <summary>The parse of each [Ht2Frame] declaration into a model, diagnostics and a site.</summary>
        public const string Parse = "Ht2Frame.Parse";

        /// <summary>The valid models, one per declaration; they hold no location.</summary>
        public const string Models = "Ht2Frame.Models";

        /// <summary>Every valid declaration's site (type byte, name, location) together, for the duplicate frame type check.</summary>
        public const string AllSites = "Ht2Frame.AllSites";

        /// <summary>Every valid declaration's name and type byte together, for the frame dispatcher; no location.</summary>
        public const string Dispatch = "Ht2Frame.Dispatch";
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

        // Diagnostics carry locations, so they are reported from the parse results, never from the models.
        context.RegisterSourceOutput(results.Select(static (r, _) => r.Diagnostics), static (spc, diagnostics) =>
        {
            foreach (DiagnosticInfo diagnostic in diagnostics)
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

        IncrementalValueProvider<EquatableArray<DispatchEntry>> dispatch = models
            .Select(static (m, _) => DispatchEntry.From(m))
            .Collect()
            .Select(static (items, _) => new EquatableArray<DispatchEntry>(items))
            .WithTrackingName(TrackingNames.Dispatch);

        context.RegisterSourceOutput(dispatch, static (spc, entries) =>
        {
            if (DispatcherEmitter.Emit(entries) is { } source)
            {
                spc.AddSource(DispatcherEmitter.HintName, source);
            }
        });

        IncrementalValueProvider<EquatableArray<FrameSite>> sites = results
            .Where(static r => r.Site is not null)
            .Select(static (r, _) => r.Site!.Value)
            .Collect()
            .Select(static (items, _) => new EquatableArray<FrameSite>(items))
            .WithTrackingName(TrackingNames.AllSites);

        context.RegisterSourceOutput(sites, static (spc, items) => ReportDuplicateTypes(spc, items));
    }

    private static void ReportDuplicateTypes(SourceProductionContext context, EquatableArray<FrameSite> sites)
    {
        var firstByType = new Dictionary<byte, FrameSite>();
        foreach (FrameSite site in sites)
        {
            if (firstByType.TryGetValue(site.TypeCode, out FrameSite first))
            {
                context.ReportDiagnostic(Diagnostic.Create(
                    DiagnosticDescriptors.DuplicateFrameType,
                    site.Location?.ToLocation(),
                    site.TypeCode.ToString("X2"),
                    first.FullName,
                    site.FullName));
            }
            else
            {
                firstByType.Add(site.TypeCode, site);
            }
        }
    }
}
