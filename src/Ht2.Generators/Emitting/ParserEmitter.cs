using Ht2.Generators.Model;
using static Ht2.Generators.Emitting.Names;

namespace Ht2.Generators.Emitting;

/// <summary>
/// Writes the fixed-field reader and <c>TryParse</c>/<c>Parse</c>. The parser holds no rule of its own: it runs
/// the generated rules (<c>CheckHeader</c>, the fixed-field check <c>CheckPrefix</c> shares, the variable-part hook) in the
/// reader's order, reading the fixed fields once.
/// </summary>
internal static class ParserEmitter
{
    public static void Emit(SourceWriter w, FrameModel model)
    {
        EmitReadFixedFields(w, model);
        EmitTryParse(w, model);
        SequenceParserEmitter.Emit(w, model);
        EmitParse(w, model);
    }

    private static void EmitReadFixedFields(SourceWriter w, FrameModel model)
    {
        string self = model.TypeName;
        w.Line("// Reads the fixed fields present under the header's flags; payload holds at least those.");
        using (w.Block($"private static {self} {ReadFixedFields}(in {Header} header, {ReadOnlySpan} payload)"))
        {
            w.Line($"{self} parsed = default;\nparsed.StreamId = header.StreamId;\nparsed.Flags = header.Flags;");
            if (model.Fields.Count > 0)
            {
                w.Line("int offset = 0;");
                FieldCode.ForEachConditionGroup(w, model, "parsed.Flags", (field, _) => FieldCode.Read(w, field));
            }

            w.Line("return parsed;");
        }

        w.Line();
    }

    private static void EmitTryParse(SourceWriter w, FrameModel model)
    {
        string self = model.TypeName;
        w.Line($"""
            /// <summary>Parses and validates a {self}; returns false when it breaks an RFC 9113 rule.</summary>
            public static bool TryParse(in {Header} header, {ReadOnlySpan} payload, out {self} frame, out {ReadOnlySpan} variablePart) =>
                TryParse(in header, payload, out frame, out variablePart, out _);

            /// <summary>Parses and validates a {self}; returns false with the RFC 9113 error (or the reason to ignore it) when it breaks a rule.</summary>
            /// <exception cref="global::System.ArgumentException">The header is of another frame type, or <paramref name="payload"/> is not exactly the header's length.</exception>
            """);
        using (w.Block($"public static bool TryParse(in {Header} header, {ReadOnlySpan} payload, out {self} frame, out {ReadOnlySpan} variablePart, out {Error} error)"))
        {
            w.Line($"frame = default;\nvariablePart = default;\n{CheckArguments}(in header, payload.Length);\nerror = CheckHeader(in header);");
            w.If("error.IsError", "return false;");
            w.Line($"{self} parsed = {ReadFixedFields}(in header, payload);");
            EmitCheckFields(w, model);
            w.Line($"""
                int fixedLength = parsed.FixedLength;
                {ReadOnlySpan} rest = payload.Slice(fixedLength, payload.Length - fixedLength - parsed.PaddingLength);
                """);
            if (model.Rules.HasVariableHook)
            {
                w.Line("error = Validate(in header, in parsed, rest);");
                w.If("error.IsError", "return false;");
            }

            w.Line("frame = parsed;\nvariablePart = rest;\nreturn true;");
        }

        w.Line();
        using (w.Block($"private static void {CheckArguments}(in {Header} header, long payloadLength)"))
        {
            w.If("(byte)header.Type != TypeCode", $"throw new global::System.ArgumentException(\"The header is not of a {Display(model)} frame.\", nameof(header));");
            w.Line("if (payloadLength != header.Length)\n{\n    throw new global::System.ArgumentException(\"The payload must be exactly the header's length.\", \"payload\");\n}");
        }

        w.Line();
    }

    /// <summary>The fixed-field rules once the fields are read; the same helper as <c>CheckPrefix</c>.</summary>
    public static void EmitCheckFields(SourceWriter w, FrameModel model)
    {
        if (RulesEmitter.ChecksFields(model))
        {
            w.Line($"error = {CheckFields}(in header, in parsed);");
            w.If("error.IsError", "return false;");
        }
    }

    private static void EmitParse(SourceWriter w, FrameModel model)
    {
        string self = model.TypeName;
        w.Line($"""
            /// <summary>Parses and validates a {self}.</summary>
            /// <exception cref="global::Ht2.Ht2ProtocolException">The frame breaks an RFC 9113 rule; the exception names the error code and scope.</exception>
            """);
        using (w.Block($"public static {self} Parse(in {Header} header, {ReadOnlySpan} payload, out {ReadOnlySpan} variablePart)"))
        {
            w.If($"!TryParse(in header, payload, out {self} frame, out variablePart, out {Error} error)", "throw error.ToException();");
            w.Line("return frame;");
        }

        w.Line();
    }
}
