using System;
using System.Linq;
using Ht2.Generators.Model;
using static Ht2.Generators.Emitting.Names;

namespace Ht2.Generators.Emitting;

/// <summary>
/// Writes <c>WritePrefix</c> and <c>TryWritePrefix</c>. Before anything is written they refuse what the reader
/// refuses that depends only on the frame itself: the stream id rule, exact, multiple-of and empty payload
/// lengths, field widths and the fixed-field <c>Validate</c> hook. Check order, and so which exception wins:
/// lengths, field widths, destination size, stream id, hook.
/// </summary>
internal static class WriterEmitter
{
    /// <summary>The largest payload the 24-bit length field carries (2^24-1).</summary>
    private const int MaxPayloadLength = 0xFF_FFFF;

    /// <summary>Which of the two public writers a body belongs to: they differ only on a too small destination.</summary>
    private enum Form
    {
        Throwing,
        Try,
    }

    /// <summary>What a body knows about the flag-conditional fields, so that its lengths fold to constants.</summary>
    private enum Layout
    {
        /// <summary>The frame has no flag-conditional field; the flags are written as they are.</summary>
        Unconditional,

        /// <summary>No conditional field is present: every length is a constant.</summary>
        NonePresent,

        /// <summary>The one conditional group is present: every length but the padding is a constant.</summary>
        AllPresent,

        /// <summary>Several groups: lengths follow the flags.</summary>
        ByFlags,
    }

    public static void Emit(SourceWriter w, FrameModel model)
    {
        w.Line($"""
            /// <summary>Writes the header and fixed fields; returns the bytes written.</summary>
            /// <exception cref="global::System.ArgumentException">The destination is smaller than <see cref="PrefixLength"/>, a value cannot be encoded, or the frame breaks a rule of its type.</exception>
            {Inline}
            """);
        using (w.Block($"public readonly int WritePrefix({Span} destination, int variableLength)"))
        {
            EmitBody(w, model, Form.Throwing);
        }

        w.Line($"""

            /// <summary>Writes the header and fixed fields; returns false, writing nothing, when the destination is too small.</summary>
            /// <exception cref="global::System.ArgumentException">A value cannot be encoded (payload above 2^24-1, stream id or 31-bit field above 2^31-1, 24-bit field above 2^24-1) or the frame breaks a rule of its type (stream id, payload length, Validate).</exception>
            {Inline}
            """);
        using (w.Block($"public readonly bool TryWritePrefix({Span} destination, int variableLength, out int bytesWritten)"))
        {
            EmitBody(w, model, Form.Try);
        }

        w.Line();
    }

    private static void EmitBody(SourceWriter w, FrameModel model, Form form)
    {
        byte mask = model.ConditionMask;
        if (mask == 0)
        {
            EmitPath(w, model, form, Layout.Unconditional);
            return;
        }

        // With no flag-conditional field present (DATA without PADDED, HEADERS without PADDED and PRIORITY, the
        // common case) every length is a constant: a separate copy of the path lets the JIT fold them.
        w.Line($"{Flags} flags = Flags;");
        using (w.Block($"if ((flags & ({Flags})0x{mask:X2}) == 0)"))
        {
            EmitPath(w, model, form, Layout.NonePresent);
        }

        bool oneGroup = model.Fields.Where(f => f.ConditionFlag != 0).Select(f => f.ConditionFlag).Distinct().Count() == 1;
        using (w.Block("else"))
        {
            EmitPath(w, model, form, oneGroup ? Layout.AllPresent : Layout.ByFlags);
        }
    }

    private static void EmitPath(SourceWriter w, FrameModel model, Form form, Layout layout)
    {
        string flags = layout == Layout.Unconditional ? "Flags" : "flags";
        string padding = model.PadField is { } pad ? $"this.{pad.Name}" : "0";
        w.Line(layout switch
        {
            Layout.Unconditional or Layout.NonePresent => "int fixedLength = MinFixedLength;\nint paddingLength = 0;",
            Layout.AllPresent => $"int fixedLength = MaxFixedLength;\nint paddingLength = {padding};",
            _ => $"int fixedLength = {Names.FixedLength(model, "flags")};\nint paddingLength = {Padding(model, "flags")};",
        });
        EmitLengthRules(w, model, flags, layout);
        EmitFieldWidths(w, model);

        w.Line($"int prefixLength = {Header}.Size + fixedLength;");
        w.If("destination.Length < prefixLength", form == Form.Try ? "bytesWritten = 0;\nreturn false;" : $"{ThrowClass}.Destination();");
        w.Line("uint streamId = StreamId;");
        w.If(StreamIdViolation(model.Rules.StreamIdRule), $"{ThrowClass}.StreamId(streamId);");
        if (model.Rules.HasFieldHook)
        {
            w.Line($"{Error} error = Validate(new {Header}(fixedLength + variableLength + paddingLength, ({FrameType})TypeCode, {flags}, streamId), in this);");
            w.If("error.IsError", $"{ThrowClass}.Rule(error.Reason);");
        }

        // Length (24) and type (8) in one big-endian store, then flags, then the stream id: the 9-byte header. The
        // destination was checked to hold prefixLength bytes, every byte stored below, so the stores go through a
        // ref without bounds checks of their own.
        w.Line($"""
            {DeclareStart}
            {StoreBigEndian("uint", "0", "(unchecked((uint)(fixedLength + variableLength + paddingLength)) << 8) | TypeCode")}
            {StoreByte("4", $"(byte){flags}")}
            {StoreBigEndian("uint", "5", "streamId")}
            """);
        if (model.Fields.Any(f => layout != Layout.NonePresent || f.ConditionFlag == 0))
        {
            w.Line($"int offset = {Header}.Size;");
        }

        if (layout == Layout.ByFlags)
        {
            FieldCode.ForEachConditionGroup(w, model, "flags", (field, previous) => FieldCode.Write(w, field, previous));
        }
        else
        {
            FieldModel? previous = null;
            foreach (FieldModel field in model.Fields)
            {
                if (layout != Layout.NonePresent || field.ConditionFlag == 0)
                {
                    FieldCode.Write(w, field, previous);
                }

                previous = field;
            }
        }

        w.Line(form == Form.Try ? "bytesWritten = prefixLength;\nreturn true;" : "return prefixLength;");
    }

