using System;
using System.Globalization;
using System.Threading;
using System.Threading.Tasks;
using Ht2.H2cServer;

// Parses the command line and runs the server until Ctrl+C; the server itself is H2cServer.
int port = -1;
int bodyBytes = 1024;
int headerBytes = 0;
int? padding = null;
for (int i = 0; i < args.Length; i++)
{
    string value = i + 1 < args.Length ? args[i + 1] : "";
    switch (args[i])
    {
        case "--port": port = int.Parse(value, CultureInfo.InvariantCulture); i++; break;
        case "--body-bytes": bodyBytes = int.Parse(value, CultureInfo.InvariantCulture); i++; break;
        case "--header-bytes": headerBytes = int.Parse(value, CultureInfo.InvariantCulture); i++; break;
        case "--padding": padding = int.Parse(value, CultureInfo.InvariantCulture); i++; break;
        default:
            Console.Error.WriteLine($"unknown argument {args[i]}");
            return Usage();
    }
}

if (port < 0)
{
    return Usage();
}

H2cServerOptions options = new() { Port = port, BodyBytes = bodyBytes, HeaderBytes = headerBytes, Padding = padding };
await using H2cServer server = await H2cServer.StartAsync(options);
Console.WriteLine($"listening on http://127.0.0.1:{server.Port}/ (body {bodyBytes} B, extra headers {headerBytes} B, padding {(padding?.ToString(CultureInfo.InvariantCulture) ?? "none")})");

using SemaphoreSlim stop = new(0);
Console.CancelKeyPress += (_, e) =>
{
    e.Cancel = true;
    stop.Release();
};
await stop.WaitAsync();
return 0;

static int Usage()
{
    Console.Error.WriteLine("usage: Ht2.H2cServer --port P [--body-bytes N] [--header-bytes N] [--padding N]");
    return 2;
}
