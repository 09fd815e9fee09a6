using System;
using System.Collections.Generic;
using System.Text;
using System.Threading.Tasks;
using Ht2.Tests.Writing;

namespace Ht2.Tests.Connection;

/// <summary>ReadFrameAsync over hand-written RFC 9113 byte vectors: frames, connection-level effects, errors.</summary>
public sealed class ReadTests
{
    private static byte[] Preface => Encoding.ASCII.GetBytes("PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n");

    [Theory]
    [InlineData(1)]
    [InlineData(7)]
    [InlineData(100_000)]
    public async Task Server_ReadsPrefaceAndFrames_AppliesSettings_AndAcknowledges(int readChunk)
    {
        List<byte> input = new(Preface);
        Wire.Settings(input, false, (0x5, 32_768), (0x1, 8192), (0x3, 100), (0x4, 1000));
        Wire.Ping(input, 0x1122334455667788);
        Wire.Headers(input, 1, new byte[] { 0x82, 0x86 }, 0x4);
        Wire.Data(input, 1, new byte[] { 1, 2, 3 }, endStream: true, pad: 2);
        Wire.WindowUpdate(input, 0, 5000);
        ScriptedStream stream = new(input.ToArray(), readChunk);
        using Ht2Connection server = new(stream);

        ReceivedFrame settings = await BoundedRead.ClientPreface(server);
        Assert.Equal(FrameType.Settings, settings.Type);
        Assert.Equal(24, settings.Payload.Length);
        Assert.Equal(32_768, server.PeerMaxFrameSize);
        Assert.Equal(8192, server.PeerHeaderTableSize);
        Assert.Equal(100, server.PeerMaxConcurrentStreams);
        Assert.Equal(1000, server.PeerInitialWindowSize);
        Assert.Equal(1000, server.GetStreamSendWindow(1));

        ReceivedFrame ping = await BoundedRead.Frame(server);
        Assert.Equal(FrameType.Ping, ping.Type);
        Assert.Equal(0x1122334455667788ul, ping.Parse<PingFrame>(out _).OpaqueData);

        ReceivedFrame headers = await BoundedRead.Frame(server);
        Assert.Equal(FrameType.Headers, headers.Type);
        headers.Parse<HeadersFrame>(out ReadOnlySpan<byte> block);
        Assert.Equal(new byte[] { 0x82, 0x86 }, block.ToArray());

        ReceivedFrame data = await BoundedRead.Frame(server);
        Assert.Equal(1u, data.StreamId);
        Assert.True(data.Header.HasFlag(FrameFlags.EndStream));
        data.Parse<DataFrame>(out ReadOnlySpan<byte> bytes);
        Assert.Equal(new byte[] { 1, 2, 3 }, bytes.ToArray());

        ReceivedFrame update = await BoundedRead.Frame(server);
        Assert.Equal(FrameType.WindowUpdate, update.Type);
        Assert.Equal(65_535 + 5000, server.ConnectionSendWindow);

        Assert.True((await BoundedRead.Frame(server)).IsEndOfStream);

        // Auto-acknowledgement: the server's own (empty) SETTINGS first, as it had sent none (RFC 9113 §3.4),
        // then SETTINGS ACK, then PING ACK with the same opaque data.
        List<byte> expected = new();
        Wire.Settings(expected, false);
        Wire.Settings(expected, true);
        Wire.Ping(expected, 0x1122334455667788, ack: true);
        Assert.Equal(expected.ToArray(), stream.Output.ToArray());
    }

    [Fact]
    public async Task AutoAcknowledgeOff_LeavesAcksToTheCaller()
    {
        List<byte> input = new();
        Wire.Settings(input, false, (0x5, 20_000));
        Wire.Ping(input, 9);
        ScriptedStream stream = new(input.ToArray());
        using Ht2Connection client = new(stream, new Ht2ConnectionOptions { AutoAcknowledge = false });
        await BoundedRead.Frame(client);
        await BoundedRead.Frame(client);
        Assert.Equal(20_000, client.PeerMaxFrameSize);
        Assert.Equal(0, stream.Output.Length);
    }

