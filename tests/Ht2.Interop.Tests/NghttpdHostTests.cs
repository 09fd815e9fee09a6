using System;
using System.IO;
using System.Text.RegularExpressions;
using System.Threading.Tasks;

namespace Ht2.Interop.Tests;

/// <summary>
/// The nghttpd fixture's modes the client-role tests rely on: a large upload echoed back byte-exact, and a trailer
/// after a large file's body.
/// </summary>
public sealed class NghttpdHostTests : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("ht2-nghttpd-").FullName;

    [Fact]
    public async Task Echo_upload_returns_a_large_body_byte_exact()
    {
        byte[] upload = new byte[3 * 1024 * 1024 + 7];
        new Random(1129).NextBytes(upload);
        string sent = Path.Combine(_directory, "upload");
        string received = Path.Combine(_directory, "echo");
        await File.WriteAllBytesAsync(sent, upload);
        using NghttpdHost nghttpd = await NghttpdHost.StartAsync(Directory.CreateDirectory(Path.Combine(_directory, "root")).FullName, echoUpload: true);

        ToolResult result = await ToolRun.RunAsync(Tool.Curl,
            ["--http2-prior-knowledge", "-sS", "--data-binary", $"@{sent}", "-o", received, "-w", "%{http_code} %{size_download}", $"http://127.0.0.1:{nghttpd.Port}/upload"]);

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Equal($"200 {upload.Length}", result.Output.Trim());
        byte[] echoed = await File.ReadAllBytesAsync(received);
        Assert.True(upload.AsSpan().SequenceEqual(echoed), "The echo differs from the upload.");
    }

    [Fact]
    public async Task Trailer_follows_a_large_file()
    {
        const int length = 2 * 1024 * 1024 + 3;
        await File.WriteAllBytesAsync(Path.Combine(_directory, "big.bin"), new byte[length]);
        using NghttpdHost nghttpd = await NghttpdHost.StartAsync(_directory, trailer: "x-trailer: done");

        ToolResult result = await ToolRun.RunAsync(Tool.Nghttp, ["-nv", $"http://127.0.0.1:{nghttpd.Port}/big.bin"]);

        Assert.True(result.ExitCode == 0, result.ToString());
        string[] lines = result.Output.Split('\n');
        int lastData = Array.FindLastIndex(lines, line => line.Contains("recv DATA frame", StringComparison.Ordinal));
        int trailer = Array.FindIndex(lines, line => line.Contains(") x-trailer: done", StringComparison.Ordinal));
        Assert.True(lastData >= 0 && trailer > lastData, result.ToString());
        int total = 0;
        foreach (Match match in Regex.Matches(result.Output, @"recv DATA frame <length=(\d+)"))
        {
            total += int.Parse(match.Groups[1].Value);
        }

        Assert.Equal(length, total);
    }

    public void Dispose() => Directory.Delete(_directory, recursive: true);
}
