using System;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Ht2;
using Ht2.AspNetCore;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;

// Ht2 sessions on a Kestrel HTTPS endpoint: Kestrel accepts and does TLS (ALPN h2), Ht2 speaks HTTP/2.
// Usage: Ht2.KestrelHosted [port] — then curl -k --http2 https://localhost:PORT/
int port = args.Length > 0 ? int.Parse(args[0], System.Globalization.CultureInfo.InvariantCulture) : 8443;
using ECDsa key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
using X509Certificate2 certificate = new CertificateRequest("CN=localhost", key, HashAlgorithmName.SHA256)
    .CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddDays(30));

WebApplicationBuilder builder = WebApplication.CreateSlimBuilder(args);
builder.WebHost.ConfigureKestrel(kestrel => kestrel.ListenLocalhost(port, listen => listen.UseHttps(certificate).UseHt2(_ => new Hello())));
await using WebApplication app = builder.Build();
Console.WriteLine($"listening on https://localhost:{port}/");
await app.RunAsync();

/// <summary>Answers every request with 200 and "hello from Ht2 in Kestrel\n".</summary>
internal sealed class Hello : Ht2SessionHandler
{
    private static readonly Ht2Field[] Fields = [new(":status"u8.ToArray(), "200"u8.ToArray()), new("content-type"u8.ToArray(), "text/plain"u8.ToArray())];
    private static readonly byte[] Body = "hello from Ht2 in Kestrel\n"u8.ToArray();

    public override void OnRequest(Ht2Stream stream, Ht2Headers headers, bool endStream)
    {
        stream.SendHeaders(Fields, endStream: false);
        _ = stream.SendDataAsync(Body, endStream: true);
    }
}
