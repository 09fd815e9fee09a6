using System;
using System.Globalization;
using System.IO.Pipelines;
using System.Net;
using System.Threading.Tasks;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Primitives;

// The Kestrel anchor of benchmarks/servers/run.sh: an h2c (HTTP/2 only, prior knowledge) endpoint on 127.0.0.1
// that answers every request with the response samples/Ht2.H2cServer sends for the same flags: status 200,
// content-length, --header-bytes bytes of x-filler values (at most 8 KiB per field), and --body-bytes bytes where
// byte i is (i mod 251). A request body (POST) is read to its end and dropped before the response.
// Logging is off. Prints "listening on http://127.0.0.1:PORT/" once Kestrel listens; stops on SIGTERM or Ctrl+C.
const int MaxFillerValue = 8 * 1024;

int port = -1;
int bodyBytes = 1024;
int headerBytes = 0;
string? certFile = null, keyFile = null;
for (int i = 0; i < args.Length; i++)
{
    string value = i + 1 < args.Length ? args[i + 1] : "";
    switch (args[i])
    {
        case "--port": port = int.Parse(value, CultureInfo.InvariantCulture); i++; break;
        case "--body-bytes": bodyBytes = int.Parse(value, CultureInfo.InvariantCulture); i++; break;
        case "--header-bytes": headerBytes = int.Parse(value, CultureInfo.InvariantCulture); i++; break;
        case "--cert": certFile = value; i++; break;
        case "--key": keyFile = value; i++; break;
        default:
            Console.Error.WriteLine($"unknown argument {args[i]}");
            return Usage();
    }
}

if (port < 0 || bodyBytes < 0 || headerBytes < 0 || (certFile is null) != (keyFile is null))
{
    return Usage();
}

byte[] body = new byte[bodyBytes];
for (int i = 0; i < body.Length; i++)
{
    body[i] = (byte)(i % 251);
}

StringValues filler = Filler(headerBytes);

WebApplicationBuilder builder = WebApplication.CreateSlimBuilder();
builder.Logging.ClearProviders();
builder.Services.Configure<HostOptions>(options => options.ShutdownTimeout = TimeSpan.FromSeconds(2));
builder.WebHost.ConfigureKestrel(kestrel =>
{
    kestrel.AddServerHeader = false;

    // A loaded benchmark machine must not turn slow peers into aborted requests.
    kestrel.Limits.MinRequestBodyDataRate = null;
    kestrel.Limits.MinResponseDataRate = null;
    kestrel.Listen(IPAddress.Loopback, port, listen =>
    {
        listen.Protocols = HttpProtocols.Http2;
        if (certFile is not null)
        {
            // HTTPS: TLS with ALPN h2 (the benchmark's TLS rows).
            listen.UseHttps(System.Security.Cryptography.X509Certificates.X509Certificate2.CreateFromPemFile(certFile, keyFile));
        }
    });
});

WebApplication app = builder.Build();
app.Run(async context =>
{
    if (!HttpMethods.IsGet(context.Request.Method))
    {
        await DrainAsync(context.Request.BodyReader);
    }

    HttpResponse response = context.Response;
    response.StatusCode = 200;
    response.ContentLength = body.Length;
    if (filler.Count > 0)
    {
        response.Headers["x-filler"] = filler;
    }

    await response.BodyWriter.WriteAsync(body);
});

await app.StartAsync();
Console.WriteLine($"listening on {(certFile is null ? "http" : "https")}://127.0.0.1:{port}/ (body {bodyBytes} B, extra headers {headerBytes} B)");
await app.WaitForShutdownAsync();
return 0;

static async Task DrainAsync(PipeReader reader)
{
    while (true)
    {
        ReadResult read = await reader.ReadAsync();
        reader.AdvanceTo(read.Buffer.End);
        if (read.IsCompleted)
        {
            return;
        }
    }
}

// One x-filler value per started 8 KiB, each a run of 'a'; Kestrel writes every value as its own field.
static StringValues Filler(int headerBytes)
{
    string[] values = new string[(headerBytes + MaxFillerValue - 1) / MaxFillerValue];
    for (int i = 0; i < values.Length; i++)
    {
        values[i] = new string('a', Math.Min(headerBytes - (i * MaxFillerValue), MaxFillerValue));
    }

    return new StringValues(values);
}

static int Usage()
{
    Console.Error.WriteLine("usage: KestrelServer --port P [--body-bytes N] [--header-bytes N] [--cert FILE.pem --key FILE.pem]");
    return 2;
}
