using Ht2.Generators.Model;
using static Ht2.Generators.Emitting.Names;

namespace Ht2.Generators.Emitting;

/// <summary>The per-field statements: one big-endian store or load per field kind and width.</summary>
internal static class FieldCode
{
    /// <summary>Emits fields in wire order, wrapping each run of same-condition fields in one flag test.</summary>
    public static void ForEachConditionGroup(SourceWriter w, FrameModel model, string flags, System.Action<FieldModel, FieldModel?> emit)
    {
        FieldModel? previous = null;
        byte open = 0;
        SourceWriter.BlockScope? block = null;
        foreach (FieldModel field in model.Fields)
        {
            if (field.ConditionFlag != open)
            {
                if (block is { } closing)
                {
                    closing.Dispose();
                    block = null;
                    w.Line();
                }

                open = field.ConditionFlag;
                if (open != 0)
                {
                    block = w.Block($"if (({flags} & ({Flags})0x{open:X2}) != 0)");
                }
            }

            emit(field, previous);
            previous = field;
        }

        block?.Dispose();
        w.Line();
    }

    /// <summary>Stores one field at <c>offset</c> through <see cref="Names.Start"/>; the caller checked the destination holds the prefix.</summary>
    public static void Write(SourceWriter w, FieldModel field, FieldModel? previous)
    {
        string value = "this." + field.Name;
        switch (field.Kind)
        {
            case FieldKind.HighBit:
                return;
            case FieldKind.PadLength:
                w.Line(StoreByte("offset", value));
                break;
            case FieldKind.UInt31:
                string highBit = previous is { Kind: FieldKind.HighBit } h ? $" | (this.{h.Name} ? 0x80000000u : 0u)" : "";
                w.Line(StoreBigEndian("uint", "offset", $"unchecked((uint){value}){highBit}"));
                break;
            default:
                // No local for the value: a field may be named like it (CS0128), and this.X never meets a local.
                w.Line(field.ByteWidth switch
                {
                    1 => StoreByte("offset", $"unchecked((byte){value})"),
                    2 => StoreBigEndian("ushort", "offset", $"unchecked((ushort){value})"),
                    3 => StoreByte("offset", $"(byte)(unchecked((uint){value}) >> 16)") + "\n" +
                         StoreByte("offset + 1", $"(byte)(unchecked((uint){value}) >> 8)") + "\n" +
                         StoreByte("offset + 2", $"unchecked((byte){value})"),
                    4 => StoreBigEndian("uint", "offset", $"unchecked((uint){value})"),
                    _ => StoreBigEndian("ulong", "offset", $"unchecked((ulong){value})"),
                });
                break;
        }

        w.Line($"offset += {field.ByteWidth};");
    }

    public static void Read(SourceWriter w, FieldModel field)
    {
        string target = "parsed." + field.Name;
        switch (field.Kind)
        {
            case FieldKind.HighBit:
                w.Line($"{target} = (payload[offset] & 0x80) != 0;");
                return;
            case FieldKind.PadLength:
                w.Line($"{target} = payload[offset];");
                break;
            case FieldKind.UInt31:
                w.Line($"{target} = unchecked(({field.FieldType})({Binary}.ReadUInt32BigEndian(payload.Slice(offset)) & 0x7FFFFFFFu));");
                break;
            default:
                string read = field.ByteWidth switch
                {
                    1 => "payload[offset]",
                    2 => $"{Binary}.ReadUInt16BigEndian(payload.Slice(offset))",
                    3 => "(uint)((payload[offset] << 16) | (payload[offset + 1] << 8) | payload[offset + 2])",
                    4 => $"{Binary}.ReadUInt32BigEndian(payload.Slice(offset))",
                    _ => $"{Binary}.ReadUInt64BigEndian(payload.Slice(offset))",
                };
                w.Line($"{target} = unchecked(({field.FieldType}){read});");
                break;
        }

        w.Line($"offset += {field.ByteWidth};");
    }
}
