using System.Linq;
using System.Text;
using Microsoft.CodeAnalysis;
using Xunit;

namespace Ht2.Generators.Tests;

/// <summary>One test (or theory) per generator diagnostic: the id is reported, the generator does not throw, and no source is emitted for the bad struct.</summary>
public class DiagnosticTests
{
    private const string Usings = "using Ht2;\nnamespace Contoso;\n";

    [Fact]
    public void HT2001_struct_not_partial()
    {
        GeneratorRun run = RunBad(Usings + "[Ht2Frame(0x10)] public struct NotPartial { public uint A; }", "HT2001");

        Diagnostic diagnostic = Assert.Single(run.GeneratorDiagnostics);
        Assert.Contains("'NotPartial'", diagnostic.GetMessage(System.Globalization.CultureInfo.InvariantCulture));
        Assert.Equal("NotPartial", LocatedText(run, diagnostic));
    }

    [Fact]
    public void HT2002_attribute_on_a_class()
    {
        GeneratorRun run = RunBad(Usings + "[Ht2Frame(0x10)] public partial class NotAStruct { public uint A; }", "HT2002");

        // AttributeUsage(Struct) makes the compiler report CS0592 as well; the generator's own diagnostic is HT2002.
        Assert.Contains(run.Output.GetDiagnostics(), d => d.Id == "CS0592");
        Assert.Equal("NotAStruct", LocatedText(run, Assert.Single(run.GeneratorDiagnostics)));
    }

    [Theory]
    [InlineData("public string Text;", "A")]
    [InlineData("public decimal Money;", "A")]
    [InlineData("public float Ratio;", "A")]
    [InlineData("public double Ratio;", "A")]
    [InlineData("public bool Flag;", "A")]
    [InlineData("public char Letter;", "A")]
    [InlineData("public System.IntPtr Handle;", "A")]
    [InlineData("public System.Guid Id;", "A")]
    [InlineData("[Ht2Bits(24)] public ushort Narrow;", "A")]
    [InlineData("[Ht2Bits(31)] public ulong Wide;", "A")]
    [InlineData("[Ht2Bits(16)] public uint Odd;", "A")]
    [InlineData("[Ht2Bits(1)] public uint NotBool; [Ht2Bits(31)] public uint Next;", "A")]
    [InlineData("[Ht2Bits(1)] public bool Alone;", "A")]
    [InlineData("[Ht2Bits(1)] public bool High; public uint NotThirtyOne;", "A")]
    [InlineData("[Ht2Bits(1)] public bool High; public byte Between; [Ht2Bits(31)] public uint Low;", "A")]
    [InlineData("[Ht2Bits(1)] public bool High; [Ht2WhenFlag(FrameFlags.Padded), Ht2Bits(31)] public uint OtherCondition;", "Padded")]
    [InlineData("public readonly uint Fixed;", "A")]
    [InlineData("public uint StreamId;", "A")]
    [InlineData("public byte Flags;", "A")]
    [InlineData("public int FixedLength;", "A")]
    [InlineData("[Ht2PadLength] public ushort WidePad;", "Padded")]
    [InlineData("[Ht2PadLength, Ht2Bits(24)] public byte BitsPad;", "Padded")]
    public void HT2003_unsupported_field(string fields, string flags)
    {
        string flagArgument = flags == "Padded" ? ", Flags = FrameFlags.Padded" : "";
        RunBad(Usings + $"[Ht2Frame(0x10{flagArgument})] public partial struct Bad {{ public byte Ok; {fields} }}", "HT2003");
    }

    [Theory]
    [InlineData("Flags = FrameFlags.EndStream", "[Ht2WhenFlag(FrameFlags.Priority)] public byte Weight;")]
    [InlineData("", "[Ht2WhenFlag(FrameFlags.Priority)] public byte Weight;")]
    [InlineData("Flags = FrameFlags.EndStream | FrameFlags.Priority", "[Ht2WhenFlag(FrameFlags.EndStream | FrameFlags.Priority)] public byte MultiBit;")]
    [InlineData("Flags = FrameFlags.Priority", "[Ht2WhenFlag(FrameFlags.None)] public byte NoBit;")]
    [InlineData("Flags = FrameFlags.EndStream", "[Ht2PadLength] public byte PadLength;")]
    [InlineData("", "[Ht2PadLength] public byte PadLength;")]
    public void HT2004_flag_not_declared(string frameArguments, string fields)
    {
        string arguments = frameArguments.Length == 0 ? "" : ", " + frameArguments;
        RunBad(Usings + $"[Ht2Frame(0x10{arguments})] public partial struct Bad {{ {fields} }}", "HT2004");
    }

