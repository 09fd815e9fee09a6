using System;
using System.Linq;
using System.Threading.Tasks;

namespace Ht2.Tests.Session;

/// <summary>
/// The header sections of one message (RFC 9113 §8.1) as the session reacts to them: a trailer section must end the
/// stream, an informational (1xx) response must not, and a final response may follow informational ones.
/// </summary>
public sealed class MessageSectionTests
{
    /// <summary>x-t: 1 as a literal without indexing with a new name (RFC 7541 §6.2.2).</summary>
    private static readonly byte[] TrailerBlock = [0x00, 0x03, (byte)'x', (byte)'-', (byte)'t', 0x01, (byte)'1'];

    /// <summary>:status with a 3-digit value, literal without indexing, name index 8 (RFC 7541 §6.2.2, Appendix A).</summary>
    private static byte[] StatusBlock(string status) => [0x08, 0x03, (byte)status[0], (byte)status[1], (byte)status[2]];

    [Fact]
    public async Task A_trailer_section_without_END_STREAM_is_a_stream_error_PROTOCOL_ERROR()
    {
        await using SessionHarness h = await SessionHarness.StartServerAsync();
        h.Send(Wire.Headers(1, Wire.PostBlock, endStream: false));
        h.Send(Wire.Headers(1, TrailerBlock, endStream: false));
        await h.ExpectResetAsync(1, Http2ErrorCode.ProtocolError);
        Assert.DoesNotContain(h.Handler.Events, e => e.StartsWith("trailers", StringComparison.Ordinal));
        Assert.Contains("reset 1 ProtocolError", h.Handler.Events);
        Assert.Empty(await h.SyncAsync());
    }

    [Fact]
    public async Task A_trailer_section_with_END_STREAM_ends_the_request()
    {
        Ht2Stream? request = null;
        await using SessionHarness h = await SessionHarness.StartServerAsync(setup: handler => handler.Request = (stream, ended) => request = stream);
        h.Send(Wire.Headers(1, Wire.PostBlock, endStream: false));
        h.Send(Wire.Headers(1, TrailerBlock, endStream: true));
        Assert.Empty(await h.SyncAsync());
        Assert.Contains("trailers 1", h.Handler.Events);
        Assert.Equal([("x-t", "1")], h.Handler.LastHeaders);
        Assert.Equal(Ht2StreamState.HalfClosedRemote, request!.State);
    }

    [Theory]
    [InlineData("100")]
    [InlineData("199")]
    public async Task An_informational_response_with_END_STREAM_is_a_stream_error_PROTOCOL_ERROR(string status)
    {
        await using SessionHarness h = await SessionHarness.StartClientAsync();
        Ht2Stream stream = h.Session.OpenStream(Wire.GetFields, endStream: true)!;
        await h.ExpectAsync(WireFrame.Headers);
        h.Send(Wire.Headers(1, StatusBlock(status), endStream: true));
        await h.ExpectResetAsync(1, Http2ErrorCode.ProtocolError);
        Assert.DoesNotContain(h.Handler.Events, e => e.StartsWith("response", StringComparison.Ordinal));
        Assert.Equal(Ht2StreamState.Closed, stream.State);
    }

    [Fact]
    public async Task Informational_responses_are_reported_and_the_final_200_with_END_STREAM_ends_the_stream()
    {
        await using SessionHarness h = await SessionHarness.StartClientAsync();
        Ht2Stream stream = h.Session.OpenStream(Wire.GetFields, endStream: true)!;
        await h.ExpectAsync(WireFrame.Headers);
        h.Send(Wire.Headers(1, StatusBlock("100"), endStream: false));
        h.Send(Wire.Headers(1, StatusBlock("199"), endStream: false));
        Assert.Empty(await h.SyncAsync());
        Assert.Equal(Ht2StreamState.HalfClosedLocal, stream.State);

        h.Send(Wire.Headers(1, StatusBlock("200"), endStream: true));
        Assert.Empty(await h.SyncAsync(1));
        Assert.Equal(["response 1 end=False", "response 1 end=False", "response 1 end=True"], h.Handler.Events.Where(e => e.StartsWith("response", StringComparison.Ordinal)));
        Assert.Equal(0, h.Session.ActiveStreamCount);
    }
}
