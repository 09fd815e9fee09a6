using System;
using System.Linq;
using System.Net;
using System.Security.Cryptography.X509Certificates;
using System.Threading.Tasks;
using Ht2.AspNetCore;
using Ht2.H2cServer;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Ht2.Interop.Tests;

/// <summary>
/// Kestrel on a loopback HTTPS endpoint (HTTP/2 only, self-signed certificate) inside the test process, answering
/// every request with <see cref="BodyBytes"/> bytes of <see cref="BodyPattern"/>: either Kestrel's own HTTP/2
/// (<c>ht2: false</c>) or Ht2 sessions hosted on Kestrel's connections through <c>UseHt2</c> (<c>ht2: true</c>).
/// </summary>
internal sealed class KestrelTlsHost : IAsyncDisposable
{
    public const int BodyBytes = 1024;
    private static readonly byte[] Body = BodyPattern.Create(BodyBytes);
    private readonly WebApplication _app;
    private readonly X509Certificate2 _certificate;

    private KestrelTlsHost(WebApplication app, X509Certificate2 certificate, int port)
    {
        _app = app;
        _certificate = certificate;
        Port = port;
    }

    public int Port { get; }

    public static async Task<KestrelTlsHost> StartAsync(bool ht2)
    {
        X509Certificate2 certificate = SelfSignedCertificate.ForLocalhost();
        WebApplicationBuilder builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.ConfigureKestrel(kestrel => kestrel.Listen(IPAddress.Loopback, 0, listen =>
        {
            listen.Protocols = HttpProtocols.Http2;
            listen.UseHttps(certificate);
            if (ht2)
            {
                listen.UseHt2(_ => new Responder());
            }
        }));
        WebApplication app = builder.Build();
        app.Run(context => context.Response.Body.WriteAsync(Body).AsTask());
        await app.StartAsync().Within(ToolRun.HangGuard);
        string address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        return new KestrelTlsHost(app, certificate, new Uri(address).Port);
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync().Within(ToolRun.HangGuard);
        await _app.DisposeAsync();
        _certificate.Dispose();
    }

    /// <summary>Ht2's side: :status 200 and the body, for every request.</summary>
    private sealed class Responder : Ht2SessionHandler
    {
        private static readonly Ht2Field[] Fields = [new(":status"u8.ToArray(), "200"u8.ToArray()), new("content-length"u8.ToArray(), "1024"u8.ToArray())];

        public override void OnRequest(Ht2Stream stream, Ht2Headers headers, bool endStream)
        {
            stream.SendHeaders(Fields, endStream: false);
            _ = stream.SendDataAsync(Body, endStream: true);
        }
    }
}