    [Fact]
    public void HT2005_duplicate_frame_type()
    {
        GeneratorRun run = TestHelpers.Run(
            Usings + "[Ht2Frame(0x10)] public partial struct First { public uint A; }",
            Usings + "[Ht2Frame(0x10)] public partial struct Second { public ushort B; }");

        run.AssertNoGeneratorException();
        Diagnostic diagnostic = Assert.Single(run.GeneratorDiagnostics);
        Assert.Equal("HT2005", diagnostic.Id);
        Assert.Equal(DiagnosticSeverity.Error, diagnostic.Severity);
        string message = diagnostic.GetMessage(System.Globalization.CultureInfo.InvariantCulture);
        Assert.Contains("0x10", message);
        Assert.Contains("'Contoso.First'", message);
        Assert.Contains("'Contoso.Second'", message);

        // Reported at the later declaration's attribute. Each struct on its own is a valid frame, so both are
        // still emitted (the error fails the build anyway); the check runs on the collected models.
        Assert.Equal("Source1.cs", diagnostic.Location.GetLineSpan().Path);
        Assert.Equal("Ht2Frame(0x10)", LocatedText(run, diagnostic));
        Assert.Equal(["Contoso.First.Ht2Frame.g.cs", "Contoso.Second.Ht2Frame.g.cs"], run.HintNames);
    }

    [Fact]
    public void HT2005_not_reported_for_distinct_types_or_a_referenced_frame_of_the_same_type()
    {
        // DATA (0x0) is declared in the referenced Ht2.Runtime; only this compilation's frames are compared.
        GeneratorRun run = TestHelpers.RunClean(
            Usings + "[Ht2Frame(0x10)] public partial struct First { public uint A; }",
            Usings + "[Ht2Frame(0x11)] public partial struct Second { public ushort B; }",
            Usings + "[Ht2Frame(FrameType.Data, StreamId = StreamIdRule.NonZero)] public partial struct MyData { }");

        Assert.Equal(3, run.HintNames.Length);
    }

    [Fact]
    public void HT2006_fixed_fields_larger_than_the_exact_payload_length()
    {
        GeneratorRun run = RunBad(Usings + "[Ht2Frame(0x10, PayloadLength = 4)] public partial struct Bad { public ulong TooWide; }", "HT2006");

        string message = run.GeneratorDiagnostics[0].GetMessage(System.Globalization.CultureInfo.InvariantCulture);
        Assert.Contains("take 8 bytes", message);
        Assert.Contains("at most 4", message);
    }

    [Fact]
    public void HT2006_fixed_fields_larger_than_the_guaranteed_max_frame_size()
    {
        var source = new StringBuilder(Usings + "[Ht2Frame(0x10)] public partial struct Bad {\n");
        for (int i = 0; i < 2049; i++)
        {
            source.Append("    public ulong F").Append(i).Append(";\n");
        }

        GeneratorRun run = RunBad(source.Append('}').ToString(), "HT2006");

        string message = run.GeneratorDiagnostics[0].GetMessage(System.Globalization.CultureInfo.InvariantCulture);
        Assert.Contains("take 16392 bytes", message);
        Assert.Contains("at most 16384", message);
    }

    [Fact]
    public void HT2006_not_reported_at_exactly_16384_bytes()
    {
        var source = new StringBuilder(Usings + "[Ht2Frame(0x10)] public partial struct Full {\n");
        for (int i = 0; i < 2048; i++)
        {
            source.Append("    public ulong F").Append(i).Append(";\n");
        }

        GeneratorRun run = TestHelpers.Run(source.Append('}').ToString());

        run.AssertNoGeneratorException();
        Assert.Empty(run.GeneratorDiagnostics);
        Assert.Equal(["Contoso.Full.Ht2Frame.g.cs"], run.HintNames);
    }

