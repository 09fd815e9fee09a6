using System.Collections.Generic;
using System.Threading.Tasks;
using Ht2.Conformance.Tests.Harness;

namespace Ht2.Conformance.Tests;

/// <summary>RFC 9113 §8.4 (a client cannot push) and §8.5 (CONNECT), with RFC 8441 extended CONNECT.</summary>
public sealed class S8_4_S8_5_PushConnectTests(ServerFixture server) : ConformanceTest(server)
{
    [Fact]
    public Task S8_4_PUSH_PROMISE_from_a_client_is_connection_PROTOCOL_ERROR() =>
        // "A client cannot push. Thus, servers MUST treat the receipt of a PUSH_PROMISE frame as a connection error of type PROTOCOL_ERROR."
        AssertConnectionErrorAsync(ErrorCode.ProtocolError, Frames.Headers(1, Requests.Post, endStream: false), Frames.Raw(FrameKind.PushPromise, FrameFlag.EndHeaders, 1, [0, 0, 0, 2, .. Requests.Get]));

    [Fact]
    public Task S8_4_PUSH_PROMISE_on_stream_0_is_connection_PROTOCOL_ERROR() =>
        AssertConnectionErrorAsync(ErrorCode.ProtocolError, Frames.Raw(FrameKind.PushPromise, FrameFlag.EndHeaders, 0, [0, 0, 0, 2, .. Requests.Get]));

    [Fact]
    public async Task S8_5_CONNECT_with_only_method_and_authority_gets_a_response()
    {
        await using RawConnection connection = await OpenAsync();

        // The server may accept or refuse the tunnel; either way the request is well formed and gets a :status.
        // END_STREAM on the HEADERS (an empty tunnel) keeps the case independent of when the application answers.
        await connection.SendAsync(Frames.Headers(1, HeaderBlock.Of((":method", "CONNECT"), (":authority", "example.com:443"))));
        await connection.ExpectResponseAsync(1);
    }

    [Fact]
    public Task S8_5_CONNECT_without_authority_is_stream_PROTOCOL_ERROR() =>
        AssertStreamErrorAsync(1, ErrorCode.ProtocolError, Frames.Headers(1, HeaderBlock.Of((":method", "CONNECT")), endStream: false));

    [Fact]
    public Task S8_5_CONNECT_with_scheme_is_stream_PROTOCOL_ERROR() =>
        AssertStreamErrorAsync(1, ErrorCode.ProtocolError, Frames.Headers(1, HeaderBlock.Of((":method", "CONNECT"), (":scheme", "http"), (":authority", "example.com:443")), endStream: false));

    [Fact]
    public Task S8_5_CONNECT_with_path_is_stream_PROTOCOL_ERROR() =>
        AssertStreamErrorAsync(1, ErrorCode.ProtocolError, Frames.Headers(1, HeaderBlock.Of((":method", "CONNECT"), (":path", "/"), (":authority", "example.com:443")), endStream: false));

    [Fact]
    public async Task Rfc8441_protocol_pseudo_header_follows_SETTINGS_ENABLE_CONNECT_PROTOCOL()
    {
        await using RawConnection connection = await OpenAsync();
        byte[] block = HeaderBlock.Of((":method", "CONNECT"), (":protocol", "websocket"), (":scheme", "http"), (":path", "/chat"), (":authority", "localhost"));
        await connection.SendAsync(Frames.Headers(1, block, endStream: false));
        if (connection.ServerSettings.GetValueOrDefault(SettingId.EnableConnectProtocol) == 1)
        {
            await connection.ExpectResponseAsync(1);
        }
        else
        {
            // Without the setting, :protocol is an unknown pseudo-header: malformed (§8.3).
            await connection.ExpectStreamErrorAsync(1, ErrorCode.ProtocolError);
        }
    }

    [Fact]
    public async Task Rfc8441_extended_CONNECT_without_path_is_stream_PROTOCOL_ERROR()
    {
        await using RawConnection connection = await OpenAsync();

        // With the setting, :scheme and :path are required (RFC 8441 §4); without it, :protocol alone is malformed.
        await connection.SendAsync(Frames.Headers(1, HeaderBlock.Of((":method", "CONNECT"), (":protocol", "websocket"), (":scheme", "http"), (":authority", "localhost")), endStream: false));
        await connection.ExpectStreamErrorAsync(1, ErrorCode.ProtocolError);
    }

    [Fact]
    public Task Rfc8441_protocol_on_a_non_CONNECT_request_is_stream_PROTOCOL_ERROR() =>
        AssertMalformedAsync(Requests.Block([(":method", "GET"), (":scheme", "http"), (":path", "/"), (":protocol", "websocket"), (":authority", "localhost")]));
}
