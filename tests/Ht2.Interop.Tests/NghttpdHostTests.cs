using System;
using System.IO;
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
        using NghttpdHost nghttpd = await NghttpdHost.StartAsync(Directory.CreateDirectory(Path.Combine(_directory, "root")).FullName, echoUpload: true);

        await ExchangeChecks.AssertCurlEchoAsync($"http://127.0.0.1:{nghttpd.Port}/upload", _directory, 3 * 1024 * 1024 + 7, seed: 1129);
    }

    [Fact]
    public async Task Trailer_follows_a_large_file()
    {
        const int length = 2 * 1024 * 1024 + 3;
        await File.WriteAllBytesAsync(Path.Combine(_directory, "big.bin"), new byte[length]);
        using NghttpdHost nghttpd = await NghttpdHost.StartAsync(_directory, trailer: "x-trailer: done");

        ToolResult result = await ToolRun.RunAsync(Tool.Nghttp, ["-nv", $"http://127.0.0.1:{nghttpd.Port}/big.bin"]);

        ExchangeChecks.AssertTrailersAfterBody(result, length, "x-trailer: done");
    }

    public void Dispose() => Directory.Delete(_directory, recursive: true);
}
