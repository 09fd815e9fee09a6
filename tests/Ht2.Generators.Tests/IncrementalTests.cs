using System;
using System.Collections;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using System.Reflection;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Xunit;

namespace Ht2.Generators.Tests;

/// <summary>The pipeline caches: unrelated edits re-run nothing, and no step output holds compilation objects.</summary>
public class IncrementalTests
{
    private static readonly string[] TrackingNames =
    [
        Ht2FrameGenerator.TrackingNames.Parse,
        Ht2FrameGenerator.TrackingNames.Models,
        Ht2FrameGenerator.TrackingNames.AllSites,
        Ht2FrameGenerator.TrackingNames.Dispatch,
    ];

    private const string Unrelated = "namespace Contoso.Other; public static class Helper { public static int Twice(int x) => 2 * x; }";

    public static TheoryData<string> UnrelatedEdits() => ["add a tree", "edit an unrelated tree", "append a comment to the frame file"];

    [Theory]
    [MemberData(nameof(UnrelatedEdits))]
    public void Unrelated_edit_leaves_every_step_cached(string edit)
    {
        CSharpCompilation first = TestHelpers.CreateCompilation(Sources.PriorityUpdate, Sources.AllKinds, Unrelated);
        GeneratorDriver driver = TestHelpers.CreateDriver().RunGenerators(first);
        AssertTrackedStepsRan(driver.GetRunResult());

        CSharpCompilation second = edit switch
        {
            "add a tree" => first.AddSyntaxTrees(CSharpSyntaxTree.ParseText("public class Unrelated2 { }", TestHelpers.ParseOptions, path: "Extra.cs")),
            "edit an unrelated tree" => Replace(first, "Source2.cs", Unrelated.Replace("2 * x", "x + x")),
            _ => Replace(first, "Source0.cs", Sources.PriorityUpdate + "\n// a trailing comment\n"),
        };

        driver = driver.RunGenerators(second);
        GeneratorRunResult result = Assert.Single(driver.GetRunResult().Results);
        Assert.Null(result.Exception);

        foreach (string name in TrackingNames)
        {
            ImmutableArray<IncrementalGeneratorRunStep> steps = result.TrackedSteps[name];
            Assert.NotEmpty(steps);
            Assert.All(steps.SelectMany(s => s.Outputs), output =>
                Assert.True(output.Reason is IncrementalStepRunReason.Cached or IncrementalStepRunReason.Unchanged, $"{name}: {output.Reason}"));
        }

        Assert.NotEmpty(result.TrackedOutputSteps);
        Assert.All(result.TrackedOutputSteps.SelectMany(s => s.Value).SelectMany(s => s.Outputs), output =>
            Assert.True(output.Reason is IncrementalStepRunReason.Cached or IncrementalStepRunReason.Unchanged, $"source output: {output.Reason}"));

        Assert.Equal(3, result.GeneratedSources.Length);
    }

    [Fact]
    public void Adding_a_field_modifies_the_frame_and_only_that_frame()
    {
        CSharpCompilation first = TestHelpers.CreateCompilation(Sources.PriorityUpdate, Sources.AllKinds, Unrelated);
        GeneratorDriver driver = TestHelpers.CreateDriver().RunGenerators(first);

        string edited = Sources.PriorityUpdate.Replace(
            "public uint PrioritizedStreamId;",
            "public uint PrioritizedStreamId;\n    public byte Added;");
        Assert.NotEqual(Sources.PriorityUpdate, edited);
        driver = driver.RunGenerators(Replace(first, "Source0.cs", edited));
        GeneratorRunResult result = Assert.Single(driver.GetRunResult().Results);
        Assert.Null(result.Exception);

        // The PriorityUpdate parse and model are Modified; the AllKinds ones (other tree) are re-parsed against the
        // new compilation but compare equal (Unchanged), so their model is Cached.
        IncrementalStepRunReason[] parse = Reasons(result, Ht2FrameGenerator.TrackingNames.Parse);
        Assert.Equal(1, parse.Count(r => r == IncrementalStepRunReason.Modified));
        Assert.Equal(1, parse.Count(r => r is IncrementalStepRunReason.Cached or IncrementalStepRunReason.Unchanged));
        IncrementalStepRunReason[] models = Reasons(result, Ht2FrameGenerator.TrackingNames.Models);
        Assert.Equal(1, models.Count(r => r == IncrementalStepRunReason.Modified));
        Assert.Equal(1, models.Count(r => r is IncrementalStepRunReason.Cached or IncrementalStepRunReason.Unchanged));
        // The sites (type byte, name, attribute location) did not change, so the duplicate check does not re-run.
        Assert.All(Reasons(result, Ht2FrameGenerator.TrackingNames.AllSites), r =>
            Assert.True(r is IncrementalStepRunReason.Cached or IncrementalStepRunReason.Unchanged, r.ToString()));

        IncrementalStepRunReason[] sources = result.TrackedOutputSteps.SelectMany(s => s.Value).SelectMany(s => s.Outputs).Select(o => o.Reason).ToArray();
        Assert.Contains(IncrementalStepRunReason.Modified, sources);

        string source = result.GeneratedSources.Single(s => s.HintName == "Contoso.Extensions.PriorityUpdateFrame.Ht2Frame.g.cs").SourceText.ToString();
        Assert.Contains("public const int MaxFixedLength = 5;", source);
        Assert.Contains("parsed.Added = ", source);
    }

