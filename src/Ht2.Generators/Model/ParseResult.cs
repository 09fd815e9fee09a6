namespace Ht2.Generators.Model;

/// <summary>
/// What the parser makes of one declaration. The pipeline splits it: the model (no location) feeds the emitter,
/// the diagnostics and the site feed the reporting steps, so a moved declaration re-runs only those.
/// </summary>
/// <param name="Model">The model to emit, null when the declaration is invalid.</param>
/// <param name="Diagnostics">The declaration's diagnostics, with their locations.</param>
/// <param name="Site">The frame type and where it is declared, for the duplicate check (HT2005); null when invalid.</param>
internal readonly record struct ParseResult(FrameModel? Model, EquatableArray<DiagnosticInfo> Diagnostics, FrameSite? Site);

/// <summary>A valid declaration's frame type, name and attribute location.</summary>
internal readonly record struct FrameSite(byte TypeCode, string FullName, LocationInfo? Location);
