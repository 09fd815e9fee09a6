using System;
using System.IO;

namespace Ht2.Docs.Tests;

/// <summary>Finds files of this repository from the test's output folder.</summary>
internal static class RepositoryFiles
{
    /// <summary>The folder that holds Ht2.sln.</summary>
    public static string Root { get; } = FindRoot();

    public static string PathOf(string relative) => Path.Combine(Root, relative);

    private static string FindRoot()
    {
        for (DirectoryInfo? directory = new(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "Ht2.sln")))
            {
                return directory.FullName;
            }
        }

        throw new InvalidOperationException("Ht2.sln not found above " + AppContext.BaseDirectory);
    }
}
