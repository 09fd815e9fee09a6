using System;
using System.IO;
using Ht2;
using Ht2.H2cClient;

// Parses the command line and prints what H2cClient.GetAsync returned.
bool insecure = args.Length > 0 && args[0] == "-k"; // https: accept any certificate (self-signed test servers)
if (insecure)
{
    args = args[1..];
}

if (args.Length is not (1 or 3) || (args.Length == 3 && args[1] != "--output"))
{
    Console.Error.WriteLine("usage: Ht2.H2cClient [-k] http(s)://host:port/path [--output FILE]");
    return 2;
}

try
{
    await using Stream? output = args.Length == 3 ? File.Create(args[2]) : null;
    H2cResponse response = await H2cClient.GetAsync(new Uri(args[0]), output, trustAnyCertificate: insecure);
    Console.WriteLine($"status {response.Status}, body {response.BodyBytes} bytes, {response.HeaderFields} header fields ({response.HeaderBytes} bytes)");
    return response.Status is >= 200 and < 400 ? 0 : 1;
}
catch (Exception e) when (e is Ht2ProtocolException or Ht2TlsException or IOException or System.Net.Sockets.SocketException)
{
    Console.Error.WriteLine($"error: {e.Message}");
    return 1;
}
