using System.Threading.Tasks;
using Ht2.Conformance.Tests.Harness;

namespace Ht2.Conformance.Tests;

/// <summary>
/// RFC 9113 §5.1, idle: "Receiving any frame other than HEADERS or PRIORITY on a stream in this state MUST be treated
/// as a connection error of type PROTOCOL_ERROR."
/// </summary>
public sealed class S5_1_IdleStreamTests(ServerFixture server) : ConformanceTest(server)
{
    [Fact]
    public Task S5_1_idle_DATA_is_connection_PROTOCOL_ERROR() =>
        AssertConnectionErrorAsync(ErrorCode.ProtocolError, Frames.Data(1, 4, endStream: true));

    [Fact]
    public Task S5_1_idle_RST_STREAM_is_connection_PROTOCOL_ERROR() =>
        AssertConnectionErrorAsync(ErrorCode.ProtocolError, Frames.RstStream(1, ErrorCode.Cancel));

    [Fact]
    public Task S5_1_idle_WINDOW_UPDATE_is_connection_PROTOCOL_ERROR() =>
        AssertConnectionErrorAsync(ErrorCode.ProtocolError, Frames.WindowUpdate(1, 100));

    [Fact]
    public Task S5_1_idle_CONTINUATION_is_connection_PROTOCOL_ERROR() =>
        AssertConnectionErrorAsync(ErrorCode.ProtocolError, Frames.Continuation(1, Requests.Get));

    [Fact]
    public Task S5_1_idle_WINDOW_UPDATE_above_an_open_stream_is_connection_PROTOCOL_ERROR() =>
        AssertConnectionErrorAsync(ErrorCode.ProtocolError, Frames.Headers(1, Requests.Post, endStream: false), Frames.WindowUpdate(3, 100));

    [Fact]
    public Task S5_1_idle_RST_STREAM_above_an_open_stream_is_connection_PROTOCOL_ERROR() =>
        AssertConnectionErrorAsync(ErrorCode.ProtocolError, Frames.Headers(1, Requests.Post, endStream: false), Frames.RstStream(5, ErrorCode.Cancel));

    [Fact]
    public Task S5_1_idle_PRIORITY_is_accepted() =>
        AssertAcceptedAsync(Frames.Priority(1, 0, 15));

    [Fact]
    public Task S5_1_idle_HEADERS_opens_the_stream() =>
        AssertResponseAsync(1, Frames.Headers(1, Requests.Get));
}
