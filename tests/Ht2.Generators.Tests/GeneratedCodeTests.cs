using System;
using System.Collections.Generic;
using System.Linq;
using System.Reflection;
using System.Runtime.Loader;
using Microsoft.CodeAnalysis;
using Xunit;

namespace Ht2.Generators.Tests;

/// <summary>The generated code compiles cleanly (nullable on, warnings as errors) and does what the layout says.</summary>
public class GeneratedCodeTests
{
    [Theory]
    [InlineData(nameof(Sources.PriorityUpdate), "Contoso.Extensions.PriorityUpdateFrame.Ht2Frame.g.cs")]
    [InlineData(nameof(Sources.Origin), "Contoso.Extensions.OriginFrame.Ht2Frame.g.cs")]
    [InlineData(nameof(Sources.AllKinds), "Contoso.AllKinds.AllKindsFrame.Ht2Frame.g.cs")]
    [InlineData(nameof(Sources.GlobalNamespace), "GlobalFrame.Ht2Frame.g.cs")]
    [InlineData(nameof(Sources.Nested), "Contoso.Nesting.Outer.Middle.NestedFrame.Ht2Frame.g.cs")]
    [InlineData(nameof(Sources.RecordStruct), "Contoso.Records.RecordFrame.Ht2Frame.g.cs")]
    public void Output_compiles_without_any_diagnostic(string sourceName, string hintName)
    {
        string source = (string)typeof(Sources).GetField(sourceName)!.GetValue(null)!;

        GeneratorRun run = TestHelpers.RunClean(source);

        Assert.Equal([hintName], run.HintNames);
    }

    [Fact]
    public void All_sample_frames_compile_together_without_any_diagnostic()
    {
        GeneratorRun run = TestHelpers.RunClean(
            Sources.PriorityUpdate, Sources.Origin, Sources.AllKinds, Sources.GlobalNamespace, Sources.Nested, Sources.RecordStruct);

        Assert.Equal(6, run.HintNames.Length);
    }

    [Fact]
    public void Declared_reactions_and_hooks_reach_the_generated_rules()
    {
        GeneratorRun run = TestHelpers.RunClean("""
            using System;
            using Ht2;
            namespace Contoso;
            [Ht2Frame(0x0C, Flags = FrameFlags.Ack, StreamId = StreamIdRule.Zero, StreamIdErrorScope = ErrorScope.Ignore, EmptyWithFlags = FrameFlags.Ack, PayloadLengthMultipleOf = 2, SizeErrorScope = ErrorScope.Stream)]
            public partial struct Rules
            {
                public ushort First;
                private static FrameError Validate(in FrameHeader header, in Rules frame) => default;
                private static FrameError Validate(in FrameHeader header, in Rules frame, ReadOnlySpan<byte> variablePart) => default;
            }
            """);
        string source = run.Source("Contoso.Rules.Ht2Frame.g.cs");

        Assert.Contains("return global::Ht2.FrameError.Ignore(header.StreamId, \"Rules must be on stream 0.\");", source);
        Assert.Contains("(header.Flags & (global::Ht2.FrameFlags)0x01) != 0 && header.Length != 0", source);
        Assert.Contains("global::Ht2.FrameError.Stream(global::Ht2.Http2ErrorCode.FrameSizeError, header.StreamId, \"Rules payload must be a multiple of 2 bytes.\")", source);
        Assert.Contains("return Validate(in header, in parsed);", source);
        Assert.Contains("return Validate(in header, in parsed, variablePart);", source);
        Assert.Contains("public const int CheckedPrefixLength = 2;", source);
        // Fixed fields precede the variable part, so its hook sees it whole, not unit by unit.
        Assert.Contains("public const int VariablePartUnit = 1;", source);
        Assert.Contains("streamId != 0", source);
    }

    [Fact]
    public void PriorityUpdate_has_the_rfc9218_shape()
    {
        GeneratorRun run = TestHelpers.RunClean(Sources.PriorityUpdate);
        string source = run.Source("Contoso.Extensions.PriorityUpdateFrame.Ht2Frame.g.cs");

        Assert.Contains("public const byte TypeCode = 0x10;", source);
        Assert.Contains("public const int MaxFixedLength = 4;", source);
        Assert.Contains("public const int MinFixedLength = 4;", source);
        Assert.Contains("header.StreamId != 0", source);
        Assert.Contains("partial struct PriorityUpdateFrame : global::Ht2.IHt2Frame<PriorityUpdateFrame>", source);
    }

    [Fact]
    public void Origin_has_no_fixed_fields()
    {
        GeneratorRun run = TestHelpers.RunClean(Sources.Origin);
        string source = run.Source("Contoso.Extensions.OriginFrame.Ht2Frame.g.cs");

        Assert.Contains("public const byte TypeCode = 0x0C;", source);
        Assert.Contains("public const int MaxFixedLength = 0;", source);
        Assert.Contains("header.StreamId != 0", source);
    }

