using System;
using System.Linq;
using System.Threading.Tasks;

namespace Ht2.Tests.Session;

/// <summary>
/// Header blocks through the session (RFC 9113 §4.3, §6.2, §6.10, §8.1): padding and priority fields cut off,
/// blocks assembled across CONTINUATION, content-length held against the DATA, informational responses, trailers,
/// and the reaction to each malformed case. Blocks are written by hand from RFC 7541.
/// </summary>
public sealed class HeaderBlockSessionTests
{
    /// <summary>content-length: <paramref name="digit"/>, a literal without indexing of static name 28 (RFC 7541 §6.2.2).</summary>
    private static byte[] ContentLength(char digit) => [0x0F, 0x0D, 0x01, (byte)digit];

    /// <summary>:status 100, a literal without indexing of static name 8.</summary>
    private static readonly byte[] Status100 = [0x08, 0x03, (byte)'1', (byte)'0', (byte)'0'];

    [Fact]
    public async Task Padding_and_priority_fields_are_cut_off_the_block()
    {
        await using SessionHarness h = await SessionHarness.StartServerAsync();

        // Pad Length 3, Stream Dependency 0 (not exclusive), Weight 16, the block, 3 bytes of padding.
        byte[] payload = [3, .. Wire.Be32(0), 15, .. Wire.GetBlock, 0, 0, 0];
        h.Send(Wire.Frame(WireFrame.Headers, Wire.EndHeaders | Wire.EndStream | Wire.Padded | Wire.PriorityFlag, 1, payload));
        await h.SyncAsync();
        Assert.Contains("request 1 end=True", h.Handler.Events);
        Assert.Equal([(":method", "GET"), (":scheme", "http"), (":path", "/"), (":authority", "x")], h.Handler.LastHeaders);
    }

    [Fact]
    public async Task A_block_larger_than_the_assembly_buffer_is_assembled_across_CONTINUATION_in_order()
    {
        await using SessionHarness h = await SessionHarness.StartServerAsync();

        // "a: vvv…" (5,900 bytes), literal without indexing, new name; 5,900 = 127 + 5,773 (0x8D 0x2D, RFC 7541 §5.1).
        string value = new('v', 5900);
        byte[] block = [.. Wire.GetBlock, 0x00, 0x01, (byte)'a', 0x7F, 0x8D, 0x2D, .. System.Text.Encoding.ASCII.GetBytes(value)];
        h.Send(Wire.Frame(WireFrame.Headers, Wire.EndStream, 1, block[..3000]));
        h.Send(Wire.Frame(WireFrame.Continuation, 0, 1, block[3000..5000]));
        h.Send(Wire.Frame(WireFrame.Continuation, Wire.EndHeaders, 1, block[5000..]));
        await h.SyncAsync();
        Assert.Contains("request 1 end=True", h.Handler.Events);
        Assert.Contains(("a", value), h.Handler.LastHeaders);

        // The next block starts afresh.
        h.Send(Wire.Frame(WireFrame.Headers, 0, 3, Wire.GetBlock[..2]));
        h.Send(Wire.Frame(WireFrame.Continuation, Wire.EndHeaders, 3, Wire.GetBlock[2..]));
        await h.SyncAsync(1);
        Assert.Contains("request 3 end=False", h.Handler.Events);
        Assert.Equal(4, h.Handler.LastHeaders.Count);
    }