    [Theory]
    [InlineData("[Ht2Frame(0x10)] public partial struct Bad<T> { public uint A; }")]
    [InlineData("public class Outer { [Ht2Frame(0x10)] public partial struct Bad { public uint A; } }")]
    [InlineData("public partial class Outer<T> { [Ht2Frame(0x10)] public partial struct Bad { public uint A; } }")]
    [InlineData("public partial class Outer { public class Middle { [Ht2Frame(0x10)] public partial struct Bad { public uint A; } } }")]
    [InlineData("[Ht2Frame(0x10)] public readonly partial struct Bad { public readonly uint A; }")]
    [InlineData("[Ht2Frame(0x10)] public ref partial struct Bad { public uint A; }")]
    public void HT2007_generic_or_nested_in_non_partial_type(string declaration)
    {
        RunBad(Usings + declaration, "HT2007");
    }

    [Theory]
    [InlineData("private static FrameError Validate(in FrameHeader header, Bad frame) => default;")]
    [InlineData("private static FrameError Validate(FrameHeader header, in Bad frame) => default;")]
    [InlineData("private static bool Validate(in FrameHeader header, in Bad frame) => true;")]
    [InlineData("private FrameError Validate(in FrameHeader header, in Bad frame) => default;")]
    [InlineData("private static FrameError Validate(in FrameHeader header, in Bad frame, System.Span<byte> variablePart) => default;")]
    [InlineData("private static FrameError Validate(in FrameHeader header, in Bad frame, System.ReadOnlySpan<char> variablePart) => default;")]
    [InlineData("private static FrameError Validate(in FrameHeader header) => default;")]
    [InlineData("public static int Validate;")]
    public void HT2008_validate_member_that_is_not_a_hook(string member)
    {
        GeneratorRun run = RunBad(Usings + $"[Ht2Frame(0x10)] public partial struct Bad {{ public uint A; {member} }}", "HT2008");

        Diagnostic diagnostic = Assert.Single(run.GeneratorDiagnostics);
        Assert.Equal("Validate", LocatedText(run, diagnostic));
        Assert.Contains("'Bad'", diagnostic.GetMessage(System.Globalization.CultureInfo.InvariantCulture));
    }

    [Theory]
    [InlineData("private static FrameError Validate(in FrameHeader header, in Good frame) => default;")]
    [InlineData("private static FrameError Validate(in FrameHeader header, in Good frame, System.ReadOnlySpan<byte> variablePart) => default;")]
    public void HT2008_not_reported_for_either_hook(string member)
    {
        GeneratorRun run = TestHelpers.RunClean(Usings + $"[Ht2Frame(0x10)] public partial struct Good {{ public uint A; {member} }}");

        Assert.Equal(["Contoso.Good.Ht2Frame.g.cs"], run.HintNames);
    }

    [Fact]
    public void Every_descriptor_is_tested_documented_and_released()
    {
        DiagnosticDescriptor[] descriptors = typeof(Ht2FrameGenerator).Assembly.GetType("Ht2.Generators.DiagnosticDescriptors", throwOnError: true)!
            .GetFields(System.Reflection.BindingFlags.Static | System.Reflection.BindingFlags.Public)
            .Where(f => f.FieldType == typeof(DiagnosticDescriptor))
            .Select(f => (DiagnosticDescriptor)f.GetValue(null)!)
            .OrderBy(d => d.Id, System.StringComparer.Ordinal)
            .ToArray();

        Assert.Equal(["HT2001", "HT2002", "HT2003", "HT2004", "HT2005", "HT2006", "HT2007", "HT2008"], descriptors.Select(d => d.Id));

        string root = RepositoryRoot();
        string docs = System.IO.File.ReadAllText(System.IO.Path.Combine(root, "docs", "diagnostics.md"));
        string releases = System.IO.File.ReadAllText(System.IO.Path.Combine(root, "src", "Ht2.Generators", "AnalyzerReleases.Unshipped.md"));
        foreach (DiagnosticDescriptor descriptor in descriptors)
        {
            string id = descriptor.Id;
            Assert.Contains(typeof(DiagnosticTests).GetMethods(), m => m.Name.StartsWith(id + "_", System.StringComparison.Ordinal));

            // "## HT2001" produces the #ht2001 anchor the help link points at; the title follows in bold.
            Assert.EndsWith("/docs/diagnostics.md#" + id.ToLowerInvariant(), descriptor.HelpLinkUri);
            Assert.Contains("\n## " + id + "\n", docs.Replace("\r\n", "\n"));
            Assert.Contains("**" + descriptor.Title + ".**", docs);
            Assert.Contains(id + " | Ht2.Generator | Error |", releases);
        }
    }

