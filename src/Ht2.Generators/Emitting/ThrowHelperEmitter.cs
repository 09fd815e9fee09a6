using Ht2.Generators.Model;
using static Ht2.Generators.Emitting.Names;

namespace Ht2.Generators.Emitting;

/// <summary>
/// Writes the writer's cold paths, out of line so the writers stay small enough to inline. Deliberately not
/// [MethodImpl(NoInlining)]: the JIT then sees that these only throw, treats each call as not returning and
/// keeps the hot path's facts (destination length, no spills).
/// </summary>
internal static class ThrowHelperEmitter
{
    private const string OutOfRange = "global::System.ArgumentOutOfRangeException";
    private const string Argument = "global::System.ArgumentException";

    public static void Emit(SourceWriter w, FrameModel model)
    {
        string name = Display(model);
        using (w.Block($"private static class {ThrowClass}"))
        {
            w.Line($$"""
                {{DoesNotReturn}}
                public static void VariableLength(int variableLength)
                {
                    if (variableLength < 0)
                    {
                        throw new {{OutOfRange}}(nameof(variableLength), variableLength, "The variable part cannot have a negative length.");
                    }

                    throw new {{OutOfRange}}(nameof(variableLength), variableLength, "The {{name}} frame payload would exceed the 24-bit length field (2^24-1 bytes).");
                }

                {{DoesNotReturn}}
                public static void Destination() =>
                    throw new {{Argument}}("The destination is smaller than the {{name}} frame prefix.", "destination");

                {{DoesNotReturn}}
                public static void StreamId(uint streamId) =>
                    throw new {{OutOfRange}}(nameof(streamId), streamId, {{StreamIdMessage(model.Rules.StreamIdRule, name)}});
                """);
            // One helper per checked field: the writer passes only the value, so boxing and the messages stay here.
            foreach (FieldModel field in model.Fields)
            {
                if (WriterEmitter.FieldWidthBits(field) is int bits)
                {
                    w.Line($$"""

                        {{DoesNotReturn}}
                        public static void {{field.Name}}Width({{field.FieldType}} value) =>
                            throw new {{OutOfRange}}("{{field.Name}}", value, "{{field.Name}} does not fit its {{bits}}-bit field.");
                        """);
                }
            }

            RuleModel rules = model.Rules;
            if (rules.PayloadLength >= 0 || rules.PayloadLengthMultipleOf > 1)
            {
                w.Line($$"""

                    {{DoesNotReturn}}
                    public static void PayloadLength(int variableLength) =>
                        {{ThrowPayloadLength(model)}};
                    """);
            }

            if (rules.EmptyWithFlags != 0)
            {
                w.Line($$"""

                    {{DoesNotReturn}}
                    public static void NotEmpty() =>
                        {{ThrowNotEmpty(model)}};
                    """);
            }

            if (WriterEmitter.FusesLengthRules(model))
            {
                EmitLength(w, model);
            }

            if (rules.HasFieldHook)
            {
                w.Line($$"""

                    {{DoesNotReturn}}
                    public static void Rule(string reason) =>
                        throw new {{Argument}}(reason);
                    """);
            }
        }

        w.Line();
    }

    /// <summary>
    /// The cold side of the writer's one fused length test: throws what the separate checks would, in their order.
    /// It ends in a throw of its own so that the JIT sees it never returns.
    /// </summary>
    private static void EmitLength(SourceWriter w, FrameModel model)
    {
        RuleModel rules = model.Rules;
        w.Line($"\n{DoesNotReturn}");
        using (w.Block("public static void Length(int variableLength)"))
        {
            w.If($"(uint)variableLength > {Header}.MaxLength", "VariableLength(variableLength);");
            if (rules.EmptyWithFlags == 0)
            {
                w.Line($"{ThrowPayloadLength(model)};");
                return;
            }

            if (rules.PayloadLengthMultipleOf > 1)
            {
                w.If($"(uint)variableLength % {rules.PayloadLengthMultipleOf}u != 0", "PayloadLength(variableLength);");
            }

            w.Line($"{ThrowNotEmpty(model)};");
        }
    }

    private static string ThrowPayloadLength(FrameModel model)
    {
        RuleModel rules = model.Rules;
        string expected = rules.PayloadLength >= 0 ? $"exactly {rules.PayloadLength}" : $"a multiple of {rules.PayloadLengthMultipleOf}";
        return $"throw new {OutOfRange}(nameof(variableLength), variableLength, \"A {Display(model)} payload must be {expected} bytes long.\")";
    }

    private static string ThrowNotEmpty(FrameModel model) =>
        $"throw new {Argument}(\"A {Display(model)} with flags 0x{model.Rules.EmptyWithFlags:X2} must have an empty payload.\", \"variableLength\")";

    private static string StreamIdMessage(int rule, string name) => rule switch
    {
        1 => $"\"{name} must be on stream 0.\"",
        2 => $"streamId == 0 ? \"{name} must not be on stream 0.\" : \"A stream identifier must not exceed 2^31-1.\"",
        _ => "\"A stream identifier must not exceed 2^31-1.\"",
    };
}
