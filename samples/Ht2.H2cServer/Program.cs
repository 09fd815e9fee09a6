using System;
using System.Globalization;
using System.Security.Cryptography.X509Certificates;
using System.Threading.Tasks;
using Ht2.H2cServer;

// Parses the command line and runs the server until Ctrl+C; the server itself is H2cServer.
int port = -1, bodyBytes = 1024, headerBytes = 0, encoderTable = Ht2.HpackIndexingEncoder.DefaultTableSize;
int dataPerWrite = Ht2.Ht2SessionOptions.Default.MaxDataBytesPerWrite;
int bytesPerSend = Ht2.Ht2SessionOptions.Default.MaxBytesPerSend;
int? notSentLowWatermark = Ht2.Ht2SessionOptions.Default.NotSentLowWatermark;
int? padding = null;
// A connection that reads alone polls 50 µs for its peer's next request before it sleeps (Ht2SessionOptions.ReceiveSpin;
// --receive-spin-us 0 turns it off): a chain of one request at a time is then not paced by idle cores' wake-ups.
TimeSpan receiveSpin = TimeSpan.FromMicroseconds(50);
bool tls = false, pipe = false, poolCompletions = false;
string? certFile = null, keyFile = null;
for (int i = 0; i < args.Length && port != -2; i++)
{
    string? next = i + 1 < args.Length ? args[i + 1] : null;
    switch (args[i])
    {
        case "--tls": tls = true; continue;
        case "--pipe": pipe = true; continue;
        case "--pool-completions": poolCompletions = true; continue;
        case "--cert" when next is not null: certFile = next; break;
        case "--key" when next is not null: keyFile = next; break;
        case "--port" when next is not null: port = int.Parse(next, CultureInfo.InvariantCulture); break;
        case "--body-bytes" when next is not null: bodyBytes = int.Parse(next, CultureInfo.InvariantCulture); break;
        case "--header-bytes" when next is not null: headerBytes = int.Parse(next, CultureInfo.InvariantCulture); break;
        case "--padding" when next is not null: padding = int.Parse(next, CultureInfo.InvariantCulture); break;
        case "--encoder-table-size" when next is not null: encoderTable = int.Parse(next, CultureInfo.InvariantCulture); break;
        case "--data-bytes-per-write" when next is not null: dataPerWrite = int.Parse(next, CultureInfo.InvariantCulture); break;
        case "--bytes-per-send" when next is not null: bytesPerSend = int.Parse(next, CultureInfo.InvariantCulture); break;
        case "--receive-spin-us" when next is not null: receiveSpin = TimeSpan.FromMicroseconds(int.Parse(next, CultureInfo.InvariantCulture)); break;
        case "--notsent-lowat" when next is not null: notSentLowWatermark = next == "off" ? null : int.Parse(next, CultureInfo.InvariantCulture); break;
        default: port = -2; continue;
    }

    i++;
}

if (port < 0 || (certFile is null) != (keyFile is null) || (tls && pipe))
{
    Console.Error.WriteLine("usage: Ht2.H2cServer --port P [--body-bytes N] [--header-bytes N] [--padding N] [--encoder-table-size N] [--data-bytes-per-write N] [--bytes-per-send N] [--notsent-lowat N|off] [--receive-spin-us N] [--pool-completions] [--pipe | --tls [--cert FILE.pem --key FILE.pem]]");
    return 2;
}

// Socket completions run inline on the runtime's socket event threads (one per core once inlining is on) instead of
// being handed to a thread-pool worker: a session never blocks in its handlers or its writer, so a request is read,
// answered and written on the thread epoll woke, as in an event-loop server. The runtime reads this variable once, at
// its first socket operation, so it is set before the server opens its socket; --pool-completions (or the variable
// set to 0 outside) keeps the hand-over.
const string InlineCompletions = "DOTNET_SYSTEM_NET_SOCKETS_INLINE_COMPLETIONS";
if (!poolCompletions && Environment.GetEnvironmentVariable(InlineCompletions) is null)
{
    Environment.SetEnvironmentVariable(InlineCompletions, "1");
}

// --tls without PEM files: a self-signed certificate for localhost, made in-process.
using X509Certificate2? certificate = !tls ? null
    : certFile is not null ? X509Certificate2.CreateFromPemFile(certFile, keyFile)
    : SelfSignedCertificate.ForLocalhost();
await using H2cServer server = await H2cServer.StartAsync(new H2cServerOptions
{
    Port = port, BodyBytes = bodyBytes, HeaderBytes = headerBytes, Padding = padding, EncoderTableSize = encoderTable,
    DataBytesPerWrite = dataPerWrite, BytesPerSend = bytesPerSend,
    NotSentLowWatermark = notSentLowWatermark, ReceiveSpin = receiveSpin, Certificate = certificate, UsePipe = pipe,
});
Console.WriteLine($"listening on {(tls ? "https" : "http")}://127.0.0.1:{server.Port}/ (body {bodyBytes} B, extra headers {headerBytes} B, padding {(padding?.ToString(CultureInfo.InvariantCulture) ?? "none")}{(pipe ? ", pipe transport" : "")}{(receiveSpin > TimeSpan.Zero ? $", receive spin {receiveSpin.TotalMicroseconds} µs" : "")}, socket completions {(Environment.GetEnvironmentVariable(InlineCompletions) == "1" ? "inline" : "on the thread pool")})");
TaskCompletionSource stop = new();
Console.CancelKeyPress += (_, e) => e.Cancel = stop.TrySetResult(); // a second Ctrl+C ends the process at once
await stop.Task;
return 0;

