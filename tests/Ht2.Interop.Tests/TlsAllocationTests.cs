using System;
using System.Security.Cryptography.X509Certificates;
using System.Threading.Tasks;
using Ht2.H2cServer;
using Xunit.Abstractions;

namespace Ht2.Interop.Tests;

/// <summary>
/// What the in-process server allocates per request in steady state, over TLS and over the pipe transport, while
/// h2load (another process) drives it: the whole process's allocations around a measured run, divided by requests.
/// </summary>
public sealed class TlsAllocationTests(ITestOutputHelper output)
{
    private const int Requests = 20_000;

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task A_request_in_steady_state_allocates_almost_nothing(bool tls)
    {
        using X509Certificate2? certificate = tls ? SelfSignedCertificate.ForLocalhost() : null;
        await using H2cServer.H2cServer server = await H2cServer.H2cServer.StartAsync(new H2cServerOptions { BodyBytes = 1024, Certificate = certificate, UsePipe = !tls });
        string url = $"{(tls ? "https" : "http")}://127.0.0.1:{server.Port}/";
        string[] arguments = ["-n", $"{Requests}", "-c", "1", "-m", "16", url];

        // The first run warms the pools, the JIT and the connection's buffers; the second is measured on a new connection.
        Assert.Equal(0, (await ToolRun.RunAsync(Tool.H2load, arguments)).ExitCode);
        long before = GC.GetTotalAllocatedBytes(precise: true);
        ToolResult result = await ToolRun.RunAsync(Tool.H2load, arguments);
        long allocated = GC.GetTotalAllocatedBytes(precise: true) - before;

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Contains($"{Requests} succeeded", result.Output);
        double perRequest = (double)allocated / Requests;
        output.WriteLine($"{(tls ? "TLS" : "pipe")}: {allocated} B in {Requests} requests = {perRequest:F1} B per request (the connection's set-up included)");

        // A connection's set-up (TLS handshake, session, buffers) is a few tens of KiB; a per-request allocation of even
        // one small object would add at least 24 B per request.
        Assert.True(perRequest < 24, $"{perRequest:F1} B per request");
    }
}
