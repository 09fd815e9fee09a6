namespace Ht2.Generators.Model;

/// <summary>What the parser makes of one declaration: a model to emit (null when invalid) and its diagnostics.</summary>
internal readonly record struct ParseResult(FrameModel? Model, EquatableArray<DiagnosticInfo> Diagnostics);
