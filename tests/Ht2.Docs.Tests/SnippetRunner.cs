using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.IO;
using System.Linq;
using System.Reflection;
using System.Text.RegularExpressions;
using System.Threading.Tasks;
using Ht2.Generators;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;

namespace Ht2.Docs.Tests;

/// <summary>
/// Compiles a snippet as a console app of a fresh `dotnet new console` project that references the Ht2 package
/// (implicit usings, nullable on, the Ht2 generator running), runs it, and returns what it printed.
/// </summary>
internal static partial class SnippetRunner
{
    // The implicit usings of a console project.
    private const string ImplicitUsings = """
        global using System;
        global using System.Collections.Generic;
        global using System.IO;
        global using System.Linq;
        global using System.Net.Http;
        global using System.Threading;
        global using System.Threading.Tasks;
        """;

    private static readonly Lazy<ImmutableArray<MetadataReference>> References = new(LoadReferences);

    /// <summary>The compiler's errors and warnings, or the assembly.</summary>
    public static Assembly Compile(Snippet snippet)
    {
        CSharpParseOptions parse = CSharpParseOptions.Default.WithLanguageVersion(LanguageVersion.Preview);
        CSharpCompilation compilation = CSharpCompilation.Create(
            "Snippet" + snippet.Line,
            [CSharpSyntaxTree.ParseText(snippet.Code, parse, path: "README.md"), CSharpSyntaxTree.ParseText(ImplicitUsings, parse)],
            References.Value,
            new CSharpCompilationOptions(OutputKind.ConsoleApplication, nullableContextOptions: NullableContextOptions.Enable, allowUnsafe: true));
        GeneratorDriver driver = CSharpGeneratorDriver.Create([new Ht2FrameGenerator().AsSourceGenerator()], parseOptions: parse);
        driver.RunGeneratorsAndUpdateCompilation(compilation, out Compilation generated, out ImmutableArray<Diagnostic> generatorDiagnostics);

        using MemoryStream image = new();
        var result = generated.Emit(image);
        string[] problems = generatorDiagnostics.Concat(result.Diagnostics)
            .Where(d => d.Severity >= DiagnosticSeverity.Warning)
            .Select(d => $"line {snippet.Line + d.Location.GetLineSpan().StartLinePosition.Line + 1}: {d.Id} {d.GetMessage()}")
            .ToArray();
        Assert.True(problems.Length == 0, $"{snippet} does not compile cleanly:\n" + string.Join('\n', problems));
        return Assembly.Load(image.ToArray());
    }

    /// <summary>
    /// Compiles <paramref name="snippet"/>, runs its entry point, bounded by the wait breaker's bound for
    /// <paramref name="patience"/> (short once another wait of the run has run out), and returns the lines it printed.
    /// </summary>
    public static async Task<string[]> RunAsync(Snippet snippet, TimeSpan patience)
    {
        Assembly assembly = Compile(snippet);
        MethodInfo entry = assembly.EntryPoint ?? throw new InvalidOperationException("No entry point.");
        StringWriter output = new();
        TextWriter original = Console.Out;
        Console.SetOut(output);
        try
        {
            object?[] arguments = entry.GetParameters().Length == 0 ? [] : [Array.Empty<string>()];
            Task run = Task.Run(async () =>
            {
                object? returned = entry.Invoke(null, arguments);
                if (returned is Task task)
                {
                    await task;
                }
            });
            await run.Within(patience, what: $"the snippet {snippet} to run to its end");
        }
        finally
        {
            Console.SetOut(original);
        }

        return output.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(line => line.TrimEnd('\r')).ToArray();
    }

    /// <summary>The lines a snippet promises to print: each <c>// prints: text</c> comment, in order.</summary>
    public static string[] PromisedOutput(Snippet snippet)
        => Prints().Matches(snippet.Code).Select(match => match.Groups[1].Value.TrimEnd()).ToArray();

    [GeneratedRegex(@"//\s*prints:\s?(.*)$", RegexOptions.Multiline)]
    private static partial Regex Prints();

    private static ImmutableArray<MetadataReference> LoadReferences()
    {
        string platform = (string)AppContext.GetData("TRUSTED_PLATFORM_ASSEMBLIES")!;
        return platform.Split(Path.PathSeparator)
            .Where(path => Path.GetFileName(path) is var name && (name.StartsWith("System", StringComparison.Ordinal) || name is "mscorlib.dll" or "netstandard.dll"))
            .Append(typeof(FrameHeader).Assembly.Location)
            .Select(path => (MetadataReference)MetadataReference.CreateFromFile(path))
            .ToImmutableArray();
    }
}
