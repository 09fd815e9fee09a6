using Microsoft.CodeAnalysis;

namespace Ht2.Generators.Model;

/// <summary>A diagnostic to report, held as equatable values until the output stage turns it into a Diagnostic.</summary>
internal readonly record struct DiagnosticInfo(DiagnosticDescriptor Descriptor, LocationInfo? Location, EquatableArray<string> Arguments)
{
    public Diagnostic ToDiagnostic()
    {
        object[] args = new object[Arguments.Count];
        for (int i = 0; i < args.Length; i++)
        {
            args[i] = Arguments[i];
        }

        return Diagnostic.Create(Descriptor, Location?.ToLocation(), args);
    }
}
