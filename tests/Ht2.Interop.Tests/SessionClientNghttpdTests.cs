using System;
using System.IO;
using System.Threading.Tasks;
using Ht2.H2cServer;

namespace Ht2.Interop.Tests;

/// <summary>
/// The client role of <see cref="Ht2Session"/> against nghttpd (nghttp2's server, h2c with prior knowledge, 65,535-byte
/// windows): many concurrent streams, large bodies both ways, trailers both ways, 404, HEAD. nghttpd has no way to
/// send GOAWAY mid-flight on request; that case runs against Kestrel.
/// </summary>
public sealed class SessionClientNghttpdTests : IDisposable
{
    private const int TenMiB = 10 * 1024 * 1024;
    private const int EightMiB = 8 * 1024 * 1024;
    private readonly string _directory = Directory.CreateTempSubdirectory("ht2-session-nghttpd-").FullName;

    [Fact]
    public async Task Two_hundred_requests_share_one_connection_within_the_advertised_concurrency()
    {
        const int files = 25;
        for (int i = 0; i < files; i++)
        {
            await WritePatternFileAsync($"f{i}.bin", i * 7919 % 100_003);
        }

        using NghttpdHost nghttpd = await NghttpdHost.StartAsync(_directory);

        await SessionClientScenarios.ManyConcurrentStreamsAsync(nghttpd.Port, 200, i => ($"/f{i % files}.bin", i % files * 7919 % 100_003));
    }

    [Fact]
    public async Task Ten_MiB_download_arrives_byte_exact()
    {
        await WritePatternFileAsync("big.bin", TenMiB);
        using NghttpdHost nghttpd = await NghttpdHost.StartAsync(_directory);

        await SessionClientScenarios.DownloadAsync(nghttpd.Port, "/big.bin", TenMiB);
    }

    [Fact]
    public async Task Eight_MiB_upload_is_echoed_byte_exact()
    {
        using NghttpdHost nghttpd = await NghttpdHost.StartAsync(_directory, echoUpload: true);

        await SessionClientScenarios.EchoAsync(nghttpd.Port, "/upload", EightMiB, seed: 88);
    }

    [Fact]
    public async Task Response_trailers_arrive_after_the_body()
    {
        await WritePatternFileAsync("big.bin", 1024 * 1024 + 3);
        using NghttpdHost nghttpd = await NghttpdHost.StartAsync(_directory, trailer: "x-trailer: done");

        await SessionClientScenarios.TrailersAfterBodyAsync(nghttpd.Port, "/big.bin", 1024 * 1024 + 3, ("x-trailer", "done"));
    }

    [Fact]
    public async Task Request_trailers_are_accepted_after_the_upload()
    {
        // nghttpd does not echo request trailers; what it shows is that it took them as the end of a valid request.
        using NghttpdHost nghttpd = await NghttpdHost.StartAsync(_directory, echoUpload: true);

        await SessionClientScenarios.EchoAsync(nghttpd.Port, "/upload", 200_001, seed: 89, ("x-checksum", "c0ffee"));
    }

    [Fact]
    public async Task Downloads_cancelled_mid_body_leave_the_connection_usable()
    {
        await WritePatternFileAsync("big.bin", TenMiB);
        using NghttpdHost nghttpd = await NghttpdHost.StartAsync(_directory);

        await SessionClientScenarios.CancelMidDownloadAsync(nghttpd.Port, "/big.bin", TenMiB, rounds: 10);
    }

    [Fact]
    public async Task Client_graceful_shutdown_lets_the_download_in_flight_finish()
    {
        await WritePatternFileAsync("big.bin", TenMiB);
        using NghttpdHost nghttpd = await NghttpdHost.StartAsync(_directory);

        await SessionClientScenarios.ShutdownWhileDownloadingAsync(nghttpd.Port, "/big.bin", TenMiB);
    }

    [Fact]
    public async Task Missing_file_is_a_404()
    {
        await WritePatternFileAsync("small.bin", 10);
        using NghttpdHost nghttpd = await NghttpdHost.StartAsync(_directory);

        await SessionClientScenarios.NotFoundAsync(nghttpd.Port, "/nothing-here", "/small.bin");
    }

    [Fact]
    public async Task Head_announces_the_length_without_a_body()
    {
        await WritePatternFileAsync("file.bin", 5000);
        using NghttpdHost nghttpd = await NghttpdHost.StartAsync(_directory);

        await SessionClientScenarios.HeadAsync(nghttpd.Port, "/file.bin", 5000);
    }

