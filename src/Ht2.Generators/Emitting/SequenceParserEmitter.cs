using Ht2.Generators.Model;
using static Ht2.Generators.Emitting.Names;

namespace Ht2.Generators.Emitting;

/// <summary>
/// Writes <c>TryParse</c> over a <c>ReadOnlySequence&lt;byte&gt;</c> payload, the form a pipe's reader hands over.
/// A single-segment payload goes through the span parser and its variable part is sliced from the sequence, so
/// nothing is copied. Across segments only the fixed fields are gathered (on the stack, or in a pooled buffer when
/// they are unusually large); the variable part stays a slice of the sequence and the variable-part hook reads it
/// through <c>FrameReader.CheckVariablePart</c>, the reader's own segmented check.
/// </summary>
internal static class SequenceParserEmitter
{
    /// <summary>Fixed parts up to this size are gathered on the stack; larger ones in a pooled array.</summary>
    private const int StackBytes = 256;

    private const string Sequence = "global::System.Buffers.ReadOnlySequence<byte>";
    private const string Pool = "global::System.Buffers.ArrayPool<byte>.Shared";

    public static void Emit(SourceWriter w, FrameModel model)
    {
        string self = model.TypeName;
        w.Line($"""
            /// <summary>
            /// Parses and validates a {self} whose payload may span segments; returns false with the RFC 9113 error (or the
            /// reason to ignore it) when it breaks a rule. Nothing is copied but the fixed fields when they straddle segments;
            /// <paramref name="variablePart"/> is a slice of <paramref name="payload"/>. Allocates nothing.
            /// </summary>
            /// <exception cref="global::System.ArgumentException">The header is of another frame type, or <paramref name="payload"/> is not exactly the header's length.</exception>
            """);
        using (w.Block($"public static bool TryParse(in {Header} header, in {Sequence} payload, out {self} frame, out {Sequence} variablePart, out {Error} error)"))
        {
            w.Line("variablePart = default;");
            using (w.Block("if (payload.IsSingleSegment)"))
            {
                w.If($"!TryParse(in header, payload.FirstSpan, out frame, out {ReadOnlySpan} span, out error)", "return false;");
                w.Line("variablePart = payload.Slice(frame.FixedLength, span.Length);\nreturn true;");
            }

            w.Line($"\nframe = default;\n{CheckArguments}(in header, payload.Length);\nerror = CheckHeader(in header);");
            w.If("error.IsError", "return false;");
            if (model.MaxFixedLength == 0)
            {
                EmitAfterPrefix(w, model, $"{ReadOnlySpan}.Empty");
            }
            else if (model.MaxFixedLength <= StackBytes)
            {
                w.Line($"global::System.Span<byte> prefix = stackalloc byte[MaxFixedLength];");
                EmitGather(w, model);
            }
            else
            {
                w.Line($"byte[] rented = {Pool}.Rent(MaxFixedLength);");
                using (w.Block("try"))
                {
                    w.Line("global::System.Span<byte> prefix = rented;");
                    EmitGather(w, model);
                }

                using (w.Block("finally"))
                {
                    w.Line($"{Pool}.Return(rented);");
                }
            }
        }

        w.Line();
    }

    // The header rules guarantee the fixed fields present under the flags fit the payload; a shorter payload only
    // lacks fields that are absent.
    private static void EmitGather(SourceWriter w, FrameModel model)
    {
        w.Line("""
            prefix = prefix.Slice(0, (int)global::System.Math.Min(MaxFixedLength, payload.Length));
            global::System.Buffers.BuffersExtensions.CopyTo(payload.Slice(0, prefix.Length), prefix);
            """);
        EmitAfterPrefix(w, model, "prefix");
    }

    private static void EmitAfterPrefix(SourceWriter w, FrameModel model, string prefix)
    {
        w.Line($"{model.TypeName} parsed = {ReadFixedFields}(in header, {prefix});");
        ParserEmitter.EmitCheckFields(w, model);
        w.Line($"""
            int fixedLength = parsed.FixedLength;
            {Sequence} rest = payload.Slice(fixedLength, header.Length - fixedLength - parsed.PaddingLength);
            """);
        if (model.Rules.HasVariableHook)
        {
            w.Line($"error = global::Ht2.FrameReader.CheckVariablePart<{model.TypeName}>(in header, {prefix}, in rest);");
            w.If("error.IsError", "return false;");
        }

        w.Line("frame = parsed;\nvariablePart = rest;\nreturn true;");
    }
}