    [Fact]
    public async Task PeerMaxFrameSize_FromSettings_IsUsedBySendDataFrames()
    {
        List<byte> input = new();
        Wire.Settings(input, false, (0x5, 32_768));
        Wire.WindowUpdate(input, 0, 100_000);
        ScriptedStream stream = new(input.ToArray());
        using Ht2Connection client = new(stream, new Ht2ConnectionOptions { AutoAcknowledge = false });

        byte[] data = new byte[40_000];
        new Random(5).NextBytes(data);
        Worker.Run("send", () => client.SendData(1, data, endStream: true));
        List<byte> before = new();
        Wire.Data(before, 1, data.AsSpan(0, 16_384).ToArray(), false);
        Wire.Data(before, 1, data.AsSpan(16_384, 16_384).ToArray(), false);
        Wire.Data(before, 1, data.AsSpan(32_768).ToArray(), true);
        Assert.Equal(before.ToArray(), stream.Output.ToArray());

        await BoundedRead.Frame(client);
        await BoundedRead.Frame(client);
        stream.Output.SetLength(0);
        Worker.Run("send", () => client.SendData(3, data, endStream: true));
        List<byte> after = new();
        Wire.Data(after, 3, data.AsSpan(0, 32_768).ToArray(), false);
        Wire.Data(after, 3, data.AsSpan(32_768).ToArray(), true);
        Assert.Equal(after.ToArray(), stream.Output.ToArray());
    }

    public static TheoryData<string, byte[], Http2ErrorCode, ErrorScope, uint> Violations()
    {
        TheoryData<string, byte[], Http2ErrorCode, ErrorScope, uint> data = new();
        List<byte> w = new();
        Wire.Data(w, 0, new byte[] { 1 }, false);
        data.Add("DATA on stream 0", w.ToArray(), Http2ErrorCode.ProtocolError, ErrorScope.Connection, 0);

        // Only the 9-byte header: the length is refused before any payload is waited for.
        data.Add("length above the LOCAL max", new byte[] { 0x00, 0x40, 0x01, 0x0, 0x0, 0, 0, 0, 1 }, Http2ErrorCode.FrameSizeError, ErrorScope.Connection, 0);

        w = new();
        Wire.Header(w, 4, 0x2, 0, 3);
        w.AddRange(new byte[4]);
        data.Add("PRIORITY of 4 bytes", w.ToArray(), Http2ErrorCode.FrameSizeError, ErrorScope.Stream, 3);

        w = new();
        Wire.Continuation(w, 1, new byte[] { 1 }, true);
        data.Add("CONTINUATION without HEADERS", w.ToArray(), Http2ErrorCode.ProtocolError, ErrorScope.Connection, 0);

        w = new();
        Wire.Headers(w, 1, new byte[] { 1 }, 0);
        Wire.Ping(w, 1);
        data.Add("PING inside a header block", w.ToArray(), Http2ErrorCode.ProtocolError, ErrorScope.Connection, 0);

        w = new();
        Wire.WindowUpdate(w, 1, 0);
        data.Add("WINDOW_UPDATE of 0 on a stream", w.ToArray(), Http2ErrorCode.ProtocolError, ErrorScope.Stream, 1);

        w = new();
        Wire.WindowUpdate(w, 0, 0x7FFF_FFFF);
        data.Add("connection window above 2^31-1", w.ToArray(), Http2ErrorCode.FlowControlError, ErrorScope.Connection, 0);

        w = new();
        Wire.WindowUpdate(w, 5, 0x7FFF_0001);
        data.Add("stream window above 2^31-1", w.ToArray(), Http2ErrorCode.FlowControlError, ErrorScope.Stream, 5);

        w = new();
        Wire.Settings(w, false, (0x4, 0x8000_0000));
        data.Add("INITIAL_WINDOW_SIZE above 2^31-1", w.ToArray(), Http2ErrorCode.FlowControlError, ErrorScope.Connection, 0);

        w = new();
        Wire.Settings(w, false, (0x5, 16_383));
        data.Add("MAX_FRAME_SIZE below 16384", w.ToArray(), Http2ErrorCode.ProtocolError, ErrorScope.Connection, 0);

        w = new();
        Wire.Header(w, 0, 0x6, 0, 0);
        data.Add("PING of 0 bytes", w.ToArray(), Http2ErrorCode.FrameSizeError, ErrorScope.Connection, 0);
        return data;
    }

    [Theory]
    [MemberData(nameof(Violations))]
    public async Task RuleViolation_ThrowsWithItsCodeAndScope(string rule, byte[] vector, Http2ErrorCode code, ErrorScope scope, uint streamId)
    {
        List<byte> input = new(vector);
        Wire.Ping(input, 42);
        using Ht2Connection client = new(new ScriptedStream(input.ToArray()), new Ht2ConnectionOptions { AutoAcknowledge = false });
        // Valid frames before the offending one are returned; the loop ends at the error (or fails at end of input).
        Ht2ProtocolException error = await Assert.ThrowsAsync<Ht2ProtocolException>(async () =>
        {
            while (!(await BoundedRead.Frame(client)).IsEndOfStream)
            {
            }
        });
        Assert.True(code == error.ErrorCode, rule);
        Assert.Equal(scope, error.Scope);
        Assert.Equal(streamId, error.StreamId);
        if (scope == ErrorScope.Stream)
        {
            // A stream error consumed its frame: the connection goes on with the next one.
            ReceivedFrame next = await BoundedRead.Frame(client);
            Assert.Equal(42ul, next.Parse<PingFrame>(out _).OpaqueData);
        }
    }

