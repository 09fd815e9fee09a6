using System.Linq;

namespace Ht2.Generators.Model;

/// <summary>
/// Everything the emitter needs for one [Ht2Frame] struct, as equatable values only. It holds no source
/// location, so moving a declaration leaves the model equal and the emitted source Cached.
/// </summary>
/// <param name="Namespace">The containing namespace, empty for the global namespace.</param>
/// <param name="TypeName">The struct's name.</param>
/// <param name="ContainingTypes">Declarations of enclosing types, outermost first (e.g. "partial class Outer").</param>
/// <param name="IsRecord">True for a record struct.</param>
/// <param name="Rules">The declared rules.</param>
/// <param name="Fields">The fixed fields, in wire order.</param>
/// <param name="Accessible">True when the struct and every type containing it are public or internal, so the dispatcher can name it.</param>
internal readonly record struct FrameModel(
    string Namespace,
    string TypeName,
    EquatableArray<string> ContainingTypes,
    bool IsRecord,
    RuleModel Rules,
    EquatableArray<FieldModel> Fields,
    bool Accessible)
{
    public string FullName => (Namespace.Length == 0 ? "" : Namespace + ".") + TypeName;

    /// <summary>The namespace, the containing types' names and the struct's name, dot-separated.</summary>
    public string Path => string.Join(".", ContainingTypes.Select(static c => c.Split(' ').Last()).Prepend(Namespace).Append(TypeName).Where(static s => s.Length > 0));

    public int MaxFixedLength => Fields.Sum(static f => f.ByteWidth);

    public int MinFixedLength => Fields.Where(static f => f.ConditionFlag == 0).Sum(static f => f.ByteWidth);

    /// <summary>The Pad Length field, when the frame has one.</summary>
    public FieldModel? PadField => Fields.Where(static f => f.Kind == FieldKind.PadLength).Select(static f => (FieldModel?)f).FirstOrDefault();

    /// <summary>The union of the flags that make fields present.</summary>
    public byte ConditionMask => (byte)Fields.Aggregate(0, static (mask, f) => mask | f.ConditionFlag);

    /// <summary>How many leading payload bytes the prefix rules read: the fixed fields when padding or a hook reads them.</summary>
    public int CheckedPrefixLength => PadField is not null || Rules.HasFieldHook || Rules.HasVariableHook ? MaxFixedLength : 0;
}

/// <summary>The rules an [Ht2Frame] declaration states, as plain values.</summary>
/// <param name="TypeCode">The frame type byte.</param>
/// <param name="DeclaredFlags">The flags the frame type defines.</param>
/// <param name="StreamIdRule">0 any, 1 zero only, 2 non-zero only (mirrors Ht2.StreamIdRule).</param>
/// <param name="StreamIdErrorScope">0 connection, 1 stream, 2 ignore (mirrors Ht2.ErrorScope).</param>
/// <param name="PayloadLength">The exact payload length, or -1.</param>
/// <param name="PayloadLengthMultipleOf">The required payload length multiple, or 0.</param>
/// <param name="EmptyWithFlags">Flags that demand an empty payload.</param>
/// <param name="SizeErrorScope">The scope of a FRAME_SIZE_ERROR (mirrors Ht2.ErrorScope).</param>
/// <param name="HasFieldHook">True when the struct declares <c>static FrameError Validate(in FrameHeader, in T)</c>.</param>
/// <param name="HasVariableHook">True when it declares <c>static FrameError Validate(in FrameHeader, in T, ReadOnlySpan&lt;byte&gt;)</c>.</param>
internal readonly record struct RuleModel(
    byte TypeCode,
    byte DeclaredFlags,
    int StreamIdRule,
    int StreamIdErrorScope,
    int PayloadLength,
    int PayloadLengthMultipleOf,
    byte EmptyWithFlags,
    int SizeErrorScope,
    bool HasFieldHook,
    bool HasVariableHook);
