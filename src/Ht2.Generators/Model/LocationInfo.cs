using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Text;

namespace Ht2.Generators.Model;

/// <summary>A source location as plain values, for diagnostics only: a Location would pin the whole compilation in the pipeline.</summary>
internal readonly record struct LocationInfo(string FilePath, TextSpan TextSpan, LinePositionSpan LineSpan)
{
    public Location ToLocation() => Location.Create(FilePath, TextSpan, LineSpan);

    public static LocationInfo? From(Location? location)
    {
        if (location is null || location.SourceTree is null)
        {
            return null;
        }

        return new LocationInfo(location.SourceTree.FilePath, location.SourceSpan, location.GetLineSpan().Span);
    }
}
