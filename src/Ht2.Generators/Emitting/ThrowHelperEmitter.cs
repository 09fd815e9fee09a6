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

                    throw new {{OutOfRange}}(nameof(variableLength), variableLength, "The {{model.TypeName}} payload would exceed the 24-bit length field (2^24-1 bytes).");
                }

                {{DoesNotReturn}}
                public static void Field(string name, object value, string message) =>
                    throw new {{OutOfRange}}(name, value, message);

                {{DoesNotReturn}}
                public static void Destination() =>
                    throw new {{Argument}}("The destination is smaller than the {{model.TypeName}} prefix.", "destination");

                {{DoesNotReturn}}
                public static void StreamId(uint streamId) =>
                    throw new {{OutOfRange}}(nameof(streamId), streamId, {{StreamIdMessage(model.Rules.StreamIdRule, name)}});
                """);
            RuleModel rules = model.Rules;
            if (rules.PayloadLength >= 0 || rules.PayloadLengthMultipleOf > 1)
            {
                string expected = rules.PayloadLength >= 0 ? $"exactly {rules.PayloadLength}" : $"a multiple of {rules.PayloadLengthMultipleOf}";
                w.Line($$"""

                    {{DoesNotReturn}}
                    public static void PayloadLength(int variableLength) =>
                        throw new {{OutOfRange}}(nameof(variableLength), variableLength, "A {{name}} payload must be {{expected}} bytes long.");
                    """);
            }

            if (rules.EmptyWithFlags != 0)
            {
                w.Line($$"""

                    {{DoesNotReturn}}
                    public static void NotEmpty() =>
                        throw new {{Argument}}("A {{name}} with flags 0x{{rules.EmptyWithFlags:X2}} must have an empty payload.", "variableLength");
                    """);
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

    private static string StreamIdMessage(int rule, string name) => rule switch
    {
        1 => $"\"{name} must be on stream 0.\"",
        2 => $"streamId == 0 ? \"{name} must not be on stream 0.\" : \"A stream identifier must not exceed 2^31-1.\"",
        _ => "\"A stream identifier must not exceed 2^31-1.\"",
    };
}
