using System.Threading.Tasks;
using Ht2.Conformance.Tests.Harness;

namespace Ht2.Conformance.Tests;

/// <summary>RFC 9113 §3.4: the connection preface.</summary>
public sealed class S3_4_PrefaceTests(ServerFixture server) : ConformanceTest(server)
{
    [Fact]
    public async Task S3_4_valid_preface_gets_server_SETTINGS_and_ACK()
    {
        await using RawConnection connection = await OpenAsync();
        await connection.ExpectHealthyAsync();
    }

    [Fact]
    public async Task S3_4_server_preface_starts_with_a_SETTINGS_frame()
    {
        await using RawConnection connection = await RawConnection.ConnectAsync(Port);
        await connection.SendAsync(RawConnection.Preface, Frames.Settings());

        // "The server connection preface consists of a potentially empty SETTINGS frame that MUST be the first frame".
        await connection.AwaitAsync("a non-ACK SETTINGS on stream 0 as the first frame", frame =>
            frame is { Type: FrameKind.Settings, StreamId: 0 } && !frame.Has(FrameFlag.Ack) && frame.Payload.Length % 6 == 0 ? Verdict.Match : Verdict.Fail);
    }

    [Fact]
    public async Task S3_4_invalid_preface_is_connection_PROTOCOL_ERROR()
    {
        await using RawConnection connection = await RawConnection.ConnectAsync(Port);
        await connection.SendAsync("PRI * HTTP/2.0\r\n\r\nXX\r\n\r\n"u8.ToArray(), Frames.Settings());

        // §3.4: "MUST treat an invalid connection preface as a connection error of type PROTOCOL_ERROR. A GOAWAY frame MAY be omitted".
        await connection.ExpectConnectionErrorOrCloseAsync(ErrorCode.ProtocolError);
    }

    [Fact]
    public async Task S3_4_HTTP_1_1_request_instead_of_preface_is_connection_PROTOCOL_ERROR()
    {
        await using RawConnection connection = await RawConnection.ConnectAsync(Port);
        await connection.SendAsync("GET / HTTP/1.1\r\nHost: localhost\r\n\r\n"u8.ToArray());
        await connection.ExpectConnectionErrorOrCloseAsync(ErrorCode.ProtocolError);
    }

    [Fact]
    public async Task S3_4_preface_followed_by_PING_instead_of_SETTINGS_is_connection_PROTOCOL_ERROR()
    {
        await using RawConnection connection = await RawConnection.ConnectAsync(Port);

        // The preface "MUST be followed by a SETTINGS frame"; anything else makes the preface invalid.
        await connection.SendAsync(RawConnection.Preface, Frames.Ping(new byte[8]));
        await connection.ExpectConnectionErrorOrCloseAsync(ErrorCode.ProtocolError);
    }

    [Fact]
    public async Task S3_4_preface_followed_by_HEADERS_instead_of_SETTINGS_is_connection_PROTOCOL_ERROR()
    {
        await using RawConnection connection = await RawConnection.ConnectAsync(Port);
        await connection.SendAsync(RawConnection.Preface, Frames.Headers(1, Requests.Get));
        await connection.ExpectConnectionErrorOrCloseAsync(ErrorCode.ProtocolError);
    }

    [Fact]
    public async Task S3_4_preface_sent_one_byte_at_a_time_is_accepted()
    {
        await using RawConnection connection = await RawConnection.ConnectAsync(Port);
        foreach (byte b in RawConnection.Preface)
        {
            await connection.SendAsync([b]);
        }

        await connection.SendAsync(Frames.Settings());
        await connection.ExpectSettingsAckAsync();
        await connection.ExpectHealthyAsync();
    }

    [Fact]
    public async Task S3_4_request_sent_right_after_preface_without_waiting_gets_a_response()
    {
        await using RawConnection connection = await RawConnection.ConnectAsync(Port);

        // §3.4: a client may send frames right after its preface, before it has the server's preface.
        await connection.SendAsync(RawConnection.Preface, Frames.Settings(), Frames.Headers(1, Requests.Get));
        await connection.ExpectCompleteResponseAsync(1);
    }
}