    [Fact]
    public void Moving_the_frame_down_a_line_leaves_the_model_and_the_emitted_source_cached()
    {
        // Only the diagnostics side carries locations: the parse and the sites see the shift, the location-free
        // model compares equal, so the emit step is not re-run.
        CSharpCompilation first = TestHelpers.CreateCompilation(Sources.PriorityUpdate);
        GeneratorDriver driver = TestHelpers.CreateDriver().RunGenerators(first);
        string before = FrameSource(driver.GetRunResult().Results.Single());

        driver = driver.RunGenerators(Replace(first, "Source0.cs", "// moved\n// and moved again\n" + Sources.PriorityUpdate));
        GeneratorRunResult result = Assert.Single(driver.GetRunResult().Results);

        Assert.Equal([IncrementalStepRunReason.Modified], Reasons(result, Ht2FrameGenerator.TrackingNames.Parse));
        Assert.Equal([IncrementalStepRunReason.Modified], Reasons(result, Ht2FrameGenerator.TrackingNames.AllSites));
        Assert.All(Reasons(result, Ht2FrameGenerator.TrackingNames.Models), r => Assert.Equal(IncrementalStepRunReason.Unchanged, r));
        IncrementalGeneratorRunStep emit = Assert.Single(result.TrackedOutputSteps.SelectMany(s => s.Value), s => s.Inputs.Any(i => i.Source.Name == Ht2FrameGenerator.TrackingNames.Models));
        Assert.All(emit.Outputs, o => Assert.Equal(IncrementalStepRunReason.Cached, o.Reason));
        Assert.Equal(before, FrameSource(result));

        // The dispatcher's input (names and type bytes) is location-free too: its emit step stays Cached.
        Assert.All(Reasons(result, Ht2FrameGenerator.TrackingNames.Dispatch), r => Assert.True(r is IncrementalStepRunReason.Cached or IncrementalStepRunReason.Unchanged, r.ToString()));
        IncrementalGeneratorRunStep dispatch = Assert.Single(result.TrackedOutputSteps.SelectMany(s => s.Value), s => s.Inputs.Any(i => i.Source.Name == Ht2FrameGenerator.TrackingNames.Dispatch));
        Assert.All(dispatch.Outputs, o => Assert.Equal(IncrementalStepRunReason.Cached, o.Reason));
    }

    [Fact]
    public void Adding_a_frame_re_emits_the_dispatcher_and_a_field_edit_does_not()
    {
        CSharpCompilation first = TestHelpers.CreateCompilation(Sources.PriorityUpdate, Unrelated);
        GeneratorDriver driver = TestHelpers.CreateDriver().RunGenerators(first);

        // A field changes the frame's model but not its name or type byte: the dispatcher is not re-emitted.
        driver = driver.RunGenerators(Replace(first, "Source0.cs", Sources.PriorityUpdate.Replace("public uint PrioritizedStreamId;", "public uint PrioritizedStreamId;\n    public byte Added;")));
        GeneratorRunResult edited = Assert.Single(driver.GetRunResult().Results);
        Assert.All(Reasons(edited, Ht2FrameGenerator.TrackingNames.Dispatch), r => Assert.True(r is IncrementalStepRunReason.Cached or IncrementalStepRunReason.Unchanged, r.ToString()));

        // A new frame is a new case.
        driver = driver.RunGenerators(first.AddSyntaxTrees(CSharpSyntaxTree.ParseText(Sources.Origin, TestHelpers.ParseOptions, path: "Origin.cs")));
        GeneratorRunResult added = Assert.Single(driver.GetRunResult().Results);
        Assert.Contains(IncrementalStepRunReason.Modified, Reasons(added, Ht2FrameGenerator.TrackingNames.Dispatch));
        Assert.Contains("OriginFrame.TypeCode", added.GeneratedSources.Single(s => s.HintName == "Ht2.FrameDispatcher.g.cs").SourceText.ToString());
    }

    private static string FrameSource(GeneratorRunResult result) =>
        result.GeneratedSources.Single(s => s.HintName.EndsWith(".Ht2Frame.g.cs", StringComparison.Ordinal)).SourceText.ToString();