    // Flags 0x69 = END_STREAM | PADDED | PRIORITY | 0x40: every conditional field present. Variable part 2 bytes,
    // Pad Length 3. Fixed fields: 67 bytes, payload 67 + 2 + 3 = 72 = 0x48. Written by hand from the declaration.
    private static readonly byte[] AllFlagsPrefix =
    [
        0x00, 0x00, 0x48, 0x21, 0x69, 0x01, 0x02, 0x03, 0x04, // header: length 72, type 0x21, flags 0x69, stream 0x01020304
        0x03,                                                 // PadLength (PADDED)
        0xF1,                                                 // U8
        0xFE,                                                 // I8 = -2
        0xF2, 0xF3,                                           // U16
        0xFF, 0xFD,                                           // I16 = -3
        0xF4, 0xF5, 0xF6,                                     // U24
        0xF7, 0xF8, 0xF9, 0xFA,                               // U32
        0xFF, 0xFF, 0xFF, 0xFC,                               // I32 = -4
        0x7B, 0x0C, 0x0D, 0x0E,                               // U31 (reserved bit 0)
        0x11, 0x22, 0x33, 0x44, 0x55, 0x66, 0x77, 0x88,       // U64
        0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFB,       // I64 = -5
        0xA8,                                                 // Enum8
        0xA1, 0x6B,                                           // Enum16
        0xA3, 0x20, 0xB3, 0x2C,                               // Enum32
        0xA6, 0x40, 0xB6, 0x4C, 0xD6, 0x4E, 0x0F, 0x64,       // Enum64
        0x80, 0x00, 0x00, 0x07,                               // Exclusive = 1 | Dependency = 7
        0x51, 0x52,                                           // WhenPriority16 (PRIORITY)
        0x53, 0x54, 0x55, 0x56,                               // WhenPriority32 (PRIORITY)
        0x7F, 0xFF, 0xFF, 0xFF,                               // WhenX40High = 0 | WhenX40Low = 2^31-1 (0x40)
    ];

    // Flags 0x01 = END_STREAM only: no Pad Length, no PRIORITY or 0x40 fields. Fixed 56 bytes, payload 58 = 0x3A.
    private static readonly byte[] NoOptionalPrefix =
    [
        0x00, 0x00, 0x3A, 0x21, 0x01, 0x01, 0x02, 0x03, 0x04,
        0xF1,
        0xFE,
        0xF2, 0xF3,
        0xFF, 0xFD,
        0xF4, 0xF5, 0xF6,
        0xF7, 0xF8, 0xF9, 0xFA,
        0xFF, 0xFF, 0xFF, 0xFC,
        0x7B, 0x0C, 0x0D, 0x0E,
        0x11, 0x22, 0x33, 0x44, 0x55, 0x66, 0x77, 0x88,
        0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFB,
        0xA8,
        0xA1, 0x6B,
        0xA3, 0x20, 0xB3, 0x2C,
        0xA6, 0x40, 0xB6, 0x4C, 0xD6, 0x4E, 0x0F, 0x64,
        0x80, 0x00, 0x00, 0x07,
    ];

    private static readonly Dictionary<string, object> AlwaysPresent = new()
    {
        ["U8"] = (byte)0xF1,
        ["I8"] = (sbyte)-2,
        ["U16"] = (ushort)0xF2F3,
        ["I16"] = (short)-3,
        ["U24"] = 0xF4F5F6u,
        ["U32"] = 0xF7F8F9FAu,
        ["I32"] = -4,
        ["U31"] = 0x7B0C0D0Eu,
        ["U64"] = 0x1122334455667788ul,
        ["I64"] = -5L,
        ["Enum8"] = 0xA8ul,
        ["Enum16"] = 0xA16Bul,
        ["Enum32"] = 0xA320B32Cul,
        ["Enum64"] = 0xA640B64C_D64E0F64ul,
        ["Exclusive"] = true,
        ["Dependency"] = 7u,
    };

    [Fact]
    public void AllKinds_writes_the_hand_written_bytes_and_parses_them_back()
    {
        WithAllKinds(probe =>
        {
            Assert.Equal(9 + 67, (int)probe.GetMethod("MaxPrefix")!.Invoke(null, null)!);

            byte[] written = (byte[])probe.GetMethod("Write")!.Invoke(null, [(byte)0x69, 2])!;
            Assert.Equal(AllFlagsPrefix, written);

            byte[] frame = [.. AllFlagsPrefix, 0xAA, 0xBB, 0x00, 0x00, 0x00];
            object parsed = Parse(probe, frame, out byte[] variable, out string? error);
            Assert.Null(error);
            Assert.Equal([0xAA, 0xBB], variable);
            AssertFields(parsed, new Dictionary<string, object>(AlwaysPresent)
            {
                ["StreamId"] = 0x01020304u,
                ["PadLength"] = (byte)3,
                ["WhenPriority16"] = (ushort)0x5152,
                ["WhenPriority32"] = 0x53545556u,
                ["WhenX40High"] = false,
                ["WhenX40Low"] = 0x7FFFFFFFu,
            });
            Assert.Equal(0x69, Convert.ToInt32(Field(parsed, "Flags")));

            // Through the static abstract IHt2Frame<T>.Parse, too.
            object generic = probe.GetMethod("GenericParse")!.Invoke(null, [frame])!;
            Assert.Equal(parsed, generic);
        });
    }

