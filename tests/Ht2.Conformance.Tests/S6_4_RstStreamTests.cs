using System.Threading.Tasks;
using Ht2.Conformance.Tests.Harness;

namespace Ht2.Conformance.Tests;

/// <summary>RFC 9113 §6.4: RST_STREAM.</summary>
public sealed class S6_4_RstStreamTests(ServerFixture server) : ConformanceTest(server)
{
    [Fact]
    public Task S6_4_RST_STREAM_on_stream_0_is_connection_PROTOCOL_ERROR() =>
        AssertConnectionErrorAsync(ErrorCode.ProtocolError, Frames.RstStream(0, ErrorCode.Cancel));

    [Fact]
    public Task S6_4_RST_STREAM_on_an_idle_stream_is_connection_PROTOCOL_ERROR() =>
        AssertConnectionErrorAsync(ErrorCode.ProtocolError, Frames.RstStream(1, ErrorCode.Cancel));

    [Fact]
    public Task S6_4_RST_STREAM_of_3_octets_is_connection_FRAME_SIZE_ERROR() =>
        AssertConnectionErrorAsync(ErrorCode.FrameSizeError, Frames.Headers(1, Requests.Post, endStream: false), Frames.Raw(FrameKind.RstStream, FrameFlag.None, 1, [0, 0, 8]));

    [Fact]
    public Task S6_4_RST_STREAM_of_5_octets_is_connection_FRAME_SIZE_ERROR() =>
        AssertConnectionErrorAsync(ErrorCode.FrameSizeError, Frames.Headers(1, Requests.Post, endStream: false), Frames.Raw(FrameKind.RstStream, FrameFlag.None, 1, [0, 0, 0, 8, 0]));

    [Fact]
    public async Task S6_4_RST_STREAM_on_an_open_stream_closes_it_and_the_connection_keeps_serving()
    {
        await using RawConnection connection = await OpenAsync();
        await connection.SendAsync(Frames.Headers(1, Requests.Post, endStream: false), Frames.RstStream(1, ErrorCode.Cancel));
        await connection.ExpectHealthyAsync();
        await connection.SendAsync(Frames.Headers(3, Requests.Get));
        await connection.ExpectCompleteResponseAsync(3);
    }
}