    [Fact]
    public void Step_outputs_hold_no_compilation_objects()
    {
        // Valid frames and invalid ones (their diagnostics travel through the Parse step too).
        CSharpCompilation compilation = TestHelpers.CreateCompilation(
            Sources.PriorityUpdate, Sources.AllKinds, Sources.Nested, Sources.RecordStruct, Sources.GlobalNamespace,
            "using Ht2; namespace Bad; [Ht2Frame(0x40)] public partial struct B { public string S; [Ht2WhenFlag(FrameFlags.Priority)] public byte W; }",
            "using Ht2; namespace Bad; [Ht2Frame(0x41)] public struct NotPartial { }",
            "using Ht2; namespace Bad; [Ht2Frame(0x10)] public partial struct Dup { }");
        GeneratorDriver driver = TestHelpers.CreateDriver().RunGenerators(compilation);
        GeneratorRunResult result = Assert.Single(driver.GetRunResult().Results);

        int visited = 0;
        foreach (string name in TrackingNames)
        {
            foreach (IncrementalGeneratorRunStep step in result.TrackedSteps[name])
            {
                foreach ((object value, IncrementalStepRunReason _) in step.Outputs)
                {
                    AssertObjectGraph(value, name, new HashSet<object>(ReferenceEqualityComparer.Instance));
                    visited++;
                }
            }
        }

        Assert.True(visited >= 8 + 5 + 1, $"only {visited} step outputs were checked");
    }

    [Fact]
    public void Object_graph_check_finds_a_symbol_inside_a_collection()
    {
        // The checker itself must be able to fail.
        CSharpCompilation compilation = TestHelpers.CreateCompilation(Unrelated);
        ISymbol symbol = compilation.GetTypeByMetadataName("Contoso.Other.Helper")!;
        var holder = new { Items = ImmutableArray.Create((object)"fine", new { Deep = new List<object> { symbol } }) };

        Assert.ThrowsAny<Exception>(() => AssertObjectGraph(holder, "test", new HashSet<object>(ReferenceEqualityComparer.Instance)));
    }

    private static readonly Type[] Forbidden = [typeof(ISymbol), typeof(SyntaxNode), typeof(Location), typeof(Compilation), typeof(SemanticModel), typeof(SyntaxTree)];

    private static void AssertObjectGraph(object? node, string path, HashSet<object> seen)
    {
        if (node is null)
        {
            return;
        }

        Type type = node.GetType();
        foreach (Type forbidden in Forbidden)
        {
            Assert.False(forbidden.IsAssignableFrom(type), $"{path} is a {type} ({forbidden.Name}): it would pin the compilation in the pipeline");
        }

        if (type.IsPrimitive || type.IsEnum || type == typeof(string) || type == typeof(decimal) || type.IsPointer)
        {
            return;
        }

        if (!type.IsValueType && !seen.Add(node))
        {
            return;
        }

        if (node is IEnumerable enumerable)
        {
            int i = 0;
            foreach (object? item in enumerable)
            {
                AssertObjectGraph(item, $"{path}[{i++}]", seen);
            }

            // ImmutableArray / EquatableArray are enumerated above; their backing fields hold the same items.
            if (type.IsGenericType && (type.GetGenericTypeDefinition() == typeof(ImmutableArray<>) || type.Name.StartsWith("EquatableArray", StringComparison.Ordinal)))
            {
                return;
            }
        }

        for (Type? t = type; t is not null && t != typeof(object); t = t.BaseType)
        {
            foreach (FieldInfo field in t.GetFields(BindingFlags.Instance | BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.DeclaredOnly))
            {
                if (field.FieldType.IsPointer || field.FieldType.IsByRefLike)
                {
                    continue;
                }

                AssertObjectGraph(field.GetValue(node), $"{path}.{field.Name}", seen);
            }
        }
    }

    private static IncrementalStepRunReason[] Reasons(GeneratorRunResult result, string trackingName) =>
        result.TrackedSteps[trackingName].SelectMany(s => s.Outputs).Select(o => o.Reason).ToArray();

    private static void AssertTrackedStepsRan(GeneratorDriverRunResult run)
    {
        GeneratorRunResult result = Assert.Single(run.Results);
        Assert.Null(result.Exception);
        foreach (string name in TrackingNames)
        {
            Assert.True(result.TrackedSteps.ContainsKey(name), $"no step is tracked as {name}");
            Assert.All(result.TrackedSteps[name].SelectMany(s => s.Outputs), o => Assert.Equal(IncrementalStepRunReason.New, o.Reason));
        }
    }

    private static CSharpCompilation Replace(CSharpCompilation compilation, string path, string text)
    {
        SyntaxTree old = compilation.SyntaxTrees.Single(t => t.FilePath == path);
        return compilation.ReplaceSyntaxTree(old, CSharpSyntaxTree.ParseText(text, TestHelpers.ParseOptions, path: path));
    }
}