    [Fact]
    public void AllKinds_without_optional_flags_leaves_out_the_conditional_fields()
    {
        WithAllKinds(probe =>
        {
            byte[] written = (byte[])probe.GetMethod("Write")!.Invoke(null, [(byte)0x01, 2])!;
            Assert.Equal(NoOptionalPrefix, written);

            byte[] frame = [.. NoOptionalPrefix, 0xAA, 0xBB];
            object parsed = Parse(probe, frame, out byte[] variable, out string? error);
            Assert.Null(error);
            Assert.Equal([0xAA, 0xBB], variable);
            AssertFields(parsed, new Dictionary<string, object>(AlwaysPresent)
            {
                ["PadLength"] = (byte)0,
                ["WhenPriority16"] = (ushort)0,
                ["WhenPriority32"] = 0u,
                ["WhenX40High"] = false,
                ["WhenX40Low"] = 0u,
            });
        });
    }

    [Fact]
    public void AllKinds_parser_ignores_reserved_bits_and_reads_the_high_bit()
    {
        WithAllKinds(probe =>
        {
            byte[] frame = [.. NoOptionalPrefix, 0xAA, 0xBB];
            frame[9 + 17] |= 0x80; // reserved bit of U31
            frame[9 + 52] = 0x00;  // Exclusive = 0, Dependency high byte 0
            frame[9 + 55] = 0x09;  // Dependency = 9

            object parsed = Parse(probe, frame, out _, out string? error);

            Assert.Null(error);
            Assert.Equal(0x7B0C0D0Eu, Field(parsed, "U31"));
            Assert.Equal(false, Field(parsed, "Exclusive"));
            Assert.Equal(9u, Field(parsed, "Dependency"));
        });
    }

    [Theory]
    [InlineData("stream0", "ProtocolError/Connection")]
    [InlineData("short", "FrameSizeError/Connection")]
    [InlineData("padding", "ProtocolError/Connection")]
    public void AllKinds_parser_rejects_rule_breaking_frames(string breakage, string expected)
    {
        WithAllKinds(probe =>
        {
            byte[] frame = breakage switch
            {
                // Stream 0 on a NonZero frame.
                "stream0" => [0x00, 0x00, 0x3A, 0x21, 0x01, 0x00, 0x00, 0x00, 0x00, .. NoOptionalPrefix.AsSpan(9).ToArray(), 0xAA, 0xBB],
                // 55 payload bytes: one short of the 56 fixed bytes.
                "short" => [0x00, 0x00, 0x37, 0x21, 0x01, 0x01, 0x02, 0x03, 0x04, .. NoOptionalPrefix.AsSpan(9, 55).ToArray()],
                // PADDED with Pad Length 200 but only 57 + 2 payload bytes.
                _ => [0x00, 0x00, 0x3B, 0x21, 0x09, 0x01, 0x02, 0x03, 0x04, 200, .. NoOptionalPrefix.AsSpan(9).ToArray(), 0xAA, 0xBB],
            };

            object? parsed = Parse(probe, frame, out byte[] variable, out string? error);

            Assert.Null(parsed);
            Assert.Empty(variable);
            Assert.NotNull(error);
            Assert.StartsWith(expected + ":", error);
        });
    }

    private static object Parse(Type probe, byte[] frame, out byte[] variable, out string? error)
    {
        object?[] arguments = [frame, null, null];
        object? parsed = probe.GetMethod("Parse")!.Invoke(null, arguments);
        variable = (byte[])arguments[1]!;
        error = (string?)arguments[2];
        return parsed!;
    }

    private static object? Field(object frame, string name)
    {
        Type type = frame.GetType();
        return type.GetField(name)?.GetValue(frame) ?? type.GetProperty(name)?.GetValue(frame);
    }

    private static void AssertFields(object frame, Dictionary<string, object> expected)
    {
        foreach ((string name, object value) in expected)
        {
            object? actual = Field(frame, name);
            Assert.NotNull(actual);
            if (actual.GetType().IsEnum)
            {
                actual = Convert.ToUInt64(actual, System.Globalization.CultureInfo.InvariantCulture);
            }

            Assert.True(Equals(value, actual), $"{name}: expected {value} ({value.GetType().Name}), got {actual} ({actual.GetType().Name})");
        }
    }

    private static void WithAllKinds(Action<Type> test)
    {
        GeneratorRun run = TestHelpers.RunClean(Sources.AllKinds);
        (AssemblyLoadContext context, Assembly assembly) = TestHelpers.EmitAndLoad(run.Output);
        try
        {
            test(assembly.GetType("Contoso.AllKinds.Probe", throwOnError: true)!);
        }
        catch (TargetInvocationException e) when (e.InnerException is not null)
        {
            throw new InvalidOperationException("The generated code threw: " + e.InnerException, e.InnerException);
        }
        finally
        {
            context.Unload();
        }
    }
}
