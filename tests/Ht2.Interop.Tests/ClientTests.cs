using System;
using System.IO;
using System.Threading.Tasks;
using Ht2.H2cClient;
using Ht2.H2cServer;

namespace Ht2.Interop.Tests;

/// <summary>The Ht2 client against nghttpd (a strict nghttp2 server) and against the Ht2 server.</summary>
public sealed class ClientTests : IDisposable
{
    private const int TenMiB = 10 * 1024 * 1024;
    private readonly string _directory = Directory.CreateTempSubdirectory("ht2-client-").FullName;

    [Fact]
    public async Task Ten_MiB_file_from_nghttpd_arrives_byte_exact()
    {
        byte[] file = new byte[TenMiB];
        new Random(20240611).NextBytes(file);
        await File.WriteAllBytesAsync(Path.Combine(_directory, "big.bin"), file);
        using NghttpdHost nghttpd = await NghttpdHost.StartAsync(_directory);
        using MemoryStream body = new(TenMiB);

        H2cResponse response = await H2cClient.H2cClient.GetAsync(new Uri($"http://127.0.0.1:{nghttpd.Port}/big.bin"), body).Within(SessionClient.Bound);

        Assert.Equal(200, response.Status);
        Assert.Equal(TenMiB, response.BodyBytes);
        Assert.Equal(TenMiB, response.ContentLength);
        Assert.True(body.ToArray().AsSpan().SequenceEqual(file), "The body differs from the file.");
    }

    [Fact]
    public async Task Missing_file_from_nghttpd_is_a_404()
    {
        using NghttpdHost nghttpd = await NghttpdHost.StartAsync(_directory);

        H2cResponse response = await H2cClient.H2cClient.GetAsync(new Uri($"http://127.0.0.1:{nghttpd.Port}/nothing-here"), null).Within(SessionClient.Bound);

        Assert.Equal(404, response.Status);
    }

    [Fact]
    public async Task Ten_MiB_padded_body_with_100_KiB_headers_from_the_Ht2_server()
    {
        H2cServer.H2cServer server = await H2cServer.H2cServer.StartAsync(new H2cServerOptions { BodyBytes = TenMiB, HeaderBytes = 102_400, Padding = 31 });
        using MemoryStream body = new(TenMiB);
        bool exchanged = false;
        try
        {
            H2cResponse response = await H2cClient.H2cClient.GetAsync(new Uri($"http://127.0.0.1:{server.Port}/"), body).Within(SessionClient.Bound);
            exchanged = true;

            Assert.Equal(200, response.Status);
            Assert.Equal(TenMiB, response.BodyBytes);
            Assert.Equal(":status".Length + 3 + "content-length".Length + 8 + (13 * "x-filler".Length) + 102_400, response.HeaderBytes);
            Assert.Equal(-1, BodyPattern.FindMismatch(body.GetBuffer().AsSpan(0, (int)body.Length)));
        }
        finally
        {
            // An exchange that did not end leaves its client connected, and a broken session may write to it for ever:
            // the server's stop would wait for that session up to its write stall timeout (30 s). The failure is
            // reported at once, and the server stops in the background.
            Task stopping = server.DisposeAsync().AsTask();
            if (exchanged)
            {
                await stopping;
            }
        }
    }

    public void Dispose() => Directory.Delete(_directory, recursive: true);
}
