using System;
using System.IO;
using System.Linq;
using System.Threading.Tasks;
using Ht2.H2cServer;

namespace Ht2.Interop.Tests;

/// <summary>curl (libcurl + nghttp2) against the in-process server: status, exact length, byte-exact body.</summary>
public sealed class CurlTests : IDisposable
{
    private const int TenMiB = 10 * 1024 * 1024;
    private readonly string _directory = Directory.CreateTempSubdirectory("ht2-curl-").FullName;

    [Theory]
    [InlineData(0, null)]
    [InlineData(1, null)]
    [InlineData(16384, null)]
    [InlineData(16385, null)]
    [InlineData(TenMiB, null)]
    [InlineData(0, 255)]
    [InlineData(1, 0)]
    [InlineData(16384, 7)]
    [InlineData(16385, 255)]
    [InlineData(TenMiB, 200)]
    public async Task Body_arrives_byte_exact(int bodyBytes, int? padding)
    {
        await using H2cServer.H2cServer server = await H2cServer.H2cServer.StartAsync(new H2cServerOptions { BodyBytes = bodyBytes, Padding = padding });

        (ToolResult result, string body, _) = await FetchAsync(server.Port);

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Equal($"200 {bodyBytes} 2", result.Output.Trim());
        AssertPattern(body, bodyBytes);
    }

    [Fact]
    public async Task Header_block_of_100_KiB_arrives_through_CONTINUATION()
    {
        // 102400 filler bytes in 13 fields of <= 8 KiB: a ~100 KiB block, HEADERS + 6 CONTINUATION at 16384.
        // curl 7.88 caps one header line at 100 KiB (CURL_MAX_HTTP_HEADER), so the filler is split over fields.
        const int headerBytes = 102_400;
        await using H2cServer.H2cServer server = await H2cServer.H2cServer.StartAsync(new H2cServerOptions { BodyBytes = 16385, HeaderBytes = headerBytes, Padding = 9 });

        (ToolResult result, string body, string headers) = await FetchAsync(server.Port);

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Equal("200 16385 2", result.Output.Trim());
        AssertPattern(body, 16385);
        int filler = File.ReadAllLines(headers)
            .Where(line => line.StartsWith("x-filler: ", StringComparison.Ordinal))
            .Sum(line => line.Length - "x-filler: ".Length);
        Assert.Equal(headerBytes, filler);
    }

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    private async Task<(ToolResult Result, string Body, string Headers)> FetchAsync(int port)
    {
        string body = Path.Combine(_directory, "body");
        string headers = Path.Combine(_directory, "headers");
        ToolResult result = await ToolRun.RunAsync(Tool.Curl,
        [
            "--http2-prior-knowledge", "-s", "-o", body, "-D", headers,
            "-w", "%{http_code} %{size_download} %{http_version}", $"http://127.0.0.1:{port}/",
        ]);
        return (result, body, headers);
    }

    private static void AssertPattern(string path, int expectedLength)
    {
        byte[] received = File.Exists(path) ? File.ReadAllBytes(path) : [];
        Assert.Equal(expectedLength, received.Length);
        Assert.Equal(-1, BodyPattern.FindMismatch(received));
    }
}