    [Fact]
    public async Task A_self_dependency_in_HEADERS_is_remembered_until_the_block_ends()
    {
        await using SessionHarness h = await SessionHarness.StartServerAsync();
        h.Send(Wire.Frame(WireFrame.Headers, Wire.EndStream | Wire.PriorityFlag, 1, [.. Wire.Be32(1), 15, .. Wire.GetBlock[..2]]));
        h.Send(Wire.Frame(WireFrame.Continuation, Wire.EndHeaders, 1, Wire.GetBlock[2..]));
        await h.ExpectResetAsync(1, Http2ErrorCode.ProtocolError);
        Assert.DoesNotContain(h.Handler.Events, e => e.StartsWith("request", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_request_ending_with_its_HEADERS_but_declaring_content_is_a_stream_PROTOCOL_ERROR()
    {
        await using SessionHarness h = await SessionHarness.StartServerAsync();
        h.Send(Wire.Headers(1, [.. Wire.PostBlock, .. ContentLength('5')], endStream: true));
        await h.ExpectResetAsync(1, Http2ErrorCode.ProtocolError);
        Assert.DoesNotContain(h.Handler.Events, e => e.StartsWith("request", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData(4, true)]
    [InlineData(6, false)]
    public async Task DATA_that_disagrees_with_content_length_is_a_stream_PROTOCOL_ERROR(int length, bool end)
    {
        await using SessionHarness h = await SessionHarness.StartServerAsync();
        h.Send(Wire.Headers(1, [.. Wire.PostBlock, .. ContentLength('5')], endStream: false));
        h.Send(Wire.Data(1, length, end));
        await h.ExpectResetAsync(1, Http2ErrorCode.ProtocolError);
    }

    [Fact]
    public async Task DATA_that_matches_content_length_ends_the_request()
    {
        await using SessionHarness h = await SessionHarness.StartServerAsync();
        h.Send(Wire.Headers(1, [.. Wire.PostBlock, .. ContentLength('5')], endStream: false));
        h.Send(Wire.Concat(Wire.Data(1, 2, false), Wire.Data(1, 3, true)));
        Assert.DoesNotContain(await h.SyncAsync(), f => f.Type == WireFrame.RstStream);
        Assert.Contains("data 1 3 end=True", h.Handler.Events);
    }

    [Theory]
    [InlineData(new byte[] { 0x80 })]
    [InlineData(new byte[] { 0xFF, 0x00 })]
    public async Task A_malformed_HPACK_block_is_a_connection_COMPRESSION_ERROR(byte[] block)
    {
        await using SessionHarness h = await SessionHarness.StartServerAsync();
        h.Send(Wire.Headers(1, block, endStream: true));
        await h.ExpectGoAwayAsync(Http2ErrorCode.CompressionError);
    }

    [Fact]
    public async Task A_header_list_over_the_limit_on_an_open_request_gets_431_then_RST_STREAM_NO_ERROR()
    {
        await using SessionHarness h = await SessionHarness.StartServerAsync(new Ht2SessionOptions { MaxHeaderListSize = 100 });
        byte[] big = [.. Wire.PostBlock, 0x00, 0x01, (byte)'a', 0x7F, 200 - 127, .. new byte[200]];
        h.Send(Wire.Headers(1, big, endStream: false));
        WireFrame headers = await h.ExpectAsync(WireFrame.Headers);
        Assert.Equal(1u, headers.StreamId);
        Assert.True(headers.Has(Wire.EndStream));
        Assert.Equal(new byte[] { 0x08, 0x03, (byte)'4', (byte)'3', (byte)'1' }, headers.Payload);
        await h.ExpectResetAsync(1, Http2ErrorCode.NoError);

        // The request's DATA still in flight is ignored: the stream counts as reset by us.
        h.Send(Wire.Data(1, 10, endStream: true));
        Assert.DoesNotContain(await h.SyncAsync(), f => f.Type is WireFrame.RstStream or WireFrame.GoAway);
        Assert.DoesNotContain(h.Handler.Events, e => e.StartsWith("request", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Trailers_with_a_pseudo_header_are_a_stream_PROTOCOL_ERROR()
    {
        await using SessionHarness h = await SessionHarness.StartServerAsync();
        h.Send(Wire.Headers(1, Wire.PostBlock, endStream: false));
        h.Send(Wire.Headers(1, [0x84], endStream: true));
        await h.ExpectResetAsync(1, Http2ErrorCode.ProtocolError);
        Assert.DoesNotContain("trailers 1", h.Handler.Events);
    }

    [Fact]
    public async Task A_request_breaking_a_field_rule_is_a_stream_PROTOCOL_ERROR_and_the_connection_goes_on()
    {
        await using SessionHarness h = await SessionHarness.StartServerAsync();

        // "A: b": an uppercase field name (RFC 9113 §8.2.1).
        h.Send(Wire.Headers(1, [.. Wire.GetBlock, 0x00, 0x01, (byte)'A', 0x01, (byte)'b'], endStream: true));
        await h.ExpectResetAsync(1, Http2ErrorCode.ProtocolError);
        h.Send(Wire.Headers(3, Wire.GetBlock, endStream: true));
        await h.SyncAsync();
        Assert.Contains("request 3 end=True", h.Handler.Events);
    }

    [Fact]
    public async Task A_client_hears_informational_responses_before_the_final_one()
    {
        await using SessionHarness h = await SessionHarness.StartClientAsync();
        h.Session.OpenStream(Wire.GetFields, endStream: true);
        h.Send(Wire.Headers(1, Status100, endStream: false));
        h.Send(Wire.Headers(1, Wire.Status200Block, endStream: false));
        h.Send(Wire.Data(1, 4, endStream: false));
        h.Send(Wire.Headers(1, [0x40, 0x01, (byte)'t', 0x01, (byte)'1'], endStream: true));
        await h.SyncAsync();
        Assert.Equal(
            ["response 1 end=False", "response 1 end=False", "data 1 4 end=False", "trailers 1"],
            h.Handler.Events.Where(e => e.StartsWith("response", StringComparison.Ordinal) || e.StartsWith("data", StringComparison.Ordinal) || e.StartsWith("trailers", StringComparison.Ordinal)));
        Assert.Equal(0, h.Session.ActiveStreamCount);
    }

    [Fact]
    public async Task An_informational_response_with_END_STREAM_is_a_stream_PROTOCOL_ERROR()
    {
        await using SessionHarness h = await SessionHarness.StartClientAsync();
        h.Session.OpenStream(Wire.GetFields, endStream: true);
        h.Send(Wire.Headers(1, Status100, endStream: true));
        await h.ExpectResetAsync(1, Http2ErrorCode.ProtocolError);
        Assert.DoesNotContain(h.Handler.Events, e => e.StartsWith("response", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_response_body_longer_than_its_content_length_is_a_stream_PROTOCOL_ERROR()
    {
        await using SessionHarness h = await SessionHarness.StartClientAsync();
        h.Session.OpenStream(Wire.GetFields, endStream: true);
        h.Send(Wire.Headers(1, [.. Wire.Status200Block, .. ContentLength('3')], endStream: false));
        h.Send(Wire.Data(1, 4, endStream: true));
        await h.ExpectResetAsync(1, Http2ErrorCode.ProtocolError);
    }

    [Fact]
    public async Task The_response_to_HEAD_may_declare_a_length_and_carry_no_body()
    {
        Ht2Field[] head = [new(":method"u8.ToArray(), "HEAD"u8.ToArray()), .. Wire.GetFields[1..]];
        await using SessionHarness h = await SessionHarness.StartClientAsync();
        h.Session.OpenStream(head, endStream: true);
        h.Send(Wire.Headers(1, [.. Wire.Status200Block, .. ContentLength('9')], endStream: true));
        Assert.DoesNotContain(await h.SyncAsync(), f => f.Type == WireFrame.RstStream);
        Assert.Contains("response 1 end=True", h.Handler.Events);
    }

    [Fact]
    public async Task A_response_over_our_header_list_limit_is_reset_with_CANCEL()
    {
        await using SessionHarness h = await SessionHarness.StartClientAsync(new Ht2SessionOptions { MaxHeaderListSize = 100 });
        h.Session.OpenStream(Wire.GetFields, endStream: true);
        h.Send(Wire.Headers(1, [.. Wire.Status200Block, 0x00, 0x01, (byte)'a', 0x7F, 200 - 127, .. new byte[200]], endStream: true));
        await h.ExpectResetAsync(1, Http2ErrorCode.Cancel);
        Assert.Contains("reset 1 Cancel", h.Handler.Events);
    }
}
