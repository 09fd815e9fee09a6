using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;

namespace Ht2.Fuzz.Tests;

// Every committed corpus input goes through its target; a target throws on any invariant it checks (two paths
// disagree, a decoder differs from nghttp2's, the session faults, hangs or amplifies). This is the plain-process
// half of the fuzzing: the campaigns themselves run under AFL++ (fuzz/run.sh, .ci/fuzz).
public class CorpusReplayTests
{
    public static TheoryData<string> TargetNames => new(Targets.All.Keys);

    [Theory]
    [MemberData(nameof(TargetNames))]
    public void Every_corpus_input_passes_its_target(string target)
    {
        string[] files = Directory.GetFiles(Path.Combine(CorpusRoot(), target));
        Assert.True(files.Length >= 5, $"{target}: only {files.Length} corpus inputs; the corpus folder is missing or was emptied");
        List<string> failures = new();
        foreach (string file in files.OrderBy(f => f, StringComparer.Ordinal))
        {
            try
            {
                Targets.All[target](File.ReadAllBytes(file));
            }
            catch (Exception e)
            {
                failures.Add($"{Path.GetFileName(file)}: {e.GetType().Name}: {e.Message}");
            }
        }

        Assert.True(failures.Count == 0, $"{target}: {failures.Count} of {files.Length} inputs failed:\n{string.Join('\n', failures.Take(20))}");
    }

    [Fact]
    public void Every_corpus_folder_is_a_target()
    {
        string[] folders = Directory.GetDirectories(CorpusRoot()).Select(Path.GetFileName).ToArray()!;
        Assert.Equal(Targets.All.Keys.Order(StringComparer.Ordinal), folders.Order(StringComparer.Ordinal));
    }

    /// <summary>The repository's fuzz/corpus, found upwards from the test binary.</summary>
    public static string CorpusRoot()
    {
        for (DirectoryInfo? dir = new(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            string candidate = Path.Combine(dir.FullName, "fuzz", "corpus");
            if (Directory.Exists(candidate))
            {
                return candidate;
            }
        }

        throw new DirectoryNotFoundException("fuzz/corpus not found above " + AppContext.BaseDirectory);
    }
}
