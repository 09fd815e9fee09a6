using System;
using System.Linq;
using System.Reflection;
using System.Runtime.Loader;
using Xunit;

namespace Ht2.Generators.Tests;

/// <summary>The generated frame dispatcher of a compilation that declares extension frames.</summary>
public class DispatcherTests
{
    private const string HintName = "Ht2.FrameDispatcher.g.cs";

    // A struct visitor that records what it was handed; Run dispatches one frame given as wire bytes.
    private const string Probe = """
        using System;
        using Ht2;

        namespace Contoso.Extensions;

        public static class Probe
        {
            public static string Run(byte[] wire)
            {
                FrameHeader header = FrameHeader.Read(wire);
                var visitor = new Recorder();
                bool ok = ExtensionFrameDispatcher.TryDispatch(in header, wire.AsSpan(9), ref visitor, out FrameError error);
                return ok ? visitor.Seen : "error: " + error.Reason;
            }

            private struct Recorder : IExtensionFrameVisitor
            {
                public string Seen;

                public void Visit(in PriorityUpdateFrame frame, ReadOnlySpan<byte> variablePart) => Seen = $"PRIORITY_UPDATE {frame.PrioritizedStreamId} {variablePart.Length}";
                public void Visit(in OriginFrame frame, ReadOnlySpan<byte> variablePart) => Seen = $"ORIGIN {variablePart.Length}";
                public void Visit(in DataFrame frame, ReadOnlySpan<byte> variablePart) => Seen = $"DATA {frame.StreamId} {variablePart.Length}";
                public void Visit(in HeadersFrame frame, ReadOnlySpan<byte> variablePart) => Seen = "HEADERS";
                public void Visit(in PriorityFrame frame, ReadOnlySpan<byte> variablePart) => Seen = "PRIORITY";
                public void Visit(in RstStreamFrame frame, ReadOnlySpan<byte> variablePart) => Seen = "RST_STREAM";
                public void Visit(in SettingsFrame frame, ReadOnlySpan<byte> variablePart) => Seen = "SETTINGS";
                public void Visit(in PushPromiseFrame frame, ReadOnlySpan<byte> variablePart) => Seen = "PUSH_PROMISE";
                public void Visit(in PingFrame frame, ReadOnlySpan<byte> variablePart) => Seen = $"PING {frame.OpaqueData}";
                public void Visit(in GoAwayFrame frame, ReadOnlySpan<byte> variablePart) => Seen = "GOAWAY";
                public void Visit(in WindowUpdateFrame frame, ReadOnlySpan<byte> variablePart) => Seen = "WINDOW_UPDATE";
                public void Visit(in ContinuationFrame frame, ReadOnlySpan<byte> variablePart) => Seen = "CONTINUATION";
                public void VisitUnknown(in FrameHeader header, ReadOnlySpan<byte> payload) => Seen = $"unknown 0x{(byte)header.Type:X2} {payload.Length}";
            }
        }
        """;

    [Theory]
    // PRIORITY_UPDATE (RFC 9218 §7.1): length 7, type 0x10, stream 0, prioritized stream 3, field value "u=1".
    [InlineData(new byte[] { 0, 0, 7, 0x10, 0, 0, 0, 0, 0, 0, 0, 0, 3, (byte)'u', (byte)'=', (byte)'1' }, "PRIORITY_UPDATE 3 3")]
    // ORIGIN (RFC 8336 §2): length 0, type 0xc, stream 0.
    [InlineData(new byte[] { 0, 0, 0, 0x0C, 0, 0, 0, 0, 0 }, "ORIGIN 0")]
    // DATA (RFC 9113 §6.1) on stream 1 with 2 bytes: falls back to Ht2.FrameDispatcher.
    [InlineData(new byte[] { 0, 0, 2, 0x00, 0x01, 0, 0, 0, 1, 0xAA, 0xBB }, "DATA 1 2")]
    // PING (RFC 9113 §6.7) with opaque data 5.
    [InlineData(new byte[] { 0, 0, 8, 0x06, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 5 }, "PING 5")]
    // Type 0x20 is declared nowhere: handed over whole.
    [InlineData(new byte[] { 0, 0, 1, 0x20, 0, 0, 0, 0, 0, 0x7F }, "unknown 0x20 1")]
    // PRIORITY_UPDATE on stream 1 breaks its declared stream rule; nothing is visited.
    [InlineData(new byte[] { 0, 0, 4, 0x10, 0, 0, 0, 0, 1, 0, 0, 0, 3 }, "error: ")]
    // WINDOW_UPDATE with increment 0 breaks RFC 9113 §6.9 in the fallback.
    [InlineData(new byte[] { 0, 0, 4, 0x08, 0, 0, 0, 0, 1, 0, 0, 0, 0 }, "error: ")]
    public void Extension_dispatcher_visits_its_frames_and_falls_back_to_the_rfc_ones(byte[] wire, string expected)
    {
        GeneratorRun run = TestHelpers.RunClean(Sources.PriorityUpdate, Sources.Origin, Probe);
        string source = run.Source(HintName);
        Assert.Contains("internal interface IExtensionFrameVisitor : global::Ht2.IFrameVisitor", source);
        Assert.Contains("case global::Contoso.Extensions.PriorityUpdateFrame.TypeCode:", source);
        Assert.Contains("return global::Ht2.FrameDispatcher.TryDispatch(in header, payload, ref visitor, out error);", source);

        (AssemblyLoadContext context, Assembly assembly) = TestHelpers.EmitAndLoad(run.Output);
        try
        {
            string seen = (string)assembly.GetType("Contoso.Extensions.Probe")!.GetMethod("Run")!.Invoke(null, [wire])!;
            if (expected == "error: ")
            {
                // The visitor saw nothing and the error carries the broken rule.
                Assert.StartsWith(expected, seen, StringComparison.Ordinal);
                Assert.True(seen.Length > expected.Length, seen);
            }
            else
            {
                Assert.Equal(expected, seen);
            }
        }
        finally
        {
            context.Unload();
        }
    }

    [Fact]
    public void Frames_the_dispatcher_cannot_name_or_that_reuse_an_rfc_type_are_left_out()
    {
        // A private nested frame cannot be named at namespace level; type 0x0 belongs to DATA in Ht2.FrameDispatcher.
        GeneratorRun run = TestHelpers.RunClean("""
            using Ht2;
            namespace Contoso;
            public partial class Outer { [Ht2Frame(0x30)] private partial struct Hidden { } }
            [Ht2Frame((byte)0x0)] public partial struct MyData { }
            """);
        Assert.DoesNotContain(HintName, run.Single.GeneratedSources.Select(s => s.HintName));
    }

    [Fact]
    public void Frames_of_several_namespaces_share_one_dispatcher_in_the_first_namespace()
    {
        GeneratorRun run = TestHelpers.RunClean(
            "using Ht2; namespace Zeta; [Ht2Frame(0x31)] public partial struct Z { }",
            "using Ht2; namespace Alpha; [Ht2Frame(0x32)] public partial struct A { }");
        string source = run.Source(HintName);
        Assert.Contains("namespace Alpha", source);
        Assert.True(source.IndexOf("global::Zeta.Z.TypeCode", StringComparison.Ordinal) < source.IndexOf("global::Alpha.A.TypeCode", StringComparison.Ordinal), "cases in type-byte order");
    }
}
