using System.Linq;
using Ht2.Generators.Model;

namespace Ht2.Generators.Emitting;

/// <summary>Fully qualified names and small expressions every emitter shares, so generated code never depends on usings.</summary>
internal static class Names
{
    public const string Span = "global::System.Span<byte>";
    public const string ReadOnlySpan = "global::System.ReadOnlySpan<byte>";
    public const string Binary = "global::System.Buffers.Binary.BinaryPrimitives";
    public const string Flags = "global::Ht2.FrameFlags";
    public const string FrameType = "global::Ht2.FrameType";
    public const string Header = "global::Ht2.FrameHeader";
    public const string Error = "global::Ht2.FrameError";
    public const string Code = "global::Ht2.Http2ErrorCode";
    public const string Inline = "[global::System.Runtime.CompilerServices.MethodImpl(global::System.Runtime.CompilerServices.MethodImplOptions.AggressiveInlining)]";
    public const string DoesNotReturn = "[global::System.Diagnostics.CodeAnalysis.DoesNotReturn]";

    /// <summary>The nested class holding the cold throw paths; the __ prefix keeps it apart from user members.</summary>
    public const string ThrowClass = "__Ht2Throw";

    /// <summary>The private reader of the fixed fields that the parser and every prefix rule share.</summary>
    public const string ReadFixedFields = "__Ht2ReadFixedFields";

    /// <summary>The private check of the fixed-field rules over fields already read.</summary>
    public const string CheckFields = "__Ht2CheckFields";

    /// <summary>The private check that a header and payload length belong to this frame type (ArgumentException otherwise).</summary>
    public const string CheckArguments = "__Ht2CheckArguments";

    /// <summary>
    /// The writer's <c>ref byte</c> to the destination's first byte. The writers store through it only after checking
    /// that the destination holds the whole prefix (header plus the fixed fields present), so no store needs its own
    /// bounds check.
    /// </summary>
    public const string Start = "start";

    private const string UnsafeClass = "global::System.Runtime.CompilerServices.Unsafe";

    /// <summary>Declares <see cref="Start"/> over <c>destination</c>.</summary>
    public const string DeclareStart = "ref byte " + Start + " = ref global::System.Runtime.InteropServices.MemoryMarshal.GetReference(destination);";

    /// <summary>Stores one byte at <paramref name="offset"/> from <see cref="Start"/>.</summary>
    public static string StoreByte(string offset, string value) => $"{UnsafeClass}.Add(ref {Start}, {offset}) = {value};";

    /// <summary>Stores <paramref name="value"/> as a big-endian <paramref name="type"/> (ushort, uint, ulong) at <paramref name="offset"/>.</summary>
    public static string StoreBigEndian(string type, string offset, string value)
    {
        string target = offset == "0" ? Start : $"{UnsafeClass}.Add(ref {Start}, {offset})";
        return $"{UnsafeClass}.WriteUnaligned(ref {target}, global::System.BitConverter.IsLittleEndian ? {Binary}.ReverseEndianness(({type})({value})) : ({type})({value}));";
    }

    public static string Interface(FrameModel model) => $"global::Ht2.IHt2Frame<{model.TypeName}>";

    /// <summary>The fixed fields' length under <paramref name="flags"/>, built from the model's condition groups.</summary>
    public static string FixedLength(FrameModel model, string flags) =>
        "MinFixedLength" + string.Concat(model.Fields.Where(f => f.ConditionFlag != 0)
            .GroupBy(f => f.ConditionFlag)
            .Select(g => $" + (({flags} & ({Flags})0x{g.Key:X2}) != 0 ? {g.Sum(f => f.ByteWidth)} : 0)"));

    /// <summary>The padding length under <paramref name="flags"/>, read from this struct's Pad Length field.</summary>
    public static string Padding(FrameModel model, string flags) => model.PadField is { } p
        ? $"({flags} & ({Flags})0x{p.ConditionFlag:X2}) != 0 ? this.{p.Name} : 0"
        : "0";

    /// <summary>A <c>FrameError</c> of the declared scope (0 connection, 1 stream, 2 ignore) for <c>header</c>'s stream.</summary>
    public static string ErrorOf(int scope, string code, string reason) => scope switch
    {
        1 => $"{Error}.Stream({Code}.{code}, header.StreamId, \"{reason}\")",
        2 => $"{Error}.Ignore(header.StreamId, \"{reason}\")",
        _ => $"{Error}.Connection({Code}.{code}, \"{reason}\")",
    };

    /// <summary>The RFC 9113 name of a standard frame type, the struct's name for an extension frame.</summary>
    public static string Display(FrameModel model) => model.Rules.TypeCode switch
    {
        0x0 => "DATA",
        0x1 => "HEADERS",
        0x2 => "PRIORITY",
        0x3 => "RST_STREAM",
        0x4 => "SETTINGS",
        0x5 => "PUSH_PROMISE",
        0x6 => "PING",
        0x7 => "GOAWAY",
        0x8 => "WINDOW_UPDATE",
        0x9 => "CONTINUATION",
        _ => model.TypeName,
    };
}
