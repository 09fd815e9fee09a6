using System;
using System.IO;
using System.Text.RegularExpressions;
using System.Threading.Tasks;
using Ht2.H2cServer;

namespace Ht2.Interop.Tests;

/// <summary>
/// The Kestrel h2c host answers strict HTTP/2 clients (curl with prior knowledge, nghttp) on every endpoint the
/// client-role tests use, so a failure there points at the client under test, not at the host.
/// </summary>
public sealed class KestrelHostTests : IClassFixture<KestrelH2cHost>, IDisposable
{
    private readonly KestrelH2cHost _kestrel;
    private readonly string _directory = Directory.CreateTempSubdirectory("ht2-kestrel-").FullName;

    public KestrelHostTests(KestrelH2cHost kestrel) => _kestrel = kestrel;

    [Fact]
    public async Task Answers_curl_over_h2c_with_prior_knowledge()
    {
        const int length = 1_000_003;
        string body = Path.Combine(_directory, "body");

        ToolResult result = await ToolRun.RunAsync(Tool.Curl,
            ["--http2-prior-knowledge", "-sS", "-o", body, "-w", "%{http_code} %{size_download} %{http_version}", $"{_kestrel.BaseAddress}bytes/{length}"]);

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Equal($"200 {length} 2", result.Output.Trim());
        Assert.Equal(-1, BodyPattern.FindMismatch(await File.ReadAllBytesAsync(body)));
    }

    [Fact]
    public Task Echoes_a_large_upload_byte_exact() =>
        ExchangeChecks.AssertCurlEchoAsync($"{_kestrel.BaseAddress}echo", _directory, 3 * 1024 * 1024 + 5, seed: 20261129);

    [Fact]
    public async Task Sends_trailers_after_the_body()
    {
        ToolResult result = await ToolRun.RunAsync(Tool.Nghttp, ["-nv", $"{_kestrel.BaseAddress}trailers/100000"]);

        ExchangeChecks.AssertTrailersAfterBody(result, 100_000, "x-body-bytes: 100000", "x-trailer: done");
    }

    [Fact]
    public async Task Goaway_lets_the_request_in_flight_finish()
    {
        // A dedicated host: the connection it closes must not be one another test shares. nghttp sends both
        // requests on one connection; the held one is released only once nghttp has reported the GOAWAY, so its
        // response provably completes after it.
        await using KestrelH2cHost kestrel = await KestrelH2cHost.StartAsync();
        string key = Guid.NewGuid().ToString("N");

        ToolResult result = await ToolRun.RunAsync(Tool.Nghttp, ["-nv", $"{kestrel.BaseAddress}hold/{key}", $"{kestrel.BaseAddress}goaway"],
            line =>
            {
                if (line.Contains("recv GOAWAY frame", StringComparison.Ordinal))
                {
                    kestrel.Release(key);
                }
            });

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Contains("error_code=NO_ERROR(0x00)", result.Output);
        Assert.Equal(2, Regex.Matches(result.Output, @"recv \(stream_id=\d+\) :status: 200").Count);
        string[] lines = result.Output.Split('\n');
        int goaway = Array.FindIndex(lines, line => line.Contains("recv GOAWAY frame", StringComparison.Ordinal));
        string heldStream = Regex.Match(result.Output, @"send HEADERS frame <[^>]*stream_id=(\d+)>(?:(?!send HEADERS)[\s\S])*:path: /hold/" + key).Groups[1].Value;
        int held = Array.FindIndex(lines, line => line.Contains($"recv (stream_id={heldStream}) :status: 200", StringComparison.Ordinal));
        Assert.True(goaway >= 0 && held > goaway, result.ToString());
    }

    [Fact]
    public async Task Goaway_after_n_requests_on_one_connection()
    {
        await using KestrelH2cHost kestrel = await KestrelH2cHost.StartAsync();

        ToolResult result = await ToolRun.RunAsync(Tool.Nghttp, ["-nv", "-m", "3", $"{kestrel.BaseAddress}goaway-after/2"]);

        // The third request may arrive after Kestrel's final GOAWAY and be refused, so only two answers are certain.
        Assert.Contains("recv GOAWAY frame", result.Output);
        Assert.InRange(Regex.Matches(result.Output, @"recv \(stream_id=\d+\) :status: 200").Count, 2, 3);
    }

    [Fact]
    public async Task Slow_answers_after_the_delay()
    {
        ToolResult result = await ToolRun.RunAsync(Tool.Curl,
            ["--http2-prior-knowledge", "-sS", "-w", " %{http_code} %{http_version}", $"{_kestrel.BaseAddress}slow/10"]);

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Equal("slow\n 200 2", result.Output.TrimEnd());
    }

    public void Dispose() => Directory.Delete(_directory, recursive: true);
}
