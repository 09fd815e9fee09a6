using System;
using System.IO;
using System.Linq;
using System.Text.RegularExpressions;
using System.Threading.Tasks;

namespace Ht2.Interop.Tests;

/// <summary>Checks shared by the tests of the external servers the client-role tests use (Kestrel, nghttpd).</summary>
internal static class ExchangeChecks
{
    /// <summary>POSTs <paramref name="length"/> random bytes with curl (h2c prior knowledge) and asserts they come back byte-exact.</summary>
    public static async Task AssertCurlEchoAsync(string url, string directory, int length, int seed)
    {
        byte[] upload = new byte[length];
        new Random(seed).NextBytes(upload);
        string sent = Path.Combine(directory, "upload");
        string received = Path.Combine(directory, "echo");
        await File.WriteAllBytesAsync(sent, upload);

        ToolResult result = await ToolRun.RunAsync(Tool.Curl,
            ["--http2-prior-knowledge", "-sS", "--data-binary", $"@{sent}", "-o", received, "-w", "%{http_code} %{size_download}", url]);

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Equal($"200 {upload.Length}", result.Output.Trim());
        byte[] echoed = await File.ReadAllBytesAsync(received);
        Assert.True(upload.AsSpan().SequenceEqual(echoed), "The echo differs from the upload.");
    }

    /// <summary>
    /// Asserts, from <c>nghttp -nv</c> output, that the DATA payloads add up to <paramref name="bodyBytes"/> and that
    /// every one of <paramref name="trailers"/> ("name: value") arrived after the last DATA frame.
    /// </summary>
    public static void AssertTrailersAfterBody(ToolResult result, int bodyBytes, params string[] trailers)
    {
        Assert.True(result.ExitCode == 0, result.ToString());
        string[] lines = result.Output.Split('\n');
        int lastData = Array.FindLastIndex(lines, line => line.Contains("recv DATA frame", StringComparison.Ordinal));
        Assert.True(lastData >= 0, result.ToString());
        foreach (string trailer in trailers)
        {
            int at = Array.FindIndex(lines, line => line.Contains($") {trailer}", StringComparison.Ordinal));
            Assert.True(at > lastData, $"'{trailer}' is missing or not after the body.\n{result}");
        }

        Assert.Equal(bodyBytes, Regex.Matches(result.Output, @"recv DATA frame <length=(\d+)").Sum(m => int.Parse(m.Groups[1].Value)));
    }
}
