using System;
using System.Globalization;
using System.Threading.Tasks;
using Ht2.H2cServer;

// Parses the command line and runs the server until Ctrl+C; the server itself is H2cServer.
int port = -1, bodyBytes = 1024, headerBytes = 0, encoderTable = Ht2.HpackIndexingEncoder.DefaultTableSize;
int dataPerWrite = Ht2.Ht2SessionOptions.Default.MaxDataBytesPerWrite;
int? padding = null;
for (int i = 0; i + 1 < args.Length; i += 2)
{
    int value = int.Parse(args[i + 1], CultureInfo.InvariantCulture);
    switch (args[i])
    {
        case "--port": port = value; break;
        case "--body-bytes": bodyBytes = value; break;
        case "--header-bytes": headerBytes = value; break;
        case "--padding": padding = value; break;
        case "--encoder-table-size": encoderTable = value; break;
        case "--data-bytes-per-write": dataPerWrite = value; break;
        default: port = -1; i = args.Length; break;
    }
}

if (port < 0 || args.Length % 2 != 0)
{
    Console.Error.WriteLine("usage: Ht2.H2cServer --port P [--body-bytes N] [--header-bytes N] [--padding N] [--encoder-table-size N] [--data-bytes-per-write N]");
    return 2;
}

await using H2cServer server = await H2cServer.StartAsync(new H2cServerOptions { Port = port, BodyBytes = bodyBytes, HeaderBytes = headerBytes, Padding = padding, EncoderTableSize = encoderTable, DataBytesPerWrite = dataPerWrite });
Console.WriteLine($"listening on http://127.0.0.1:{server.Port}/ (body {bodyBytes} B, extra headers {headerBytes} B, padding {(padding?.ToString(CultureInfo.InvariantCulture) ?? "none")})");
TaskCompletionSource stop = new();
Console.CancelKeyPress += (_, e) => e.Cancel = stop.TrySetResult(); // a second Ctrl+C ends the process at once
await stop.Task;
return 0;
