using System.Text.RegularExpressions;
using System.Threading.Tasks;
using Ht2.H2cServer;

namespace Ht2.Interop.Tests;

/// <summary>h2load: 20000 requests over 8 connections, 16 concurrent streams each, against the in-process server.</summary>
public sealed class H2loadTests
{
    [Fact]
    public async Task Twenty_thousand_requests_all_succeed()
    {
        await using H2cServer.H2cServer server = await H2cServer.H2cServer.StartAsync(new H2cServerOptions { BodyBytes = 1024 });

        ToolResult result = await ToolRun.RunAsync(Tool.H2load, ["-n", "20000", "-c", "8", "-m", "16", $"http://127.0.0.1:{server.Port}/"]);

        Assert.True(result.ExitCode == 0, result.ToString());
        Match requests = Regex.Match(result.Output, @"requests: (\d+) total, \d+ started, \d+ done, (\d+) succeeded, (\d+) failed, (\d+) errored");
        Assert.True(requests.Success, result.ToString());
        Assert.Equal("20000", requests.Groups[2].Value);
        Assert.Equal("0", requests.Groups[3].Value);
        Assert.Equal("0", requests.Groups[4].Value);
        Assert.Contains("status codes: 20000 2xx", result.Output);
    }
}
