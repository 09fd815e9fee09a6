namespace Ht2.Generators.Model;

/// <summary>What the frame dispatcher needs of one frame struct: how to name it and its type byte.</summary>
/// <param name="QualifiedName">The struct's name with global:: and every namespace and containing type.</param>
/// <param name="Namespace">The containing namespace, empty for the global namespace.</param>
/// <param name="TypeCode">The frame type byte.</param>
/// <param name="Accessible">True when code at namespace level can name the struct.</param>
internal readonly record struct DispatchEntry(string QualifiedName, string Namespace, byte TypeCode, bool Accessible)
{
    /// <summary>The namespace of the ten RFC 9113 frame structs, which Ht2.Runtime declares.</summary>
    public const string StandardNamespace = "Ht2";

    /// <summary>One of the ten RFC 9113 frames as Ht2.Runtime declares them (namespace Ht2, type 0x0-0x9, not nested).</summary>
    public bool IsStandard => Namespace == StandardNamespace && TypeCode <= 0x9 && QualifiedName.Split('.').Length == 2;

    public static DispatchEntry From(FrameModel model) => new("global::" + model.Path, model.Namespace, model.Rules.TypeCode, model.Accessible);
}
