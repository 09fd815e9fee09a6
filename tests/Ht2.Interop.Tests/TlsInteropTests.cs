using System;
using System.IO;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Threading.Tasks;
using Ht2.H2cClient;
using Ht2.H2cServer;

namespace Ht2.Interop.Tests;

/// <summary>
/// curl, nghttp and h2load against Ht2 over TLS (the sample server with a self-signed certificate, and Ht2 hosted in
/// Kestrel behind UseHttps) and over the pipe transport; an http/1.1-only peer refused; the sample client over TLS
/// against nghttpd, Kestrel's own HTTP/2 and the sample server.
/// </summary>
public sealed class TlsInteropTests : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("ht2-tls-").FullName;

    public enum Target
    {
        SampleTls,
        SamplePipe,
        KestrelHostedHt2,
    }

    [Theory]
    [InlineData(Target.SampleTls)]
    [InlineData(Target.SamplePipe)]
    [InlineData(Target.KestrelHostedHt2)]
    public async Task Curl_gets_a_byte_exact_body_over_HTTP2(Target target)
    {
        await using Server server = await Server.StartAsync(target);
        string body = Path.Combine(_directory, "body");
        string mode = target == Target.SamplePipe ? "--http2-prior-knowledge" : "--http2";
        ToolResult result = await ToolRun.RunAsync(Tool.Curl, [mode, "-k", "-s", "-o", body, "-w", "%{http_code} %{size_download} %{http_version}", server.Url]);

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Equal("200 1024 2", result.Output.Trim());
        Assert.Equal(-1, BodyPattern.FindMismatch(File.ReadAllBytes(body)));
    }

    [Theory]
    [InlineData(Target.SampleTls)]
    [InlineData(Target.SamplePipe)]
    [InlineData(Target.KestrelHostedHt2)]
    public async Task Nghttp_runs_ten_concurrent_streams(Target target)
    {
        await using Server server = await Server.StartAsync(target);
        ToolResult result = await ToolRun.RunAsync(Tool.Nghttp, ["-nv", "-m", "10", server.Url]);

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Equal(10, result.Output.Split("recv HEADERS frame").Length - 1);
        Assert.DoesNotContain("recv GOAWAY", result.Output);
        Assert.DoesNotContain("RST_STREAM", result.Output);
    }

    [Theory]
    [InlineData(Target.SampleTls)]
    [InlineData(Target.SamplePipe)]
    [InlineData(Target.KestrelHostedHt2)]
    public async Task H2load_completes_every_request(Target target)
    {
        await using Server server = await Server.StartAsync(target);
        ToolResult result = await ToolRun.RunAsync(Tool.H2load, ["-n", "4000", "-c", "4", "-m", "16", server.Url]);

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Contains("4000 succeeded, 0 failed, 0 errored", result.Output);
        if (target != Target.SamplePipe)
        {
            Assert.Contains("Application protocol: h2", result.Output);
        }
    }

    [Theory]
    [InlineData(Target.SampleTls)]
    [InlineData(Target.KestrelHostedHt2)]
    public async Task A_peer_offering_only_http11_is_refused_and_the_next_h2_peer_is_served(Target target)
    {
        await using Server server = await Server.StartAsync(target);
        ToolResult refused = await ToolRun.RunAsync(Tool.Curl, ["--http1.1", "-k", "-s", "-o", "/dev/null", "-w", "%{http_code}", server.Url]);
        Assert.True(refused.ExitCode != 0, refused.ToString());
        Assert.Equal("000", refused.Output.Trim());

        ToolResult served = await ToolRun.RunAsync(Tool.Curl, ["--http2", "-k", "-s", "-o", "/dev/null", "-w", "%{http_code} %{http_version}", server.Url]);
        Assert.True(served.ExitCode == 0, served.ToString());
        Assert.Equal("200 2", served.Output.Trim());
    }

    [Fact]
    public async Task The_client_gets_a_file_from_nghttpd_over_TLS()
    {
        using X509Certificate2 certificate = SelfSignedCertificate.ForLocalhost();
        string key = Path.Combine(_directory, "key.pem");
        string cert = Path.Combine(_directory, "cert.pem");
        using (ECDsa privateKey = certificate.GetECDsaPrivateKey()!)
        {
            File.WriteAllText(key, privateKey.ExportPkcs8PrivateKeyPem());
        }

        File.WriteAllText(cert, certificate.ExportCertificatePem());
        string site = Directory.CreateDirectory(Path.Combine(_directory, "site")).FullName;
        byte[] file = BodyPattern.Create(300_000);
        File.WriteAllBytes(Path.Combine(site, "big.bin"), file);
        using NghttpdHost nghttpd = await NghttpdHost.StartAsync(site, tls: (key, cert));

        MemoryStream body = new();
        H2cResponse response = await H2cClient.H2cClient.GetAsync(new Uri($"https://127.0.0.1:{nghttpd.Port}/big.bin"), body, trustAnyCertificate: true).Within(ToolRun.HangGuard);

        Assert.Equal(200, response.Status);
        Assert.True(body.ToArray().AsSpan().SequenceEqual(file), "the file differs");
    }

    [Fact]
    public async Task The_client_gets_a_body_from_a_Kestrel_HTTPS_endpoint()
    {
        await using KestrelTlsHost kestrel = await KestrelTlsHost.StartAsync(ht2: false);
        MemoryStream body = new();
        H2cResponse response = await H2cClient.H2cClient.GetAsync(new Uri($"https://127.0.0.1:{kestrel.Port}/"), body, trustAnyCertificate: true).Within(ToolRun.HangGuard);

        Assert.Equal(200, response.Status);
        Assert.Equal(KestrelTlsHost.BodyBytes, body.Length);
        Assert.Equal(-1, BodyPattern.FindMismatch(body.ToArray()));
    }

    [Fact]
    public async Task The_client_that_checks_certificates_refuses_a_self_signed_one()
    {
        await using Server server = await Server.StartAsync(Target.SampleTls);
        Ht2TlsException refused = await Assert.ThrowsAsync<Ht2TlsException>(() => H2cClient.H2cClient.GetAsync(new Uri(server.Url), null).Within(ToolRun.HangGuard));
        Assert.Equal(Ht2TlsFailure.HandshakeFailed, refused.Failure);
    }

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    /// <summary>One of the targets, started on a free loopback port.</summary>
    private sealed class Server : IAsyncDisposable
    {
        private readonly IAsyncDisposable _host;
        private readonly X509Certificate2? _certificate;

        private Server(IAsyncDisposable host, string url, X509Certificate2? certificate)
        {
            _host = host;
            Url = url;
            _certificate = certificate;
        }

        public string Url { get; }

        public static async Task<Server> StartAsync(Target target)
        {
            if (target == Target.KestrelHostedHt2)
            {
                KestrelTlsHost kestrel = await KestrelTlsHost.StartAsync(ht2: true);
                return new Server(kestrel, $"https://127.0.0.1:{kestrel.Port}/", null);
            }

            X509Certificate2? certificate = target == Target.SampleTls ? SelfSignedCertificate.ForLocalhost() : null;
            H2cServer.H2cServer server = await H2cServer.H2cServer.StartAsync(new H2cServerOptions { BodyBytes = 1024, Certificate = certificate, UsePipe = target == Target.SamplePipe });
            return new Server(server, $"{(certificate is null ? "http" : "https")}://127.0.0.1:{server.Port}/", certificate);
        }

        public async ValueTask DisposeAsync()
        {
            await _host.DisposeAsync();
            _certificate?.Dispose();
        }
    }
}
