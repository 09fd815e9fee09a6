using System.Threading.Tasks;
using Ht2.Conformance.Tests.Harness;

namespace Ht2.Conformance.Tests;

/// <summary>RFC 9113 §6.7 (PING), §6.8 (GOAWAY) and §7 (unknown error codes).</summary>
public class S6_7_S6_8_PingGoAwayTests(ServerFixture server) : ConformanceTest(server)
{
    [Fact]
    public async Task S6_7_PING_is_answered_with_an_ACK_carrying_the_same_payload()
    {
        await using RawConnection connection = await OpenAsync();
        byte[] opaque = [0xde, 0xad, 0xbe, 0xef, 0x01, 0x02, 0x03, 0x04];
        await connection.SendAsync(Frames.Ping(opaque));
        await connection.ExpectPingAckAsync(opaque);
    }

    [Fact]
    public async Task S6_7_PING_ACK_from_the_client_is_not_answered()
    {
        await using RawConnection connection = await OpenAsync();
        byte[] ack = [9, 9, 9, 9, 9, 9, 9, 9];
        byte[] opaque = [1, 1, 1, 1, 1, 1, 1, 1];

        // "Receivers of a PING frame that has the ACK flag set MUST NOT respond": the only ACK is the second PING's.
        await connection.SendAsync(Frames.Ping(ack, ack: true), Frames.Ping(opaque));
        await connection.ExpectPingAckAsync(opaque);
    }

    [Fact]
    public Task S6_7_PING_on_a_stream_is_connection_PROTOCOL_ERROR() =>
        AssertConnectionErrorAsync(ErrorCode.ProtocolError, Frames.Raw(FrameKind.Ping, FrameFlag.None, 1, new byte[8]));

    [Fact]
    public Task S6_7_PING_of_6_octets_is_connection_FRAME_SIZE_ERROR() =>
        AssertConnectionErrorAsync(ErrorCode.FrameSizeError, Frames.Raw(FrameKind.Ping, FrameFlag.None, 0, new byte[6]));

    [Fact]
    public Task S6_7_PING_of_0_octets_is_connection_FRAME_SIZE_ERROR() =>
        AssertConnectionErrorAsync(ErrorCode.FrameSizeError, Frames.Raw(FrameKind.Ping, FrameFlag.None, 0, []));

    [Fact]
    public Task S6_7_PING_ACK_of_9_octets_is_connection_FRAME_SIZE_ERROR() =>
        AssertConnectionErrorAsync(ErrorCode.FrameSizeError, Frames.Raw(FrameKind.Ping, FrameFlag.Ack, 0, new byte[9]));

    [Fact]
    public Task S6_8_GOAWAY_on_a_stream_is_connection_PROTOCOL_ERROR() =>
        AssertConnectionErrorAsync(ErrorCode.ProtocolError, Frames.Raw(FrameKind.GoAway, FrameFlag.None, 1, new byte[8]));

    [Fact]
    public Task S6_8_GOAWAY_shorter_than_8_octets_is_connection_FRAME_SIZE_ERROR() =>
        AssertConnectionErrorAsync(ErrorCode.FrameSizeError, Frames.Raw(FrameKind.GoAway, FrameFlag.None, 0, [0, 0, 0, 0]));

    [Fact]
    public async Task S6_8_client_GOAWAY_lets_the_open_stream_finish()
    {
        await using RawConnection connection = await OpenAsync();

        // A client's GOAWAY names the last server-initiated stream (0); the client's own open stream 1 continues.
        await connection.SendAsync(Frames.Headers(1, Requests.Post, endStream: false), Frames.GoAway(0, ErrorCode.NoError), Frames.Data(1, 3, endStream: true));
        await connection.ExpectCompleteResponseAsync(1);
    }

    [Fact]
    public async Task S6_8_GOAWAY_with_debug_data_is_accepted()
    {
        await using RawConnection connection = await OpenAsync();
        await connection.SendAsync(Frames.Raw(FrameKind.GoAway, FrameFlag.None, 0, [0, 0, 0, 0, 0, 0, 0, 0, (byte)'b', (byte)'y', (byte)'e']), Frames.Ping(new byte[8]));

        // The server may close once it has nothing in flight or answer the PING; it must not report an error.
        await connection.AwaitAsync("PING ACK or close, without an error", frame => frame switch
        {
            null => Verdict.Match,
            { Type: FrameKind.GoAway } => frame.Code == ErrorCode.NoError ? Verdict.Wait : Verdict.Fail,
            { Type: FrameKind.RstStream } => Verdict.Fail,
            { Type: FrameKind.Ping } when frame.Has(FrameFlag.Ack) => Verdict.Match,
            _ => Verdict.Wait,
        });
    }

    [Fact]
    public async Task S7_GOAWAY_with_an_unknown_error_code_is_not_an_error()
    {
        await using RawConnection connection = await OpenAsync();
        await connection.SendAsync(Frames.Headers(1, Requests.Post, endStream: false), Frames.GoAway(0, 0xBEEF), Frames.Data(1, 1, endStream: true));
        await connection.ExpectCompleteResponseAsync(1);
    }

    [Fact]
    public async Task S7_RST_STREAM_with_an_unknown_error_code_is_not_an_error()
    {
        await using RawConnection connection = await OpenAsync();
        await connection.SendAsync(Frames.Headers(1, Requests.Post, endStream: false), Frames.RstStream(1, 0xBEEF));
        await connection.ExpectHealthyAsync();
    }
}
