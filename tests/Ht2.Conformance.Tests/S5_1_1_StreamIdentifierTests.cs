using System.Threading.Tasks;
using Ht2.Conformance.Tests.Harness;

namespace Ht2.Conformance.Tests;

/// <summary>RFC 9113 §5.1.1: stream identifiers — odd for the client, increasing, never reused.</summary>
public sealed class S5_1_1_StreamIdentifierTests(ServerFixture server) : ConformanceTest(server)
{
    [Fact]
    public Task S5_1_1_even_stream_id_from_the_client_is_connection_PROTOCOL_ERROR() =>
        AssertConnectionErrorAsync(ErrorCode.ProtocolError, Frames.Headers(2, Requests.Get));

    [Fact]
    public async Task S5_1_1_stream_id_lower_than_a_previous_one_is_connection_PROTOCOL_ERROR()
    {
        await using RawConnection connection = await OpenAsync();
        await connection.SendAsync(Frames.Headers(5, Requests.Get));
        await connection.ExpectCompleteResponseAsync(5);
        await connection.SendAsync(Frames.Headers(3, Requests.Get));
        await connection.ExpectConnectionErrorAsync(ErrorCode.ProtocolError);
    }

    [Fact]
    public Task S5_1_1_lower_stream_id_while_the_higher_stream_is_open_is_connection_PROTOCOL_ERROR() =>
        AssertConnectionErrorAsync(ErrorCode.ProtocolError, Frames.Headers(5, Requests.Post, endStream: false), Frames.Headers(3, Requests.Get));

    [Fact]
    public async Task S5_1_1_reused_stream_id_is_an_error()
    {
        await using RawConnection connection = await OpenAsync();
        await connection.SendAsync(Frames.Headers(1, Requests.Get));
        await connection.ExpectCompleteResponseAsync(1);
        await connection.SendAsync(Frames.Headers(1, Requests.Get));

        // Stream 1 is closed (§5.1: STREAM_CLOSED) and its id cannot be reused (§5.1.1: PROTOCOL_ERROR).
        await connection.ExpectStreamErrorAsync(1, ErrorCode.StreamClosed, ErrorCode.ProtocolError);
    }

    [Fact]
    public async Task S5_1_1_stream_ids_may_skip_values()
    {
        await using RawConnection connection = await OpenAsync();
        await connection.SendAsync(Frames.Headers(1, Requests.Get), Frames.Headers(11, Requests.Get));
        await connection.ExpectCompleteResponseAsync(1);
        await connection.ExpectCompleteResponseAsync(11);
    }

    [Fact]
    public Task S5_1_1_largest_stream_id_is_accepted() =>
        AssertResponseAsync(0x7FFF_FFFF, Frames.Headers(0x7FFF_FFFF, Requests.Get));

    [Fact]
    public Task S5_1_1_PRIORITY_on_a_higher_idle_stream_does_not_open_it() =>
        // PRIORITY does not change a stream's state, so stream 3 may still be opened after PRIORITY on stream 7.
        AssertResponseAsync(3, Frames.Priority(7, 0, 15), Frames.Headers(3, Requests.Get));

    [Fact]
    public Task S5_1_1_DATA_on_a_skipped_lower_stream_id_is_an_error() =>
        // Opening stream 5 closes idle stream 3 implicitly: DATA there is STREAM_CLOSED (closed stream) or
        // PROTOCOL_ERROR (never opened); stream or connection error.
        AssertStreamErrorAsync(3, [ErrorCode.StreamClosed, ErrorCode.ProtocolError], Frames.Headers(5, Requests.Post, endStream: false), Frames.Data(3, 4, endStream: true));
}
