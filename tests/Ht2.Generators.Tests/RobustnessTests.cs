using System.Linq;
using Microsoft.CodeAnalysis;
using Xunit;

namespace Ht2.Generators.Tests;

/// <summary>Broken, incomplete and odd declarations: the generator never throws, whatever the user is typing.</summary>
public class RobustnessTests
{
    public static TheoryData<string> BrokenSources() =>
    [
        // Missing or wrong attribute arguments.
        "using Ht2; [Ht2Frame] public partial struct S { public uint A; }",
        "using Ht2; [Ht2Frame()] public partial struct S { public uint A; }",
        "using Ht2; [Ht2Frame(] public partial struct S { public uint A; }",
        "using Ht2; [Ht2Frame(\"x\")] public partial struct S { public uint A; }",
        "using Ht2; [Ht2Frame(3.5)] public partial struct S { public uint A; }",
        "using Ht2; [Ht2Frame(300)] public partial struct S { public uint A; }",
        "using Ht2; [Ht2Frame(-1)] public partial struct S { public uint A; }",
        "using Ht2; [Ht2Frame(0x10, 0x11)] public partial struct S { public uint A; }",
        "using Ht2; [Ht2Frame(null)] public partial struct S { public uint A; }",
        "using Ht2; [Ht2Frame(typeof(int))] public partial struct S { public uint A; }",
        "using Ht2; [Ht2Frame(Undefined.Value)] public partial struct S { public uint A; }",
        "using Ht2; [Ht2Frame(0x10, Flags = \"x\")] public partial struct S { public uint A; }",
        "using Ht2; [Ht2Frame(0x10, Flags = 3.5)] public partial struct S { public uint A; }",
        "using Ht2; [Ht2Frame(0x10, Flags = null)] public partial struct S { public uint A; }",
        "using Ht2; [Ht2Frame(0x10, PayloadLength = \"4\")] public partial struct S { public uint A; }",
        "using Ht2; [Ht2Frame(0x10, PayloadLength = 4L)] public partial struct S { public uint A; }",
        "using Ht2; [Ht2Frame(0x10, PayloadLength = 1e10)] public partial struct S { public uint A; }",
        "using Ht2; [Ht2Frame(0x10, PayloadLength = -5)] public partial struct S { public uint A; }",
        "using Ht2; [Ht2Frame(0x10, PayloadLengthMultipleOf = -6)] public partial struct S { public uint A; }",
        "using Ht2; [Ht2Frame(0x10, StreamId = (StreamIdRule)7)] public partial struct S { public uint A; }",
        "using Ht2; [Ht2Frame(0x10, Type = 3)] public partial struct S { public uint A; }",
        "using Ht2; [Ht2Frame(0x10, Nope = 3)] public partial struct S { public uint A; }",
        "using Ht2; [Ht2Frame(0x10, Flags =)] public partial struct S { public uint A; }",
        "using Ht2; [Ht2Frame(0x10)] [Ht2Frame(0x11)] public partial struct S { public uint A; }",
        // Wrong field attribute arguments.
        "using Ht2; [Ht2Frame(0x10)] public partial struct S { [Ht2Bits] public uint A; }",
        "using Ht2; [Ht2Frame(0x10)] public partial struct S { [Ht2Bits(\"24\")] public uint A; }",
        "using Ht2; [Ht2Frame(0x10)] public partial struct S { [Ht2Bits(24L)] public uint A; }",
        "using Ht2; [Ht2Frame(0x10)] public partial struct S { [Ht2Bits(1e10)] public uint A; }",
        "using Ht2; [Ht2Frame(0x10)] public partial struct S { [Ht2Bits(null)] public uint A; }",
        "using Ht2; [Ht2Frame(0x10)] public partial struct S { [Ht2Bits(-1)] public uint A; }",
        "using Ht2; [Ht2Frame(0x10)] public partial struct S { [Ht2Bits(int.MaxValue)] public uint A; }",
        "using Ht2; [Ht2Frame(0x10)] public partial struct S { [Ht2Bits(1)] public bool A; [Ht2Bits(\"31\")] public uint B; }",
        "using Ht2; [Ht2Frame(0x10)] public partial struct S { [Ht2Bits(1)] public bool A; [Ht2Bits(31), Ht2Bits(31)] public uint B; }",
        "using Ht2; [Ht2Frame(0x10, Flags = FrameFlags.Priority)] public partial struct S { [Ht2WhenFlag] public uint A; }",
        "using Ht2; [Ht2Frame(0x10, Flags = FrameFlags.Priority)] public partial struct S { [Ht2WhenFlag(\"x\")] public uint A; }",
        "using Ht2; [Ht2Frame(0x10, Flags = FrameFlags.Priority)] public partial struct S { [Ht2WhenFlag(1000)] public uint A; }",
        "using Ht2; [Ht2Frame(0x10, Flags = FrameFlags.Priority)] public partial struct S { [Ht2WhenFlag(3.5)] public uint A; }",
        "using Ht2; [Ht2Frame(0x10, Flags = FrameFlags.Padded)] public partial struct S { [Ht2PadLength(1)] public byte A; }",
        "using Ht2; [Ht2Frame(0x10, Flags = FrameFlags.Padded)] public partial struct S { [Ht2PadLength] public byte A; [Ht2PadLength] public byte B; }",
        // Syntax errors and incomplete declarations.
        "using Ht2; [Ht2Frame(0x10)] public partial struct",
        "using Ht2; [Ht2Frame(0x10)] public partial struct S",
        "using Ht2; [Ht2Frame(0x10)] public partial struct S {",
        "using Ht2; [Ht2Frame(0x10)] public partial struct S { public uint }",
        "using Ht2; [Ht2Frame(0x10)] public partial struct S { public uint A",
        "using Ht2; [Ht2Frame(0x10)] public partial struct S { public A; }",
        "using Ht2; [Ht2Frame(0x10)] public partial struct S { public uint A, B, ; }",
        "using Ht2; [Ht2Frame(0x10)] public partial struct { public uint A; }",
        "using Ht2; [Ht2Frame(0x10)] partial",
        "using Ht2; [Ht2Frame(0x10)]",
        "using Ht2; namespace { [Ht2Frame(0x10)] public partial struct S { public uint A; } }",
        "using Ht2; [Ht2Frame(0x10)] public partial struct S { public uint A; } }}}",
        "using Ht2; [Ht2Frame(0x10)] public partial struct S : { public uint A; }",
        "using Ht2; [Ht2Frame(0x10)] public partial struct S<> { public uint A; }",
        "using Ht2; [Ht2Frame(0x10)] public partial struct S<T> where T : { public uint A; }",
        // Undefined types and odd members.
        "using Ht2; [Ht2Frame(0x10)] public partial struct S { public Undefined A; }",
        "using Ht2; [Ht2Frame(0x10)] public partial struct S { public Undefined<int> A; public uint B; }",
        "using Ht2; [Ht2Frame(0x10)] public partial struct S { public uint[] A; }",
        "using Ht2; [Ht2Frame(0x10)] public partial struct S { public uint? A; }",
        "using Ht2; [Ht2Frame(0x10)] public partial struct S { public (uint, uint) A; }",
        "using Ht2; [Ht2Frame(0x10)] public partial struct S { public S A; }",
        "using Ht2; [Ht2Frame(0x10)] public unsafe partial struct S { public fixed byte A[4]; }",
        "using Ht2; [Ht2Frame(0x10)] public unsafe partial struct S { public byte* A; }",
        "using Ht2; [Ht2Frame(0x10)] public partial struct S { public static uint A; public const int B = 1; public static readonly uint C = 1; }",
        "using Ht2; [Ht2Frame(0x10)] public partial struct S { public static Undefined A; public const string B = \"\"; }",
        "using Ht2; [Ht2Frame(0x10)] public partial struct S { public uint A { get; set; } public event System.Action? E; }",
        "using Ht2; [Ht2Frame(0x10)] public partial struct S { public uint A; public uint A; }",
        "using Ht2; [Ht2Frame(0x10)] public partial struct S { public E A; } public enum E : long { X }",
        "using Ht2; [Ht2Frame(0x10)] public partial struct S { public E A; } public enum E : Undefined { X }",
        "using Ht2; [Ht2Frame(0x10)] public partial struct S { [Ht2Bits(31)] public E A; } public enum E : uint { X }",
        "using Ht2; [Ht2Frame(0x10)] public partial struct S { [Ht2Bits(24)] public E A; } public enum E : int { X }",
        "using Ht2; [Ht2Frame(0x10)] public partial struct S { [Ht2Bits(1)] public bool A; }",
        "using Ht2; [Ht2Frame(0x10)] public partial struct S { [Ht2Bits(31)] public uint A; [Ht2Bits(1)] public bool B; }",
        // Odd containers.
        "using Ht2; [Ht2Frame(0x10)] public partial interface S { }",
        "using Ht2; [Ht2Frame(0x10)] public enum S { A }",
        "using Ht2; [Ht2Frame(0x10)] public delegate void S();",
        "using Ht2; [Ht2Frame(0x10)] public partial record S(uint A);",
        "using Ht2; [Ht2Frame(0x10)] public partial record struct S(uint A);",
        "using Ht2; [Ht2Frame(0x10)] public readonly partial struct S { public readonly uint A; }",
        "using Ht2; [Ht2Frame(0x10)] public ref partial struct S { public uint A; }",
        "using Ht2; public partial struct Outer<T> { public partial class Mid { [Ht2Frame(0x10)] public partial struct S { public uint A; } } }",
        "using Ht2; public partial class Outer { void M() { [Ht2Frame(0x10)] void Local() { } } }",
        "using Ht2; public partial struct S { } [Ht2Frame(0x10)] public partial struct S { public uint A; }",
        "using Ht2; [Ht2Frame(0x10)] public partial struct S { public uint A; } [Ht2Frame(0x10)] public partial struct S { public uint B; }",
        "using Ht2; [Ht2Frame(0x10)] public partial struct S { } public partial struct S { public uint A; }",
        "using H = Ht2.Ht2FrameAttribute; [H(0x10)] public partial struct S { public uint A; }",
        "[Ht2.Ht2Frame(0x10)] public partial struct S { [Ht2.Ht2Bits(31)] public uint A; }",
        "[Ht2Frame(0x10)] public partial struct S { public uint A; }",
    ];

