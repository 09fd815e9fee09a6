using System;
using System.Linq;
using System.Threading.Tasks;

namespace Ht2.Docs.Tests;

/// <summary>
/// Every ```csharp block of README.md, as written there, compiles without a warning in a console project that
/// references Ht2, runs to the end, and prints exactly the lines its <c>// prints:</c> comments promise.
/// </summary>
public sealed class ReadmeSnippetTests
{
    /// <summary>How long a snippet may run: the longest takes 0.8 s in a healthy run at a load of 15 on 2 cores.</summary>
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(10);

    public static TheoryData<int> Snippets()
    {
        TheoryData<int> data = new();
        for (int i = 0; i < MarkdownSnippets.Read(RepositoryFiles.PathOf("README.md")).Count; i++)
        {
            data.Add(i);
        }

        return data;
    }

    [Fact]
    public void Readme_HasTheTourOfEveryLayer()
    {
        string[] headings = MarkdownSnippets.Read(RepositoryFiles.PathOf("README.md")).Select(s => s.Heading).Distinct().ToArray();
        Assert.True(headings.Length >= 8, "README tour sections with snippets: " + string.Join(", ", headings));
    }

    [Theory]
    [MemberData(nameof(Snippets))]
    public async Task ReadmeSnippet_CompilesRunsAndPrintsWhatItSays(int index)
    {
        Snippet snippet = MarkdownSnippets.Read(RepositoryFiles.PathOf("README.md"))[index];
        string[] printed = await SnippetRunner.RunAsync(snippet, Patience);
        Assert.Equal(SnippetRunner.PromisedOutput(snippet), printed);
    }
}
