using System.Threading.Tasks;
using Ht2.Conformance.Tests.Harness;

namespace Ht2.Conformance.Tests;

/// <summary>
/// RFC 9113 §5.1, half-closed (remote): the request ended with END_STREAM and the response is still pending (our
/// stream window is 0, so the server sends its HEADERS and waits). "If an endpoint receives additional frames, other
/// than WINDOW_UPDATE, PRIORITY, or RST_STREAM, for a stream that is in this state, it MUST respond with a stream
/// error of type STREAM_CLOSED."
/// </summary>
public sealed class S5_1_HalfClosedRemoteTests(ServerFixture server) : ConformanceTest(server)
{
    [Fact]
    public async Task S5_1_half_closed_remote_DATA_is_STREAM_CLOSED()
    {
        await using RawConnection connection = await OpenHalfClosedAsync();
        await connection.SendAsync(Frames.Data(1, 4, endStream: true));
        await connection.ExpectStreamErrorAsync(1, ErrorCode.StreamClosed);
    }

    [Fact]
    public async Task S5_1_half_closed_remote_HEADERS_is_STREAM_CLOSED()
    {
        await using RawConnection connection = await OpenHalfClosedAsync();
        await connection.SendAsync(Frames.Headers(1, HeaderBlock.Of(("x-trailer", "late"))));
        await connection.ExpectStreamErrorAsync(1, ErrorCode.StreamClosed);
    }

    [Fact]
    public async Task S5_1_half_closed_remote_CONTINUATION_is_a_connection_error()
    {
        await using RawConnection connection = await OpenHalfClosedAsync();
        await connection.SendAsync(Frames.Continuation(1, HeaderBlock.Of(("x-a", "b"))));

        // No field block is open, so §6.10 makes it a connection PROTOCOL_ERROR; STREAM_CLOSED is also accepted.
        await connection.ExpectConnectionErrorAsync(ErrorCode.ProtocolError, ErrorCode.StreamClosed);
    }

    [Fact]
    public async Task S5_1_half_closed_remote_WINDOW_UPDATE_is_accepted_and_releases_the_body()
    {
        await using RawConnection connection = await OpenHalfClosedAsync();
        await connection.SendAsync(Frames.WindowUpdate(1, ServerFixture.BodyBytes));
        await connection.ExpectDataAsync(1, ServerFixture.BodyBytes);
    }

    [Fact]
    public async Task S5_1_half_closed_remote_PRIORITY_is_accepted()
    {
        await using RawConnection connection = await OpenHalfClosedAsync();
        await connection.SendAsync(Frames.Priority(1, 0, 200));
        await connection.ExpectHealthyAsync();
    }

    [Fact]
    public async Task S5_1_half_closed_remote_RST_STREAM_is_accepted_without_a_RST_STREAM_back()
    {
        await using RawConnection connection = await OpenHalfClosedAsync();
        await connection.SendAsync(Frames.RstStream(1, ErrorCode.Cancel));

        // §5.4.2: "an endpoint MUST NOT send a RST_STREAM in response to a RST_STREAM frame".
        await connection.ExpectHealthyAsync();
    }

    /// <summary>A connection whose stream 1 is half-closed (remote) at the server, its response headers received.</summary>
    private async Task<RawConnection> OpenHalfClosedAsync()
    {
        RawConnection connection = await OpenAsync((SettingId.InitialWindowSize, 0));
        await connection.SendAsync(Frames.Headers(1, Requests.Get));
        await connection.ExpectResponseAsync(1);
        return connection;
    }
}
