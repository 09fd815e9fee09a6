using System.Threading.Tasks;
using Ht2.Tests.Reading;

namespace Ht2.Tests.Session;

/// <summary>
/// Extension frames registered through <see cref="Ht2SessionOptions.ExtensionFrames"/> are checked by the session's
/// reader with their declared reaction. Frames are hand-written from RFC 8336 §2 (ORIGIN, type 0x0C) and
/// RFC 9218 §7.1 (PRIORITY_UPDATE, type 0x10).
/// </summary>
public sealed class ExtensionFrameSessionTests
{
    // ORIGIN on stream 5 with Origin-Len 3, "a.b": stream 0 only, otherwise ignored (RFC 8336 §2.1).
    private static readonly byte[] OriginOnStreamFive = Wire.Frame(0x0C, 0, 5, 0x00, 0x03, 0x61, 0x2E, 0x62);

    // PRIORITY_UPDATE on stream 1 prioritizing stream 3 with "u=1": stream 0 only, else PROTOCOL_ERROR.
    private static readonly byte[] PriorityUpdateOnStreamOne = Wire.Frame(0x10, 0, 1, 0x00, 0x00, 0x00, 0x03, 0x75, 0x3D, 0x31);

    private static Ht2SessionOptions Registered() => new()
    {
        ExtensionFrames = new FrameReaderOptions().Register<OriginFrame>().Register<PriorityUpdateFrame>(),
    };

    [Fact]
    public async Task An_ignored_extension_frame_is_skipped_and_the_connection_goes_on()
    {
        await using SessionHarness harness = await SessionHarness.StartServerAsync(Registered());

        harness.Send(Wire.Concat(OriginOnStreamFive, Wire.Ping(0x0102030405060708)));

        WireFrame ack = await harness.ExpectAsync(WireFrame.Ping);
        Assert.True(ack.Has(Wire.Ack));
        Assert.Null(harness.Session.CloseReason);
    }

    [Fact]
    public async Task An_ignored_frame_inside_an_open_header_block_is_a_connection_protocol_error()
    {
        await using SessionHarness harness = await SessionHarness.StartServerAsync(Registered());

        // HEADERS on stream 1 without END_HEADERS leaves the block open; the ORIGIN frame interrupts it (RFC 9113 §6.10).
        harness.Send(Wire.Concat(Wire.Frame(WireFrame.Headers, Wire.EndStream, 1, Wire.GetBlock), OriginOnStreamFive));

        await harness.ExpectGoAwayAsync(Http2ErrorCode.ProtocolError);
    }

    [Fact]
    public async Task A_registered_frame_breaking_its_stream_rule_is_a_connection_protocol_error()
    {
        await using SessionHarness harness = await SessionHarness.StartServerAsync(Registered());

        harness.Send(PriorityUpdateOnStreamOne);

        await harness.ExpectGoAwayAsync(Http2ErrorCode.ProtocolError);
    }

    [Fact]
    public async Task Without_registration_the_same_frame_is_an_unknown_type_and_ignored()
    {
        await using SessionHarness harness = await SessionHarness.StartServerAsync();

        harness.Send(Wire.Concat(PriorityUpdateOnStreamOne, Wire.Ping(0x0102030405060708)));

        WireFrame ack = await harness.ExpectAsync(WireFrame.Ping);
        Assert.True(ack.Has(Wire.Ack));
        Assert.Null(harness.Session.CloseReason);
    }
}
