using System;
using System.Reflection;
using System.Runtime.Loader;
using Xunit;

namespace Ht2.Generators.Tests;

/// <summary>Generator bugs found while writing the tests, each with the input that showed it.</summary>
public class RegressionTests
{
    [Fact]
    public void Attribute_on_two_parts_of_one_partial_struct_emits_once_and_does_not_throw()
    {
        // One hint name per type: adding it once per part would throw ArgumentException (duplicate hint name).
        GeneratorRun run = TestHelpers.Run(
            "using Ht2; [Ht2Frame(0x10)] public partial struct S { public uint A; }",
            "using Ht2; [Ht2Frame(0x10)] public partial struct S { public ushort B; }");

        run.AssertNoGeneratorException();
        Assert.Equal(["S.Ht2Frame.g.cs"], run.HintNames);
        Assert.Empty(run.GeneratorDiagnostics); // no HT2005 of S against itself
        Assert.Contains(run.Output.GetDiagnostics(), d => d.Id == "CS0579"); // the compiler's duplicate attribute
    }

    // Fields named like the writer's parameters and locals must neither be shadowed (the writer writing the local
    // 'offset' instead of the field) nor make the generated code fail to compile.
    private const string ShadowingFrame = """
        using System;
        using Ht2;

        namespace Contoso.Shadowing;

        [Ht2Frame(0x22)]
        public partial struct ShadowFrame
        {
            public byte offset;
            public ushort destination;
            public uint variableLength;
            public byte payloadLength;
            public byte prefixLength;
            public byte bytesWritten;
            [Ht2Bits(24)] public uint U24;
            [Ht2Bits(24)] public uint u24;
            public byte parsed;
            public byte header;
            public byte payload;
        }

        public static class Probe
        {
            public static byte[] Write()
            {
                var frame = new ShadowFrame
                {
                    StreamId = 5,
                    offset = 0xA1,
                    destination = 0xB1B2,
                    variableLength = 0xC1C2C3C4,
                    payloadLength = 0xD1,
                    prefixLength = 0xE1,
                    bytesWritten = 0xF1,
                    U24 = 0x111213,
                    u24 = 0x212223,
                    parsed = 0x31,
                    header = 0x41,
                    payload = 0x51,
                };
                var buffer = new byte[ShadowFrame.MaxPrefixLength];
                return buffer.AsSpan(0, frame.WritePrefix(buffer, 0)).ToArray();
            }

            public static bool RoundTrips(byte[] bytes)
            {
                FrameHeader header = FrameHeader.Read(bytes);
                return ShadowFrame.TryParse(in header, bytes.AsSpan(FrameHeader.Size), out ShadowFrame frame, out _)
                    && frame.offset == 0xA1 && frame.destination == 0xB1B2 && frame.variableLength == 0xC1C2C3C4
                    && frame.payloadLength == 0xD1 && frame.prefixLength == 0xE1 && frame.bytesWritten == 0xF1
                    && frame.U24 == 0x111213 && frame.u24 == 0x212223
                    && frame.parsed == 0x31 && frame.header == 0x41 && frame.payload == 0x51;
            }
        }
        """;

    [Fact]
    public void Fields_named_like_generated_locals_are_written_and_read_correctly()
    {
        GeneratorRun run = TestHelpers.RunClean(ShadowingFrame);
        (AssemblyLoadContext context, Assembly assembly) = TestHelpers.EmitAndLoad(run.Output);
        try
        {
            Type probe = assembly.GetType("Contoso.Shadowing.Probe", throwOnError: true)!;
            byte[] written = (byte[])probe.GetMethod("Write")!.Invoke(null, null)!;

            byte[] expected =
            [
                0x00, 0x00, 0x13, 0x22, 0x00, 0x00, 0x00, 0x00, 0x05, // header: payload 19 bytes, type 0x22, stream 5
                0xA1,                   // offset
                0xB1, 0xB2,             // destination
                0xC1, 0xC2, 0xC3, 0xC4, // variableLength
                0xD1,                   // payloadLength
                0xE1,                   // prefixLength
                0xF1,                   // bytesWritten
                0x11, 0x12, 0x13,       // U24
                0x21, 0x22, 0x23,       // u24
                0x31,                   // parsed
                0x41,                   // header
                0x51,                   // payload
            ];
            Assert.Equal(expected, written);
            Assert.True((bool)probe.GetMethod("RoundTrips")!.Invoke(null, [expected])!);
        }
        finally
        {
            context.Unload();
        }
    }
}
