using System;
using System.Threading.Tasks;
using Ht2.Tests.Reading;

namespace Ht2.Tests.Connection;

/// <summary>
/// ReadFrameAsync with extension frames registered on <see cref="Ht2ConnectionOptions.Reader"/>: their declared rules
/// are checked by the connection, an "ignore" verdict skips the frame, and the header-block order still sees it.
/// Vectors are hand-written from RFC 8336 §2 (ORIGIN), RFC 9218 §7.1 (PRIORITY_UPDATE) and RFC 9113 §6.
/// </summary>
public sealed class ExtensionFrameReadTests
{
    // ORIGIN (type 0x0C) on stream 5, Origin-Len 3, "a.b": stream 0 only, otherwise ignored (RFC 8336 §2.1).
    private static readonly byte[] OriginOnStreamFive = [0x00, 0x00, 0x05, 0x0C, 0x00, 0x00, 0x00, 0x00, 0x05, 0x00, 0x03, 0x61, 0x2E, 0x62];

    // PRIORITY_UPDATE (type 0x10) on stream 1 prioritizing stream 3 with "u=1": stream 0 only, a PROTOCOL_ERROR.
    private static readonly byte[] PriorityUpdateOnStreamOne = [0x00, 0x00, 0x07, 0x10, 0x00, 0x00, 0x00, 0x00, 0x01, 0x00, 0x00, 0x00, 0x03, 0x75, 0x3D, 0x31];

    // PING with opaque data 01..08, and its ACK.
    private static readonly byte[] Ping = [0x00, 0x00, 0x08, 0x06, 0x00, 0x00, 0x00, 0x00, 0x00, 0x01, 0x02, 0x03, 0x04, 0x05, 0x06, 0x07, 0x08];
    private static readonly byte[] PingAck = [0x00, 0x00, 0x08, 0x06, 0x01, 0x00, 0x00, 0x00, 0x00, 0x01, 0x02, 0x03, 0x04, 0x05, 0x06, 0x07, 0x08];

    // HEADERS on stream 1 with END_STREAM but without END_HEADERS: a header block stays open.
    private static readonly byte[] OpenHeaders = [0x00, 0x00, 0x01, 0x01, 0x01, 0x00, 0x00, 0x00, 0x01, 0x82];

    private static Ht2ConnectionOptions Registered() => new()
    {
        Reader = new FrameReaderOptions().Register<OriginFrame>().Register<PriorityUpdateFrame>(),
    };

    [Theory]
    [InlineData(1)]
    [InlineData(100)]
    public async Task An_ignored_extension_frame_is_skipped_and_nothing_is_sent_for_it(int readChunk)
    {
        ScriptedStream stream = new([.. OriginOnStreamFive, .. Ping], readChunk);
        using Ht2Connection client = new(stream, Registered());

        ReceivedFrame frame = await BoundedRead.Frame(client);

        Assert.Equal(FrameType.Ping, frame.Type);
        Assert.True((await BoundedRead.Frame(client)).IsEndOfStream);
        Assert.Equal(PingAck, stream.Output.ToArray());
    }

    [Fact]
    public async Task An_ignored_frame_inside_an_open_header_block_is_a_connection_protocol_error()
    {
        ScriptedStream stream = new([.. OpenHeaders, .. OriginOnStreamFive]);
        using Ht2Connection client = new(stream, Registered());
        Assert.Equal(FrameType.Headers, (await BoundedRead.Frame(client)).Type);

        Ht2ProtocolException error = await Assert.ThrowsAsync<Ht2ProtocolException>(async () => await BoundedRead.Frame(client));

        Assert.Equal(Http2ErrorCode.ProtocolError, error.ErrorCode);
        Assert.True(error.IsConnectionError);
    }

    [Fact]
    public async Task A_registered_frame_breaking_its_stream_rule_is_a_connection_protocol_error()
    {
        ScriptedStream stream = new(PriorityUpdateOnStreamOne);
        using Ht2Connection client = new(stream, Registered());

        Ht2ProtocolException error = await Assert.ThrowsAsync<Ht2ProtocolException>(async () => await BoundedRead.Frame(client));

        Assert.Equal(Http2ErrorCode.ProtocolError, error.ErrorCode);
        Assert.True(error.IsConnectionError);
        Assert.Equal(0, stream.Output.Length);
    }

    [Fact]
    public async Task Without_registration_the_same_frame_is_returned_as_an_unknown_type()
    {
        ScriptedStream stream = new(PriorityUpdateOnStreamOne);
        using Ht2Connection client = new(stream);

        ReceivedFrame frame = await BoundedRead.Frame(client);

        Assert.Equal((FrameType)0x10, frame.Type);
        Assert.Equal(1u, frame.StreamId);
        Assert.Equal(7, frame.Payload.Length);
    }
}
