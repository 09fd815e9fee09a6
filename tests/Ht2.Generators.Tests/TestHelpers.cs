using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.IO;
using System.Linq;
using System.Reflection;
using System.Runtime.Loader;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Xunit;

namespace Ht2.Generators.Tests;

/// <summary>
/// Builds compilations from source strings and drives <see cref="Ht2FrameGenerator"/> over them, with no
/// reference-assembly packages: the references are the assemblies the test host itself has loaded.
/// </summary>
internal static class TestHelpers
{
    public static readonly CSharpParseOptions ParseOptions = CSharpParseOptions.Default.WithLanguageVersion(LanguageVersion.Latest);

    private static readonly Lazy<ImmutableArray<MetadataReference>> LazyReferences = new(LoadReferences);

    public static ImmutableArray<MetadataReference> References => LazyReferences.Value;

    /// <summary>Warnings the compiler reports as errors in these compilations (nullable ones, like NetEscapades).</summary>
    private static readonly ImmutableDictionary<string, ReportDiagnostic> WarningsAsErrors = NullableWarnings()
        .Concat(["CS0108", "CS0109", "CS0114", "CS0162", "CS0168", "CS0169", "CS0219", "CS0414", "CS0649", "CS0675", "CS1717"])
        .Distinct()
        .ToImmutableDictionary(id => id, _ => ReportDiagnostic.Error);

    public static CSharpCompilation CreateCompilation(params string[] sources) =>
        CreateCompilation(sources.Select((s, i) => CSharpSyntaxTree.ParseText(s, ParseOptions, path: $"Source{i}.cs")));

    public static CSharpCompilation CreateCompilation(IEnumerable<SyntaxTree> trees) =>
        CSharpCompilation.Create(
            "Ht2.Generated.Test" + Guid.NewGuid().ToString("N"),
            trees,
            References,
            new CSharpCompilationOptions(
                OutputKind.DynamicallyLinkedLibrary,
                nullableContextOptions: NullableContextOptions.Enable,
                generalDiagnosticOption: ReportDiagnostic.Error,
                specificDiagnosticOptions: WarningsAsErrors,
                warningLevel: 9999,
                deterministic: true));

    public static GeneratorDriver CreateDriver() =>
        CSharpGeneratorDriver.Create(
            [new Ht2FrameGenerator().AsSourceGenerator()],
            parseOptions: ParseOptions,
            driverOptions: new GeneratorDriverOptions(IncrementalGeneratorOutputKind.None, trackIncrementalGeneratorSteps: true));

    /// <summary>Runs the generator once over <paramref name="sources"/>.</summary>
    public static GeneratorRun Run(params string[] sources) => Run(CreateCompilation(sources));

    public static GeneratorRun Run(CSharpCompilation compilation)
    {
        GeneratorDriver driver = CreateDriver().RunGeneratorsAndUpdateCompilation(compilation, out Compilation output, out ImmutableArray<Diagnostic> generatorDiagnostics);
        return new GeneratorRun(driver, compilation, output, generatorDiagnostics);
    }

    /// <summary>Runs the generator and asserts it did not throw and the output compiles without any diagnostic.</summary>
    public static GeneratorRun RunClean(params string[] sources)
    {
        GeneratorRun run = Run(sources);
        run.AssertNoGeneratorException();
        Assert.Empty(run.GeneratorDiagnostics);
        AssertNoDiagnostics(run.Output);
        return run;
    }

    public static void AssertNoDiagnostics(Compilation compilation)
    {
        ImmutableArray<Diagnostic> diagnostics = compilation.GetDiagnostics();
        Assert.True(diagnostics.IsEmpty, "Unexpected diagnostics:\n" + string.Join("\n", diagnostics) + "\n\n" + DumpGenerated(compilation));
    }

    public static string DumpGenerated(Compilation compilation) =>
        string.Join("\n", compilation.SyntaxTrees.Where(t => t.FilePath.EndsWith(".g.cs", StringComparison.Ordinal)).Select(t => "// " + t.FilePath + "\n" + t));

    /// <summary>Emits the compilation and loads it into a collectible context; the caller unloads it.</summary>
    public static (AssemblyLoadContext Context, Assembly Assembly) EmitAndLoad(Compilation compilation)
    {
        using var stream = new MemoryStream();
        Microsoft.CodeAnalysis.Emit.EmitResult result = compilation.Emit(stream);
        Assert.True(result.Success, string.Join("\n", result.Diagnostics));
        stream.Position = 0;
        var context = new AssemblyLoadContext("Ht2.Generated.Test", isCollectible: true);
        return (context, context.LoadFromStream(stream));
    }

    private static ImmutableArray<MetadataReference> LoadReferences()
    {
        // Make sure the facades the runtime assembly was compiled against are loaded before listing them.
        _ = typeof(FrameHeader).Assembly;
        foreach (AssemblyName name in typeof(FrameHeader).Assembly.GetReferencedAssemblies())
        {
            Assembly.Load(name);
        }

        return AppDomain.CurrentDomain.GetAssemblies()
            .Where(a => !a.IsDynamic && !string.IsNullOrWhiteSpace(a.Location))
            .Append(typeof(FrameHeader).Assembly)
            .Select(a => a.Location)
            .Distinct(StringComparer.OrdinalIgnoreCase)
            .Select(location => (MetadataReference)MetadataReference.CreateFromFile(location))
            .ToImmutableArray();
    }

    /// <summary>The nullable warning ids, from the compiler's own <c>/warnaserror:nullable</c> switch.</summary>
    private static IEnumerable<string> NullableWarnings()
    {
        CSharpCommandLineArguments arguments = CSharpCommandLineParser.Default.Parse(
            ["/warnaserror:nullable"], Environment.CurrentDirectory, Environment.CurrentDirectory);
        return arguments.CompilationOptions.SpecificDiagnosticOptions.Keys;
    }
}

/// <summary>The outcome of one generator pass.</summary>
internal sealed record GeneratorRun(GeneratorDriver Driver, Compilation Input, Compilation Output, ImmutableArray<Diagnostic> GeneratorDiagnostics)
{
    public GeneratorDriverRunResult Result => Driver.GetRunResult();

    public GeneratorRunResult Single => Assert.Single(Result.Results);

    public void AssertNoGeneratorException() =>
        Assert.True(Single.Exception is null, "The generator threw: " + Single.Exception);

    /// <summary>The per-frame sources' hint names (the compilation's frame dispatcher left out).</summary>
    public string[] HintNames => Single.GeneratedSources.Select(s => s.HintName).Where(h => h != "Ht2.FrameDispatcher.g.cs").ToArray();

    public string Source(string hintName) =>
        Single.GeneratedSources.Single(s => s.HintName == hintName).SourceText.ToString();

    /// <summary>Diagnostics of the whole output compilation (user code plus generated code).</summary>
    public ImmutableArray<Diagnostic> CompilerDiagnostics => Output.GetDiagnostics();
}