    [Fact]
    public async Task Padded_frames_deliver_a_byte_exact_body_and_return_the_padding_credit()
    {
        // nghttpd pads every frame with up to 255 bytes; with 65,535-byte receive windows a padding byte whose credit
        // is not returned would stall the download long before its end.
        await WritePatternFileAsync("big.bin", TenMiB);
        using NghttpdHost nghttpd = await NghttpdHost.StartAsync(_directory, options: ["--padding=255"]);

        await SessionClientScenarios.DownloadAsync(nghttpd.Port, "/big.bin", TenMiB);
    }

    [Fact]
    public async Task Upload_through_a_1023_byte_stream_window_is_echoed_byte_exact()
    {
        // SETTINGS_INITIAL_WINDOW_SIZE 1,023: the 1 MiB upload moves in more than a thousand WINDOW_UPDATE steps.
        using NghttpdHost nghttpd = await NghttpdHost.StartAsync(_directory, echoUpload: true, options: ["--window-bits=10"]);

        await SessionClientScenarios.EchoAsync(nghttpd.Port, "/upload", 1024 * 1024 + 1, seed: 10);
    }

    [Fact]
    public async Task Early_response_streams_the_echo_while_the_upload_is_still_sent()
    {
        using NghttpdHost nghttpd = await NghttpdHost.StartAsync(_directory, echoUpload: true, options: ["--early-response"]);

        await SessionClientScenarios.EchoAsync(nghttpd.Port, "/upload", EightMiB, seed: 11);
    }

    [Fact]
    public async Task Three_concurrent_streams_advertised_are_never_exceeded()
    {
        for (int i = 0; i < 5; i++)
        {
            await WritePatternFileAsync($"f{i}.bin", 20_000 + i);
        }

        using NghttpdHost nghttpd = await NghttpdHost.StartAsync(_directory, options: ["--max-concurrent-streams=3"]);

        await SessionClientScenarios.ManyConcurrentStreamsAsync(nghttpd.Port, 60, i => ($"/f{i % 5}.bin", 20_000 + (i % 5)));
    }

    [Fact]
    public async Task Body_without_content_length_ends_at_end_stream()
    {
        await WritePatternFileAsync("big.bin", 3 * 1024 * 1024 + 1);
        using NghttpdHost nghttpd = await NghttpdHost.StartAsync(_directory, options: ["--no-content-length"]);

        await SessionClientScenarios.DownloadAsync(nghttpd.Port, "/big.bin", 3 * 1024 * 1024 + 1, expectContentLength: false);
    }

    [Theory]
    [InlineData(0, 4096)]
    [InlineData(65_536, 65_536)]
    public async Task Responses_decode_whatever_dynamic_table_size_we_advertise(int ourTableSize, int nghttpdEncoderTableSize)
    {
        // nghttpd's encoder indexes response fields; SETTINGS_HEADER_TABLE_SIZE 0 forbids it any dynamic entry, 64 KiB
        // lets it keep many. Either way every response of 100 on one connection must decode.
        for (int i = 0; i < 10; i++)
        {
            await WritePatternFileAsync($"f{i}.bin", 1000 + i);
        }

        using NghttpdHost nghttpd = await NghttpdHost.StartAsync(_directory, options: [$"--encoder-header-table-size={nghttpdEncoderTableSize}"]);

        await SessionClientScenarios.ManyConcurrentStreamsAsync(nghttpd.Port, 100, i => ($"/f{i % 10}.bin", 1000 + (i % 10)), new Ht2SessionOptions { HeaderTableSize = ourTableSize });
    }

    [Fact]
    public async Task Server_push_is_refused_by_our_settings()
    {
        // nghttpd is told to push /pushed.bin with /page.bin; our SETTINGS_ENABLE_PUSH 0 must keep it from doing so
        // (a PUSH_PROMISE would end the connection with PROTOCOL_ERROR).
        await WritePatternFileAsync("page.bin", 3000);
        await WritePatternFileAsync("pushed.bin", 4000);
        using NghttpdHost nghttpd = await NghttpdHost.StartAsync(_directory, options: ["--push=/page.bin=/pushed.bin"]);

        await SessionClientScenarios.DownloadAsync(nghttpd.Port, "/page.bin", 3000);
    }

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    private Task WritePatternFileAsync(string name, int length) => File.WriteAllBytesAsync(Path.Combine(_directory, name), BodyPattern.Create(length));
}
