using System;
using System.Collections.Generic;
using System.IO;

namespace Ht2.Docs.Tests;

/// <summary>One ```csharp block of a Markdown file, named after the heading above it.</summary>
internal sealed record Snippet(string Heading, int Line, string Code)
{
    public override string ToString() => $"{Heading} (line {Line})";
}

/// <summary>Extracts the ```csharp blocks of a Markdown file, in order.</summary>
internal static class MarkdownSnippets
{
    public static IReadOnlyList<Snippet> Read(string path)
    {
        List<Snippet> snippets = new();
        string heading = Path.GetFileName(path);
        string[] lines = File.ReadAllLines(path);
        for (int i = 0; i < lines.Length; i++)
        {
            if (lines[i].StartsWith('#'))
            {
                heading = lines[i].TrimStart('#', ' ');
            }
            else if (lines[i].TrimEnd() == "```csharp")
            {
                int start = i + 1;
                int end = Array.FindIndex(lines, start, line => line.TrimEnd() == "```");
                if (end < 0)
                {
                    throw new InvalidDataException($"{path}:{i + 1}: the csharp block is not closed.");
                }

                snippets.Add(new Snippet(heading, i + 1, string.Join('\n', lines[start..end])));
                i = end;
            }
        }

        return snippets;
    }
}