    /// <summary>
    /// True when the payload is the variable part alone (no fixed field, no padding) and a multiple-of or empty
    /// rule applies: then one unsigned compare decides range and multiple, a flags test emptiness, and the cold helper
    /// <c>Length</c> tells which one failed, in the order of the separate checks.
    /// </summary>
    public static bool FusesLengthRules(FrameModel model) =>
        model.Rules.PayloadLength < 0 && model.MaxFixedLength == 0 && model.PadField is null
        && (model.Rules.PayloadLengthMultipleOf > 1 || model.Rules.EmptyWithFlags != 0);

    /// <summary>
    /// One unsigned compare rejects a negative variable length and a payload above 2^24-1 (fixed + padding is far
    /// below it). An exact length without padding is one compare against a constant instead.
    /// </summary>
    private static void EmitLengthRules(SourceWriter w, FrameModel model, string flags, Layout layout)
    {
        RuleModel rules = model.Rules;
        if (FusesLengthRules(model))
        {
            // The tested quantity is the payload, or its number of whole units; the flags test is a predicted
            // branch, cheaper in a loop than selecting a limit of 0.
            int unit = Math.Max(rules.PayloadLengthMultipleOf, 1);
            string condition = $"{WholeUnits("unchecked((uint)variableLength)", unit)} > {MaxPayloadLength / unit}u";
            if (rules.EmptyWithFlags != 0)
            {
                condition += $" || (({flags} & ({Flags})0x{rules.EmptyWithFlags:X2}) != 0 && variableLength != 0)";
            }

            w.If(condition, $"{ThrowClass}.Length(variableLength);");
            return;
        }

        bool padded = model.PadField is not null && layout is Layout.AllPresent or Layout.ByFlags;
        if (rules.PayloadLength < 0 || padded)
        {
            w.If($"(uint)variableLength > (uint)({Header}.MaxLength - fixedLength - paddingLength)", $"{ThrowClass}.VariableLength(variableLength);");
        }

        if (rules.PayloadLength >= 0)
        {
            w.If($"variableLength != {rules.PayloadLength} - fixedLength - paddingLength", $"{ThrowClass}.PayloadLength(variableLength);");
        }

        if (rules.PayloadLengthMultipleOf > 1)
        {
            // The range check above made the sum non-negative.
            int unit = rules.PayloadLengthMultipleOf;
            w.If($"{WholeUnits("unchecked((uint)(fixedLength + variableLength + paddingLength))", unit)} > {uint.MaxValue / (uint)unit}u", $"{ThrowClass}.PayloadLength(variableLength);");
        }

        if (rules.EmptyWithFlags != 0)
        {
            w.If($"({flags} & ({Flags})0x{rules.EmptyWithFlags:X2}) != 0 && fixedLength + variableLength + paddingLength != 0", $"{ThrowClass}.NotEmpty();");
        }
    }

    /// <summary>
    /// <paramref name="value"/> / <paramref name="unit"/> when it divides evenly, and a value above
    /// uint.MaxValue / unit otherwise: for unit = odd * 2^k, a multiply by the odd factor's inverse modulo 2^32
    /// and a rotate right by k (exact division by multiplication), cheaper than a remainder.
    /// </summary>
    private static string WholeUnits(string value, int unit)
    {
        if (unit <= 1)
        {
            return value;
        }

        int shift = 0;
        uint odd = (uint)unit;
        while ((odd & 1) == 0)
        {
            odd >>= 1;
            shift++;
        }

        // Newton's iteration doubles the correct low bits each step: 3 (odd * odd == 1 mod 8) to 48 in four.
        uint inverse = odd;
        for (int i = 0; i < 4; i++)
        {
            inverse = unchecked(inverse * (2 - (odd * inverse)));
        }

        string product = $"unchecked({value} * 0x{inverse:X8}u)";
        return shift == 0 ? product : $"global::System.Numerics.BitOperations.RotateRight({product}, {shift})";
    }

    private static void EmitFieldWidths(SourceWriter w, FrameModel model)
    {
        foreach (FieldModel field in model.Fields)
        {
            if (FieldWidthBits(field) is int bits)
            {
                w.If($"unchecked((uint)this.{field.Name}) > {(bits == 31 ? "0x7FFFFFFFu" : "0xFFFFFFu")}", $"{ThrowClass}.{field.Name}Width(this.{field.Name});");
            }
        }
    }

    /// <summary>The bits a field's value must fit in when its C# type is wider (31 or 24), null when every value fits.</summary>
    public static int? FieldWidthBits(FieldModel field) =>
        field.Kind == FieldKind.UInt31 ? 31
        : field.Kind == FieldKind.Integer && field.ByteWidth == 3 ? 24
        : null;

    /// <summary>
    /// The stream id test of the declared rule, folded with the 31-bit bound: for "non-zero" one unsigned
    /// compare (0 wraps to the top) rejects 0 and every id above 2^31-1.
    /// </summary>
    private static string StreamIdViolation(int rule) => rule switch
    {
        1 => "streamId != 0",
        2 => $"streamId - 1u >= {Header}.MaxStreamId",
        _ => $"streamId > {Header}.MaxStreamId",
    };
}
