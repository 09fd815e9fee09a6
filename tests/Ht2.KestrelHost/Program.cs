using System;
using System.Globalization;
using Ht2.KestrelHost;

// Runs the test host by hand: dotnet run --project tests/Ht2.KestrelHost -c Release -- [--port N]
// Prints "listening on http://127.0.0.1:PORT/" once Kestrel listens; stops on Ctrl+C or SIGTERM.
int port = 0;
for (int i = 0; i < args.Length - 1; i++)
{
    if (args[i] == "--port")
    {
        port = int.Parse(args[i + 1], CultureInfo.InvariantCulture);
    }
}

await using KestrelH2cServer server = await KestrelH2cServer.StartAsync(new KestrelH2cServerOptions { Port = port, ConsoleLogging = true, HandleConsoleSignals = true });
Console.WriteLine($"listening on {server.BaseAddress}");
await server.WaitForShutdownAsync();
