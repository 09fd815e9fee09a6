using System.Threading.Tasks;
using Ht2.Conformance.Tests.Harness;

namespace Ht2.Conformance.Tests;

/// <summary>
/// RFC 9113 §5.1, closed. After END_STREAM both ways: frames other than PRIORITY (and, for a short time, WINDOW_UPDATE
/// and RST_STREAM) are STREAM_CLOSED. After the client's RST_STREAM: DATA and HEADERS are STREAM_CLOSED, PRIORITY and
/// WINDOW_UPDATE (§6.9) are ignored. After the server's own RST_STREAM: frames are ignored.
/// </summary>
public sealed class S5_1_ClosedStreamTests(ServerFixture server) : ConformanceTest(server)
{
    [Fact]
    public async Task S5_1_closed_DATA_is_STREAM_CLOSED()
    {
        await using RawConnection connection = await OpenClosedAsync();
        await connection.SendAsync(Frames.Data(1, 4, endStream: true));
        await connection.ExpectStreamErrorAsync(1, ErrorCode.StreamClosed);
    }

    [Fact]
    public async Task S5_1_closed_HEADERS_is_STREAM_CLOSED()
    {
        await using RawConnection connection = await OpenClosedAsync();
        await connection.SendAsync(Frames.Headers(1, Requests.Get));

        // A HEADERS reusing a closed id is also a §5.1.1 violation: PROTOCOL_ERROR is accepted too.
        await connection.ExpectStreamErrorAsync(1, ErrorCode.StreamClosed, ErrorCode.ProtocolError);
    }

    [Fact]
    public async Task S5_1_closed_CONTINUATION_is_a_connection_error()
    {
        await using RawConnection connection = await OpenClosedAsync();
        await connection.SendAsync(Frames.Continuation(1, HeaderBlock.Of(("x-a", "b"))));
        await connection.ExpectConnectionErrorAsync(ErrorCode.ProtocolError, ErrorCode.StreamClosed);
    }

    [Fact]
    public async Task S5_1_closed_PRIORITY_is_accepted()
    {
        await using RawConnection connection = await OpenClosedAsync();
        await connection.SendAsync(Frames.Priority(1, 0, 7));
        await connection.ExpectHealthyAsync();
    }

    [Fact]
    public async Task S5_1_closed_WINDOW_UPDATE_right_after_the_response_is_ignored()
    {
        await using RawConnection connection = await OpenClosedAsync();
        await connection.SendAsync(Frames.WindowUpdate(1, 1000));
        await connection.ExpectHealthyAsync();
    }

    [Fact]
    public async Task S5_1_closed_RST_STREAM_right_after_the_response_is_ignored()
    {
        await using RawConnection connection = await OpenClosedAsync();
        await connection.SendAsync(Frames.RstStream(1, ErrorCode.NoError));
        await connection.ExpectHealthyAsync();
    }

    [Fact]
    public Task S5_1_DATA_after_the_clients_RST_STREAM_is_STREAM_CLOSED() =>
        AssertStreamErrorAsync(1, ErrorCode.StreamClosed, Frames.Headers(1, Requests.Post, endStream: false), Frames.RstStream(1, ErrorCode.Cancel), Frames.Data(1, 4, endStream: true));

    [Fact]
    public Task S5_1_HEADERS_after_the_clients_RST_STREAM_is_STREAM_CLOSED() =>
        AssertStreamErrorAsync(
            1,
            [ErrorCode.StreamClosed, ErrorCode.ProtocolError],
            Frames.Headers(1, Requests.Post, endStream: false),
            Frames.RstStream(1, ErrorCode.Cancel),
            Frames.Headers(1, HeaderBlock.Of(("x-trailer", "t"))));

    [Fact]
    public Task S5_1_WINDOW_UPDATE_after_the_clients_RST_STREAM_is_ignored() =>
        // The server answers the request at once, so its END_STREAM and the client's WINDOW_UPDATE can cross: §5.1
        // says such a WINDOW_UPDATE may arrive on a closed stream, and §6.9 that a receiver MUST NOT treat a
        // WINDOW_UPDATE on a half-closed (remote) or closed stream as an error.
        AssertAcceptedAsync(Frames.Headers(1, Requests.Post, endStream: false), Frames.RstStream(1, ErrorCode.Cancel), Frames.WindowUpdate(1, 10));

    [Fact]
    public Task S5_1_CONTINUATION_after_the_clients_RST_STREAM_is_a_connection_error() =>
        AssertConnectionErrorAsync(
            [ErrorCode.ProtocolError, ErrorCode.StreamClosed],
            Frames.Headers(1, Requests.Post, endStream: false),
            Frames.RstStream(1, ErrorCode.Cancel),
            Frames.Continuation(1, HeaderBlock.Of(("x-a", "b"))));

    [Fact]
    public Task S5_1_PRIORITY_after_the_clients_RST_STREAM_is_accepted() =>
        AssertAcceptedAsync(Frames.Headers(1, Requests.Post, endStream: false), Frames.RstStream(1, ErrorCode.Cancel), Frames.Priority(1, 0, 1));

    [Fact]
    public async Task S5_1_frames_on_a_stream_the_server_reset_are_ignored()
    {
        await using RawConnection connection = await OpenAsync();

        // A WINDOW_UPDATE of 0 on an open stream makes the server reset it (§6.9); DATA already in flight for that
        // stream must then be ignored, and the connection keeps serving.
        await connection.SendAsync(Frames.Headers(1, Requests.Post, endStream: false), Frames.WindowUpdate(1, 0));
        if (await connection.ExpectStreamErrorAsync(1, ErrorCode.ProtocolError))
        {
            return;
        }

        await connection.SendAsync(Frames.Data(1, 4, endStream: true));
        await connection.ExpectHealthyAsync();
        await connection.SendAsync(Frames.Headers(3, Requests.Get));
        await connection.ExpectCompleteResponseAsync(3);
    }

    /// <summary>A connection whose stream 1 carried a whole GET and its whole response.</summary>
    private async Task<RawConnection> OpenClosedAsync()
    {
        RawConnection connection = await OpenAsync();
        await connection.SendAsync(Frames.Headers(1, Requests.Get));
        await connection.ExpectCompleteResponseAsync(1);
        return connection;
    }
}
