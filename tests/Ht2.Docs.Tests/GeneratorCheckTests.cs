using System;
using System.Diagnostics;
using System.IO;
using System.Threading.Tasks;

namespace Ht2.Docs.Tests;

/// <summary>
/// The package's build check (src/Ht2.Runtime/build/Ht2.targets, shipped as build/ and buildTransitive/Ht2.targets):
/// a project without the generator among its analyzers stops with HT2100, a compiler older than the generator's
/// Roslyn with HT2101, and a project with both builds. Each case is a small MSBuild project that imports the file.
/// </summary>
public sealed class GeneratorCheckTests
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(120);

    [Fact]
    public async Task NoGeneratorAmongTheAnalyzers_FailsWithHT2100()
    {
        (int exitCode, string output) = await CheckAsync(analyzer: null, compilerApiVersion: "roslyn5.9");
        Assert.NotEqual(0, exitCode);
        Assert.Contains("error HT2100", output);
        Assert.Contains("Ht2.Generators.dll", output);
    }

    [Theory]
    [InlineData("roslyn4.8")]
    [InlineData("roslyn4.13")]
    [InlineData("")]
    public async Task CompilerOlderThanTheGenerator_FailsWithHT2101(string compilerApiVersion)
    {
        (int exitCode, string output) = await CheckAsync("/packages/ht2/analyzers/dotnet/cs/Ht2.Generators.dll", compilerApiVersion);
        Assert.NotEqual(0, exitCode);
        Assert.Contains("error HT2101", output);
        Assert.DoesNotContain("HT2100", output);
    }

    [Theory]
    [InlineData("roslyn4.14")]
    [InlineData("roslyn5.9")]
    public async Task GeneratorPresentWithARecentCompiler_Passes(string compilerApiVersion)
    {
        (int exitCode, string output) = await CheckAsync("/packages/ht2/analyzers/dotnet/cs/Ht2.Generators.dll", compilerApiVersion);
        Assert.True(exitCode == 0, output);
        Assert.DoesNotContain("HT210", output);
    }

    [Fact]
    public async Task CheckSwitchedOff_PassesWithoutTheGenerator()
    {
        (int exitCode, string output) = await CheckAsync(analyzer: null, compilerApiVersion: "roslyn5.9", "<Ht2CheckGenerator>false</Ht2CheckGenerator>");
        Assert.True(exitCode == 0, output);
    }

    private static async Task<(int ExitCode, string Output)> CheckAsync(string? analyzer, string compilerApiVersion, string extraProperties = "")
    {
        string folder = Directory.CreateTempSubdirectory("ht2-check-").FullName;
        try
        {
            string project = Path.Combine(folder, "Check.proj");
            string targets = RepositoryFiles.PathOf(Path.Combine("src", "Ht2.Runtime", "build", "Ht2.targets"));
            File.WriteAllText(project, $"""
                <Project>
                  <PropertyGroup>
                    <Language>C#</Language>
                    <CompilerApiVersion>{compilerApiVersion}</CompilerApiVersion>
                    {extraProperties}
                  </PropertyGroup>
                  <ItemGroup>
                    {(analyzer is null ? "" : $"<Analyzer Include=\"{analyzer}\" />")}
                    <Analyzer Include="/packages/other/analyzers/dotnet/cs/Other.Analyzers.dll" />
                  </ItemGroup>
                  <Import Project="{targets}" />
                  <Target Name="CoreCompile" />
                </Project>
                """);

            ProcessStartInfo start = new(Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") ?? "dotnet")
            {
                RedirectStandardOutput = true,
                RedirectStandardError = true,
                WorkingDirectory = folder,
            };
            foreach (string argument in new[] { "msbuild", project, "-t:CoreCompile", "-nologo", "-nodeReuse:false", "-v:m" })
            {
                start.ArgumentList.Add(argument);
            }

            using Process process = Process.Start(start)!;
            Task<string> stdout = process.StandardOutput.ReadToEndAsync();
            Task<string> stderr = process.StandardError.ReadToEndAsync();
            try
            {
                await process.WaitForExitAsync().WaitAsync(Patience);
            }
            catch (TimeoutException)
            {
                process.Kill(entireProcessTree: true);
                throw;
            }

            return (process.ExitCode, await stdout + await stderr);
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }
}
