using System;
using System.Threading.Tasks;
using Ht2.Conformance.Tests.Harness;
using Xunit.Sdk;

namespace Ht2.Conformance.Tests;

/// <summary>
/// The harness itself: an expectation that does not match what the server does must fail (fast, with what arrived),
/// so a passing case means the reaction really happened. These use reactions today's server already gets right.
/// </summary>
public sealed class HarnessSelfTests(ServerFixture server) : ConformanceTest(server)
{
    [Fact]
    public async Task Expecting_a_different_GOAWAY_code_fails()
    {
        await using RawConnection connection = await OpenAsync();
        await connection.SendAsync(Frames.Data(0, 1));
        FailException e = await Assert.ThrowsAsync<FailException>(() => connection.ExpectConnectionErrorAsync(ErrorCode.FrameSizeError));
        Assert.Contains("ProtocolError", e.Message);
    }

    [Fact]
    public async Task Expecting_a_stream_error_where_the_server_sends_a_GOAWAY_with_another_code_fails()
    {
        await using RawConnection connection = await OpenAsync();
        await connection.SendAsync(Frames.Raw(FrameKind.Ping, FrameFlag.None, 0, new byte[3]));
        await Assert.ThrowsAsync<FailException>(() => connection.ExpectStreamErrorAsync(1, ErrorCode.ProtocolError));
    }

    [Fact]
    public async Task Expecting_a_response_where_the_connection_fails_fails()
    {
        await using RawConnection connection = await OpenAsync();
        await connection.SendAsync(Frames.Headers(0, Requests.Get));
        await Assert.ThrowsAsync<FailException>(() => connection.ExpectResponseAsync(1));
    }

    [Fact]
    public async Task Expecting_a_healthy_connection_after_a_stream_reset_fails()
    {
        await using RawConnection connection = await OpenAsync((SettingId.InitialWindowSize, 0));
        await connection.SendAsync(Frames.Headers(1, Requests.Get));
        await connection.ExpectResponseAsync(1);
        await connection.SendAsync(Frames.Data(1, 1));
        await Assert.ThrowsAsync<FailException>(connection.ExpectHealthyAsync);
    }

    [Fact]
    public async Task Expecting_a_close_on_a_healthy_connection_times_out_and_names_what_arrived()
    {
        await using RawConnection connection = await OpenAsync();
        connection.ExpectationDeadline = TimeSpan.FromMilliseconds(500); // short: an expected timeout trips no breaker
        await connection.SendAsync(Frames.Ping([1, 2, 3, 4, 5, 6, 7, 8]));
        FailException e = await Assert.ThrowsAsync<FailException>(connection.ExpectCloseAsync);
        Assert.Contains("Timed out", e.Message);
        Assert.Contains("PING", e.Message);
    }

    [Fact]
    public async Task Frames_passed_over_are_kept_for_their_stream_and_judged_once()
    {
        await using RawConnection connection = await OpenAsync();
        await connection.SendAsync(Frames.Headers(1, Requests.Get), Frames.Headers(3, Requests.Get));

        // Awaiting stream 3 first passes over stream 1's whole response; the expectation on stream 1 finds it kept.
        await connection.ExpectCompleteResponseAsync(3);
        Assert.Equal(ServerFixture.BodyBytes, await connection.ExpectCompleteResponseAsync(1));

        // Frames an expectation about their own stream judged are used up.
        connection.ExpectationDeadline = TimeSpan.FromMilliseconds(500);
        FailException e = await Assert.ThrowsAsync<FailException>(() => connection.ExpectResponseAsync(1));
        Assert.Contains("Timed out", e.Message);
    }
}