    [Fact]
    public void HT2003_for_a_string_says_variable_data_is_the_separate_variable_part()
    {
        GeneratorRun run = RunBad(Usings + "[Ht2Frame(0x10)] public partial struct Bad { public string Origin; public byte[] Raw; }", "HT2003");
        Assert.Equal(2, run.GeneratorDiagnostics.Length);
        Assert.All(run.GeneratorDiagnostics, d =>
        {
            string message = d.GetMessage(System.Globalization.CultureInfo.InvariantCulture);
            Assert.Contains("has no fixed length", message);
            Assert.Contains("the frame's variable part, a separate span", message);
        });
    }

    [Fact]
    public void Help_links_are_anchors_of_docs_diagnostics_md_under_the_package_repository()
    {
        System.Type descriptorsType = typeof(Ht2FrameGenerator).Assembly.GetType("Ht2.Generators.DiagnosticDescriptors", throwOnError: true)!;
        string repository = (string)descriptorsType.GetField("RepositoryUrl")!.GetValue(null)!;
        string root = RepositoryRoot();

        // The anchors GitHub makes of the page's headings: lower case, punctuation dropped, spaces as hyphens.
        string[] anchors = System.IO.File.ReadAllLines(System.IO.Path.Combine(root, "docs", "diagnostics.md"))
            .Where(line => line.StartsWith('#'))
            .Select(line => new string(line.TrimStart('#').Trim().ToLowerInvariant().Where(c => char.IsLetterOrDigit(c) || c is ' ' or '-' or '_').ToArray()).Replace(' ', '-'))
            .ToArray();
        foreach (System.Reflection.FieldInfo field in descriptorsType.GetFields(System.Reflection.BindingFlags.Static | System.Reflection.BindingFlags.Public).Where(f => f.FieldType == typeof(DiagnosticDescriptor)))
        {
            var descriptor = (DiagnosticDescriptor)field.GetValue(null)!;
            string prefix = repository + "/blob/main/docs/diagnostics.md#";
            Assert.StartsWith(prefix, descriptor.HelpLinkUri, System.StringComparison.Ordinal);
            Assert.Contains(descriptor.HelpLinkUri.Substring(prefix.Length), anchors);
        }

        // The package names the same repository, so a link resolves where the package says the source lives.
        string project = System.IO.File.ReadAllText(System.IO.Path.Combine(root, "src", "Ht2.Runtime", "Ht2.Runtime.csproj"));
        System.Text.RegularExpressions.Match declared = System.Text.RegularExpressions.Regex.Match(project, "<RepositoryUrl>([^<]*)</RepositoryUrl>");
        if (declared.Success)
        {
            Assert.Equal(declared.Groups[1].Value.TrimEnd('/'), repository);
        }
    }

    private static string RepositoryRoot()
    {
        for (var directory = new System.IO.DirectoryInfo(System.AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (System.IO.File.Exists(System.IO.Path.Combine(directory.FullName, "Ht2.sln")))
            {
                return directory.FullName;
            }
        }

        throw new System.InvalidOperationException("Ht2.sln not found above " + System.AppContext.BaseDirectory);
    }

    /// <summary>Runs the generator over bad source: no exception, the expected id among its diagnostics, nothing emitted.</summary>
    private static GeneratorRun RunBad(string source, string expectedId)
    {
        GeneratorRun run = TestHelpers.Run(source);

        run.AssertNoGeneratorException();
        Assert.Contains(run.GeneratorDiagnostics, d => d.Id == expectedId);
        Assert.All(run.GeneratorDiagnostics, d => Assert.Equal(DiagnosticSeverity.Error, d.Severity));
        Assert.All(run.GeneratorDiagnostics, d => Assert.StartsWith("HT200", d.Id));
        Assert.Empty(run.HintNames);
        return run;
    }

    /// <summary>
    /// The source text a generator diagnostic points at. The generator keeps locations as plain values
    /// (LocationInfo) and recreates them as file locations, so the text is looked up in the input by path.
    /// </summary>
    private static string LocatedText(GeneratorRun run, Diagnostic diagnostic)
    {
        FileLinePositionSpan span = diagnostic.Location.GetLineSpan();
        Assert.True(span.IsValid, "The diagnostic has no location.");
        SyntaxTree tree = Assert.Single(run.Input.SyntaxTrees, t => t.FilePath == span.Path);
        Assert.Equal(tree.GetLineSpan(diagnostic.Location.SourceSpan).Span, span.Span);
        return tree.GetText().ToString(diagnostic.Location.SourceSpan);
    }
}