    [Theory]
    [MemberData(nameof(BrokenSources))]
    public void Generator_never_throws(string source)
    {
        GeneratorRun run = TestHelpers.Run(source);

        run.AssertNoGeneratorException();
        // A crashing generator is also reported by the driver as CS8785 on the compilation.
        Assert.DoesNotContain(run.GeneratorDiagnostics, d => d.Id is "CS8784" or "CS8785");
    }

    [Theory]
    [MemberData(nameof(BrokenSources))]
    public void Generator_never_throws_with_every_broken_source_together(string source)
    {
        // The same source next to a valid frame of another type and in a namespace: still no exception,
        // and the valid frame is still emitted.
        GeneratorRun run = TestHelpers.Run(source, Sources.PriorityUpdate.Replace("0x10", "0x7f"));

        run.AssertNoGeneratorException();
        Assert.Contains("Contoso.Extensions.PriorityUpdateFrame.Ht2Frame.g.cs", run.HintNames);
    }

    [Fact]
    public void Generated_code_of_a_frame_whose_attribute_is_ok_compiles_even_when_another_struct_is_broken()
    {
        GeneratorRun run = TestHelpers.Run(
            "using Ht2; namespace Contoso; [Ht2Frame(0x20)] public partial struct Broken { public string Text; }",
            Sources.PriorityUpdate);

        run.AssertNoGeneratorException();
        Assert.Equal(["Contoso.Extensions.PriorityUpdateFrame.Ht2Frame.g.cs"], run.HintNames);
        Assert.Equal("HT2003", Assert.Single(run.GeneratorDiagnostics).Id);
        Assert.DoesNotContain(run.Output.GetDiagnostics(), d => d.Location.SourceTree?.FilePath.EndsWith(".g.cs", System.StringComparison.Ordinal) == true);
    }
}
