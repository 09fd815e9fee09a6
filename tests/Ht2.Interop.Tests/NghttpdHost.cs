using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Threading;
using System.Threading.Tasks;

namespace Ht2.Interop.Tests;

/// <summary>
/// nghttpd serving a directory over h2c on a loopback port: GET (or HEAD) of any file in it, of any size. With
/// <c>echoUpload</c> a POST or PUT gets its request body back, so large bodies move both ways; with <c>trailer</c>
/// every response with a body ends with that trailer field ("name: value"); <c>options</c> passes more of nghttpd's
/// flags (padding, window bits, concurrency, ...). Readiness is read from its verbose output ("IPv4: listen
/// 127.0.0.1:PORT"), printed once the socket listens, so no polling and no sleeping.
/// </summary>
internal sealed class NghttpdHost : IDisposable
{
    private readonly Process _process;

    private NghttpdHost(Process process, int port)
    {
        _process = process;
        Port = port;
    }

    public int Port { get; }

    /// <summary>Starts nghttpd; with <paramref name="tls"/> (PEM key and certificate files) it serves HTTP/2 over TLS (ALPN h2) instead of h2c.</summary>
    public static async Task<NghttpdHost> StartAsync(string directory, bool echoUpload = false, string? trailer = null, IEnumerable<string>? options = null, (string KeyFile, string CertificateFile)? tls = null)
    {
        string nghttpd = Tool.Nghttpd;

        // nghttpd needs a concrete port: take a free one from the kernel. If another process grabs it first,
        // nghttpd exits and the test fails with its output, which names the bind error.
        int port = FreePort();
        List<string> arguments = ["-v", $"--address=127.0.0.1", "-d", directory];
        if (tls is null)
        {
            arguments.Add("--no-tls");
        }

        if (echoUpload)
        {
            arguments.Add("--echo-upload");
        }

        if (trailer is not null)
        {
            arguments.Add($"--trailer={trailer}");
        }

        arguments.AddRange(options ?? []);
        arguments.Add($"{port}");
        if (tls is (string key, string certificate))
        {
            arguments.Add(key);
            arguments.Add(certificate);
        }
        Process process = new() { StartInfo = ToolRun.Start(nghttpd, arguments) };
        TaskCompletionSource listening = new(TaskCreationOptions.RunContinuationsAsynchronously);
        string expected = $"listen 127.0.0.1:{port}";
        process.OutputDataReceived += (_, e) =>
        {
            if (e.Data is null)
            {
                listening.TrySetException(new InvalidOperationException("nghttpd exited before listening."));
            }
            else if (e.Data.Contains(expected, StringComparison.Ordinal))
            {
                listening.TrySetResult();
            }
        };
        process.ErrorDataReceived += (_, _) => { };
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        NghttpdHost host = new(process, port);
        try
        {
            await listening.Task.Within(ToolRun.HangGuard);
        }
        catch
        {
            host.Dispose();
            throw;
        }

        return host;
    }

    public void Dispose()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            _process.WaitForExit();
        }

        _process.Dispose();
    }

    private static int FreePort()
    {
        using Socket probe = new(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        probe.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        return ((IPEndPoint)probe.LocalEndPoint!).Port;
    }
}
