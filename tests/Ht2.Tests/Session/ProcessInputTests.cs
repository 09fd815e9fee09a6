using System;
using System.Threading.Tasks;

namespace Ht2.Tests.Session;

/// <summary>
/// The protocol core's entry, <c>ProcessInput</c>, called on a session that is not running (nothing is written):
/// what it reports consumed after the preface, an out-of-order frame, a wrong first frame and a
/// frame not complete yet, and the connection error each one raises (RFC 9113 §3.4, §4.2, §6.5, §6.10).
/// </summary>
public sealed class ProcessInputTests
{
    // An empty SETTINGS frame (RFC 9113 §6.5): length 0, type 0x4, no flags, stream 0.
    private static readonly byte[] EmptySettings = [0, 0, 0, 0x4, 0, 0, 0, 0, 0];

    // PING (type 0x6) on stream 0 with 8 bytes of opaque data (RFC 9113 §6.7).
    private static readonly byte[] Ping = [0, 0, 8, 0x6, 0, 0, 0, 0, 0, 1, 2, 3, 4, 5, 6, 7, 8];

    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(10);

    private static Ht2Session NewServer() =>
        new(new MemoryTransport(), Ht2SessionRole.Server, new RecordingHandler(), null, new FakeTime());

    [Fact]
    public async Task A_wrong_preface_is_consumed_whole_and_ends_the_connection()
    {
        Ht2Session session = NewServer();
        await using BoundedDisposal disposal = session.DisposedWithin(Patience);
        byte[] input = [.. "PRI * HTTP/1.1\r\n\r\nSM\r\n\r\n"u8, .. EmptySettings];
        Assert.Equal(input.Length, session.ProcessInput(input));
        Assert.Equal(Http2ErrorCode.ProtocolError, session.CloseReason);
    }

    [Fact]
    public async Task A_preface_not_complete_yet_consumes_nothing()
    {
        Ht2Session session = NewServer();
        await using BoundedDisposal disposal = session.DisposedWithin(Patience);
        Assert.Equal(0, session.ProcessInput("PRI * HTTP/2.0\r\n"u8));
        Assert.Null(session.CloseReason);
    }

    [Fact]
    public async Task A_frame_out_of_the_header_block_order_is_consumed_and_ends_the_connection()
    {
        Ht2Session session = NewServer();
        await using BoundedDisposal disposal = session.DisposedWithin(Patience);

        // HEADERS on stream 1 without END_HEADERS ("GET http://x/"), then a PING where only CONTINUATION may come
        // (RFC 9113 §6.10): the PING is read, and answered with a connection error.
        byte[] headers = [0, 0, 6, 0x1, 0, 0, 0, 0, 1, 0x82, 0x86, 0x84, 0x41, 0x01, (byte)'x'];
        byte[] input = [.. Wire.Preface, .. EmptySettings, .. headers, .. Ping];
        Assert.Equal(input.Length, session.ProcessInput(input));
        Assert.Equal(Http2ErrorCode.ProtocolError, session.CloseReason);
    }

    [Fact]
    public async Task A_first_frame_other_than_SETTINGS_is_consumed_and_ends_the_connection()
    {
        Ht2Session session = NewServer();
        await using BoundedDisposal disposal = session.DisposedWithin(Patience);

        // The preface must be followed by SETTINGS (RFC 9113 §3.4).
        byte[] input = [.. Wire.Preface, .. Ping];
        Assert.Equal(input.Length, session.ProcessInput(input));
        Assert.Equal(Http2ErrorCode.ProtocolError, session.CloseReason);
    }

    [Fact]
    public async Task A_frame_not_complete_yet_stops_the_loop_before_it()
    {
        Ht2Session session = NewServer();
        await using BoundedDisposal disposal = session.DisposedWithin(Patience);

        // The first 12 bytes of the PING: the call must return (bounded, on a worker) with the bytes before it.
        byte[] input = [.. Wire.Preface, .. EmptySettings, .. Ping.AsSpan(0, 12)];
        int consumed = -1;
        Worker.Run("ProcessInput", () => consumed = session.ProcessInput(input));
        Assert.Equal(Wire.Preface.Length + EmptySettings.Length, consumed);
        Assert.Null(session.CloseReason);
    }
}
