using System.Linq;

namespace Ht2.Generators.Model;

/// <summary>Everything the emitter needs for one [Ht2Frame] struct, as equatable values only.</summary>
/// <param name="Namespace">The containing namespace, empty for the global namespace.</param>
/// <param name="TypeName">The struct's name.</param>
/// <param name="ContainingTypes">Declarations of enclosing types, outermost first (e.g. "partial class Outer").</param>
/// <param name="IsRecord">True for a record struct.</param>
/// <param name="TypeCode">The frame type byte.</param>
/// <param name="DeclaredFlags">The flags the frame type defines.</param>
/// <param name="StreamIdRule">0 any, 1 zero only, 2 non-zero only (mirrors Ht2.StreamIdRule).</param>
/// <param name="PayloadLength">The exact payload length, or -1.</param>
/// <param name="PayloadLengthMultipleOf">The required payload length multiple, or 0.</param>
/// <param name="SizeErrorIsStreamError">True when a FRAME_SIZE_ERROR is a stream error for this frame.</param>
/// <param name="HasValidateHook">True when the struct declares a static Validate hook to call after parsing.</param>
/// <param name="Fields">The fixed fields, in wire order.</param>
/// <param name="Location">The attribute's location, for HT2005.</param>
internal readonly record struct FrameModel(
    string Namespace,
    string TypeName,
    EquatableArray<string> ContainingTypes,
    bool IsRecord,
    byte TypeCode,
    byte DeclaredFlags,
    int StreamIdRule,
    int PayloadLength,
    int PayloadLengthMultipleOf,
    bool SizeErrorIsStreamError,
    bool HasValidateHook,
    EquatableArray<FieldModel> Fields,
    LocationInfo? Location)
{
    public string FullName => (Namespace.Length == 0 ? "" : Namespace + ".") + TypeName;

    public int MaxFixedLength => Fields.Sum(static f => f.ByteWidth);

    public int MinFixedLength => Fields.Where(static f => f.ConditionFlag == 0).Sum(static f => f.ByteWidth);
}
