using Ht2.Generators.Model;
using static Ht2.Generators.Emitting.Names;

namespace Ht2.Generators.Emitting;

/// <summary>
/// Writes the frame's rules as the static members of <c>IHt2Frame&lt;TSelf&gt;</c>: <c>CheckHeader</c> (the 9 header
/// bytes alone), <c>CheckPrefix</c> (padding and the fixed-field hook), <c>GetVariablePart</c> and
/// <c>CheckVariablePart</c> (the hook that reads the variable part). The reader, the parser and the writer all
/// use these, so each rule exists once.
/// </summary>
internal static class RulesEmitter
{
    public static void Emit(SourceWriter w, FrameModel model)
    {
        EmitCheckHeader(w, model);
        EmitCheckPrefix(w, model);
        EmitVariablePart(w, model);
    }

    private static void EmitCheckHeader(SourceWriter w, FrameModel model)
    {
        RuleModel rules = model.Rules;
        string name = Display(model);
        string SizeError(string reason) => ErrorOf(rules.SizeErrorScope, "FrameSizeError", reason);

        w.Line("/// <summary>Checks the rules the 9-byte header decides alone; the default value when it passes.</summary>");
        using (w.Block($"public static {Error} CheckHeader(in {Header} header)"))
        {
            if (rules.StreamIdRule == 1)
            {
                w.If("header.StreamId != 0", $"return {ErrorOf(rules.StreamIdErrorScope, "ProtocolError", name + " must be on stream 0.")};");
            }
            else if (rules.StreamIdRule == 2)
            {
                w.If("header.StreamId == 0", $"return {ErrorOf(rules.StreamIdErrorScope, "ProtocolError", name + " must not be on stream 0.")};");
            }

            if (rules.EmptyWithFlags != 0)
            {
                w.If(
                    $"(header.Flags & ({Flags})0x{rules.EmptyWithFlags:X2}) != 0 && header.Length != 0",
                    $"return {SizeError($"{name} with flags 0x{rules.EmptyWithFlags:X2} must have an empty payload.")};");
            }

            if (rules.PayloadLength >= 0)
            {
                w.If($"header.Length != {rules.PayloadLength}", $"return {SizeError($"{name} payload must be {rules.PayloadLength} bytes.")};");
            }

            if (rules.PayloadLengthMultipleOf > 1)
            {
                w.If($"header.Length % {rules.PayloadLengthMultipleOf} != 0", $"return {SizeError($"{name} payload must be a multiple of {rules.PayloadLengthMultipleOf} bytes.")};");
            }

            if (model.MaxFixedLength > 0 && rules.PayloadLength < 0)
            {
                string minimum = model.ConditionMask == 0 ? "MinFixedLength" : Names.FixedLength(model, "header.Flags");
                w.If($"header.Length < {minimum}", $"return {SizeError($"{name} payload is shorter than its fixed fields.")};");
            }

            w.Line("return default;");
        }

        w.Line();
    }

    private static void EmitCheckPrefix(SourceWriter w, FrameModel model)
    {
        string self = model.TypeName;
        w.Line($"""
            /// <summary>The payload bytes <see cref="CheckPrefix"/> reads at most: the fixed fields when padding or a hook needs them.</summary>
            public const int CheckedPrefixLength = {model.CheckedPrefixLength};

            /// <inheritdoc/>
            static int {Interface(model)}.CheckedPrefixLength => CheckedPrefixLength;

            /// <summary>Checks padding and the fixed-field rules; <paramref name="prefix"/> starts the payload and holds the fixed fields present.</summary>
            """);
        using (w.Block($"public static {Error} CheckPrefix(in {Header} header, {ReadOnlySpan} prefix)"))
        {
            w.Line(ChecksFields(model) ? $"{self} parsed = {ReadFixedFields}(in header, prefix);\nreturn {CheckFields}(in header, in parsed);" : "return default;");
        }

        w.Line();
        if (ChecksFields(model))
        {
            EmitCheckFields(w, model);
        }
    }

    /// <summary>True when a rule reads the fixed fields: padding against the length, or the fixed-field hook.</summary>
    public static bool ChecksFields(FrameModel model) => model.PadField is not null || model.Rules.HasFieldHook;

    // The fixed-field rules over fields read once: CheckPrefix and both TryParse forms call this after their read.
    private static void EmitCheckFields(SourceWriter w, FrameModel model)
    {
        w.Line("// Padding against the length and the fixed-field hook, over fields already read from the payload.");
        using (w.Block($"private static {Error} {CheckFields}(in {Header} header, in {model.TypeName} parsed)"))
        {
            if (model.PadField is not null)
            {
                // The padding may use every byte after the fixed fields (an empty variable part is legal), not one more.
                w.If(
                    "header.Length - parsed.FixedLength - parsed.PaddingLength < 0",
                    $"return {Error}.Connection({Code}.ProtocolError, \"{Display(model)} padding is longer than the rest of the payload.\");");
            }

            w.Line(model.Rules.HasFieldHook ? "return Validate(in header, in parsed);" : "return default;");
        }

        w.Line();
    }

    private static void EmitVariablePart(SourceWriter w, FrameModel model)
    {
        string self = model.TypeName;
        int unit = !model.Rules.HasVariableHook ? 0
            : model.Rules.PayloadLengthMultipleOf > 1 && model.MaxFixedLength == 0 && model.PadField is null ? model.Rules.PayloadLengthMultipleOf
            : 1;
        w.Line($"""
            /// <summary>0: no rule reads the variable part; 1: one does, over all of it; above 1: over any run of whole units of this size.</summary>
            public const int VariablePartUnit = {unit};

            /// <inheritdoc/>
            static int {Interface(model)}.VariablePartUnit => VariablePartUnit;

            /// <summary>Where the variable part lies in a payload whose prefix <see cref="CheckPrefix"/> accepted.</summary>
            """);
        using (w.Block($"public static void GetVariablePart(in {Header} header, {ReadOnlySpan} prefix, out int offset, out int length)"))
        {
            if (model.PadField is not null)
            {
                w.Line($"{self} parsed = {ReadFixedFields}(in header, prefix);");
            }
            else
            {
                w.Line($"{self} parsed = default;\nparsed.Flags = header.Flags;");
            }

            w.Line("offset = parsed.FixedLength;\nlength = header.Length - offset - parsed.PaddingLength;");
        }

        w.Line($"""

            /// <summary>Checks the rules that read the variable part (or a run of whole units of it).</summary>
            """);
        using (w.Block($"public static {Error} CheckVariablePart(in {Header} header, {ReadOnlySpan} prefix, {ReadOnlySpan} variablePart)"))
        {
            w.Line(model.Rules.HasVariableHook
                ? $"{self} parsed = {ReadFixedFields}(in header, prefix);\nreturn Validate(in header, in parsed, variablePart);"
                : "return default;");
        }

        w.Line();
    }
}
