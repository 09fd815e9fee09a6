using Microsoft.CodeAnalysis;

namespace Ht2.Generators;

/// <summary>The generator's diagnostics; docs/diagnostics.md explains each with an example and its fix.</summary>
internal static class DiagnosticDescriptors
{
    private const string Category = "Ht2.Generator";

    /// <summary>The repository the package names (RepositoryUrl); the help links resolve against it.</summary>
    public const string RepositoryUrl = "https://github.com/ht2/ht2";

    /// <summary>Each diagnostic's help link is this page plus "#" and its lower-case id, a heading in docs/diagnostics.md.</summary>
    public const string HelpPage = RepositoryUrl + "/blob/main/docs/diagnostics.md";

    public static readonly DiagnosticDescriptor NotPartial = Create(
        "HT2001", "Frame struct must be partial",
        "'{0}' has [Ht2Frame] but is not declared partial, so the generated members cannot be added");

    public static readonly DiagnosticDescriptor NotStruct = Create(
        "HT2002", "[Ht2Frame] must be on a struct",
        "'{0}' has [Ht2Frame] but is not a struct; frames are value types so that writing them never allocates");

    public static readonly DiagnosticDescriptor UnsupportedField = Create(
        "HT2003", "Unsupported frame field",
        "Field '{0}' cannot be a frame field: {1}");

    public static readonly DiagnosticDescriptor UndeclaredFlag = Create(
        "HT2004", "Flag-conditional field names a flag the frame does not declare",
        "Field '{0}' is present only when flag 0x{1} is set, but the frame declares flags 0x{2}; add the flag to [Ht2Frame(Flags = ...)] or use a single declared flag bit");

    public static readonly DiagnosticDescriptor DuplicateFrameType = Create(
        "HT2005", "Duplicate frame type",
        "Frame type 0x{0} is declared by both '{1}' and '{2}' in this compilation");

    public static readonly DiagnosticDescriptor FixedFieldsTooLarge = Create(
        "HT2006", "Fixed fields larger than the frame can hold",
        "The fixed fields of '{0}' take {1} bytes, but the frame can hold at most {2}");

    public static readonly DiagnosticDescriptor UnsupportedContainer = Create(
        "HT2007", "Frame struct must not be generic or nested in a non-partial type",
        "'{0}' {1}");

    public static readonly DiagnosticDescriptor MismatchedHook = Create(
        "HT2008", "Validate member does not match a rule hook",
        "'{0}' declares '{1}', which is not a rule hook and would never be called; declare 'static FrameError Validate(in FrameHeader header, in {0} frame)' or 'static FrameError Validate(in FrameHeader header, in {0} frame, ReadOnlySpan<byte> variablePart)', or rename the member");

    private static DiagnosticDescriptor Create(string id, string title, string message) =>
        new(id, title, message, Category, DiagnosticSeverity.Error, isEnabledByDefault: true, helpLinkUri: HelpPage + "#" + id.ToLowerInvariant());
}