    [Fact]
    public async Task StreamWindowOverflow_AfterInitialWindowSizeGrows_IsAConnectionError()
    {
        List<byte> input = new();
        Wire.WindowUpdate(input, 1, 0x7FFF_FFFF - 65_535);
        Wire.Settings(input, false, (0x4, 65_536));
        using Ht2Connection client = new(new ScriptedStream(input.ToArray()), new Ht2ConnectionOptions { AutoAcknowledge = false });
        await BoundedRead.Frame(client);
        Assert.Equal(0x7FFF_FFFF, client.GetStreamSendWindow(1));
        Ht2ProtocolException error = await Assert.ThrowsAsync<Ht2ProtocolException>(async () => await BoundedRead.Frame(client));
        Assert.Equal(Http2ErrorCode.FlowControlError, error.ErrorCode);
        Assert.True(error.IsConnectionError);
    }

    [Fact]
    public async Task WrongPreface_IsAProtocolError()
    {
        byte[] input = Encoding.ASCII.GetBytes("GET / HTTP/1.1\r\nHost: x\r\n\r\n");
        using Ht2Connection server = new(new ScriptedStream(input));
        Ht2ProtocolException error = await Assert.ThrowsAsync<Ht2ProtocolException>(async () => await BoundedRead.ClientPreface(server));
        Assert.Equal(Http2ErrorCode.ProtocolError, error.ErrorCode);
        Assert.True(error.IsConnectionError);
    }

    [Fact]
    public async Task WrongPreface_IsRefusedAtTheFirstDifferentByte_WithoutWaitingFor24Bytes()
    {
        // "PRX", then the end of input: the third byte already differs from "PRI * HTTP/2.0...", so the verdict is a
        // PROTOCOL_ERROR, not the IOException of a preface cut short.
        byte[] input = Encoding.ASCII.GetBytes("PRX");
        using Ht2Connection server = new(new ScriptedStream(input, chunk: 1));
        Ht2ProtocolException error = await Assert.ThrowsAsync<Ht2ProtocolException>(async () => await BoundedRead.ClientPreface(server));
        Assert.Equal(Http2ErrorCode.ProtocolError, error.ErrorCode);
        Assert.True(error.IsConnectionError);
    }

    [Fact]
    public async Task APrefaceCutShort_IsAnIOException()
    {
        byte[] input = Encoding.ASCII.GetBytes("PRI * HTTP/2.0\r\n");
        using Ht2Connection server = new(new ScriptedStream(input, chunk: 3));
        await Assert.ThrowsAsync<System.IO.IOException>(async () => await BoundedRead.ClientPreface(server));
    }

    [Fact]
    public async Task PrefaceNotFollowedBySettings_IsAProtocolError()
    {
        List<byte> input = new(Preface);
        Wire.Ping(input, 1);
        using Ht2Connection server = new(new ScriptedStream(input.ToArray()));
        Ht2ProtocolException error = await Assert.ThrowsAsync<Ht2ProtocolException>(async () => await BoundedRead.ClientPreface(server));
        Assert.Equal(Http2ErrorCode.ProtocolError, error.ErrorCode);
    }

    [Fact]
    public async Task ClosedInsideAFrame_IsAnIOException()
    {
        List<byte> input = new();
        Wire.Ping(input, 1);
        input.RemoveAt(input.Count - 1);
        using Ht2Connection client = new(new ScriptedStream(input.ToArray()));
        await Assert.ThrowsAsync<System.IO.IOException>(async () => await BoundedRead.Frame(client));
    }

    [Fact]
    public void ClientPrefaceAndGoAway_AreTheRfcBytes()
    {
        ScriptedStream stream = new(Array.Empty<byte>());
        using Ht2Connection client = new(stream);
        client.WriteClientPreface(new[] { new SettingsEntry(SettingsParameter.EnablePush, 0), new SettingsEntry(SettingsParameter.InitialWindowSize, 1 << 20) });
        client.SendGoAway(7, Http2ErrorCode.EnhanceYourCalm, Encoding.ASCII.GetBytes("calm"));

        List<byte> expected = new(Preface);
        Wire.Settings(expected, false, (0x2, 0), (0x4, 1 << 20));
        Wire.GoAway(expected, 7, 0xb, Encoding.ASCII.GetBytes("calm"));
        Assert.Equal(expected.ToArray(), stream.Output.ToArray());
        Assert.Throws<ArgumentException>(() => client.WriteClientPreface(new[] { new SettingsEntry(SettingsParameter.EnablePush, 2) }));
        Assert.Equal(expected.Count, stream.Output.Length);
    }
}
