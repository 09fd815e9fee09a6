using System;
using System.Collections.Generic;
using System.Threading.Tasks;
using Ht2.Tests.Reading;
using Ht2.Tests.Writing;

namespace Ht2.Tests.Connection;

/// <summary>
/// The connection-wide order rules ReadFrameAsync applies to every whole frame, whatever the frame's own verdict
/// (returned, ignored, stream error): SETTINGS first after either preface (RFC 9113 §3.4), and nothing but
/// CONTINUATION inside an open header block (§6.10).
/// </summary>
public sealed class ReadOrderTests
{
    private static byte[] Preface => "PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n"u8.ToArray();

    // ORIGIN (type 0x0C) on stream 5, Origin-Len 3, "a.b": allowed on stream 0 only, otherwise ignored (RFC 8336 §2.1).
    private static readonly byte[] IgnoredOrigin = [0x00, 0x00, 0x05, 0x0C, 0x00, 0x00, 0x00, 0x00, 0x05, 0x00, 0x03, 0x61, 0x2E, 0x62];

    // PRIORITY of 4 bytes on stream 3: a FRAME_SIZE_ERROR stream error on its own (§6.3).
    private static readonly byte[] ShortPriority = [0x00, 0x00, 0x04, 0x02, 0x00, 0x00, 0x00, 0x00, 0x03, 0x00, 0x00, 0x00, 0x01];

    private static Ht2ConnectionOptions NoAcks => new() { AutoAcknowledge = false };

    private static Ht2Connection ClientAfterItsPreface(byte[] serverBytes, Ht2ConnectionOptions? options = null)
    {
        Ht2Connection client = new(new ScriptedStream(serverBytes), options ?? NoAcks);
        client.WriteClientPreface(ReadOnlySpan<SettingsEntry>.Empty);
        return client;
    }

    private static async Task AssertConnectionProtocolError(Func<ValueTask<ReceivedFrame>> read)
    {
        Ht2ProtocolException error = await Assert.ThrowsAsync<Ht2ProtocolException>(() => Task.Run(async () => await read()).Within(BoundedRead.Patience));
        Assert.Equal(Http2ErrorCode.ProtocolError, error.ErrorCode);
        Assert.True(error.IsConnectionError);
    }

    [Fact]
    public async Task Client_AfterItsPreface_RefusesAServerWhoseFirstFrameIsPing()
    {
        List<byte> input = new();
        Wire.Ping(input, 1);
        using Ht2Connection client = ClientAfterItsPreface(input.ToArray());
        await AssertConnectionProtocolError(() => client.ReadFrameAsync());
    }

    [Fact]
    public async Task Client_AfterItsPreface_RefusesASettingsAckAsTheFirstFrame()
    {
        List<byte> input = new();
        Wire.Settings(input, true);
        using Ht2Connection client = ClientAfterItsPreface(input.ToArray());
        await AssertConnectionProtocolError(() => client.ReadFrameAsync());
    }

    [Fact]
    public async Task Client_AfterItsPreface_TakesSettingsFirst_ThenAnyFrame()
    {
        List<byte> input = new();
        Wire.Settings(input, false, (0x3, 7));
        Wire.Ping(input, 2);
        Wire.Settings(input, true);
        using Ht2Connection client = ClientAfterItsPreface(input.ToArray());
        Assert.Equal(FrameType.Settings, (await BoundedRead.Frame(client)).Type);
        Assert.Equal(7, client.PeerMaxConcurrentStreams);
        Assert.Equal(2ul, (await BoundedRead.Frame(client)).Parse<PingFrame>(out _).OpaqueData);
        Assert.True((await BoundedRead.Frame(client)).Header.HasFlag(FrameFlags.Ack));
        Assert.True((await BoundedRead.Frame(client)).IsEndOfStream);
    }

    [Fact]
    public async Task SettingsSentWithoutThePreface_DoNotMakeTheReaderDemandSettingsFirst()
    {
        List<byte> input = new();
        Wire.Ping(input, 3);
        using Ht2Connection connection = new(new ScriptedStream(input.ToArray()), NoAcks);
        connection.SendSettings(ReadOnlySpan<SettingsEntry>.Empty);
        Assert.Equal(3ul, (await BoundedRead.Frame(connection)).Parse<PingFrame>(out _).OpaqueData);
    }

    [Fact]
    public async Task Client_AfterItsPreface_RefusesAnIgnoredExtensionFrameFirst()
    {
        List<byte> input = new(IgnoredOrigin);
        Wire.Settings(input, false);
        using Ht2Connection client = ClientAfterItsPreface(input.ToArray(), new Ht2ConnectionOptions
        {
            AutoAcknowledge = false,
            Reader = new FrameReaderOptions().Register<OriginFrame>(),
        });
        await AssertConnectionProtocolError(() => client.ReadFrameAsync());
    }

    [Fact]
    public async Task Server_AfterThePreface_RefusesAStreamErrorFrameFirst_AsAConnectionError()
    {
        List<byte> input = new(Preface);
        input.AddRange(ShortPriority);
        Wire.Settings(input, false);
        using Ht2Connection server = new(new ScriptedStream(input.ToArray()), NoAcks);
        await AssertConnectionProtocolError(() => server.ReadClientPrefaceAsync());
    }

    [Fact]
    public async Task AStreamErrorFrame_InsideAnOpenHeaderBlock_IsAConnectionError()
    {
        List<byte> input = new();
        Wire.Headers(input, 1, new byte[] { 0x82 }, 0x1);
        input.AddRange(ShortPriority);
        using Ht2Connection client = new(new ScriptedStream(input.ToArray()), NoAcks);
        Assert.Equal(FrameType.Headers, (await BoundedRead.Frame(client)).Type);
        await AssertConnectionProtocolError(() => client.ReadFrameAsync());
    }

    [Fact]
    public async Task AStreamErrorFrame_IsSkipped_AndTheNextFrameIsJudgedOnItsOwn()
    {
        // A PING returned, the PRIORITY consumed with its stream error, the next PING whole; the CONTINUATION after
        // it has no block to continue.
        List<byte> input = new();
        Wire.Ping(input, 1);
        input.AddRange(ShortPriority);
        Wire.Ping(input, 2);
        Wire.Continuation(input, 1, new byte[] { 0x82 }, true);
        using Ht2Connection client = new(new ScriptedStream(input.ToArray()), NoAcks);
        Assert.Equal(1ul, (await BoundedRead.Frame(client)).Parse<PingFrame>(out _).OpaqueData);
        Ht2ProtocolException stream = await Assert.ThrowsAsync<Ht2ProtocolException>(() => BoundedRead.Frame(client));
        Assert.Equal(Http2ErrorCode.FrameSizeError, stream.ErrorCode);
        Assert.Equal(3u, stream.StreamId);
        Assert.False(stream.IsConnectionError);
        Assert.Equal(2ul, (await BoundedRead.Frame(client)).Parse<PingFrame>(out _).OpaqueData);
        await AssertConnectionProtocolError(() => new ValueTask<ReceivedFrame>(BoundedRead.Frame(client)));
    }

    [Theory]
    [InlineData(1)]
    [InlineData(23)]
    [InlineData(24)]
    [InlineData(25)]
    public async Task Server_ReadsThePrefaceInAnyPieces(int readChunk)
    {
        List<byte> input = new(Preface);
        Wire.Settings(input, false, (0x3, 9));
        Wire.Ping(input, 5);
        using Ht2Connection server = new(new ScriptedStream(input.ToArray(), readChunk), NoAcks);
        Assert.Equal(FrameType.Settings, (await BoundedRead.ClientPreface(server)).Type);
        Assert.Equal(9, server.PeerMaxConcurrentStreams);
        Assert.Equal(5ul, (await BoundedRead.Frame(server)).Parse<PingFrame>(out _).OpaqueData);
        Assert.True((await BoundedRead.Frame(server)).IsEndOfStream);
    }

    [Fact]
    public async Task AHeaderBlock_EndedByContinuation_LetsOtherFramesFollow()
    {
        List<byte> input = new();
        Wire.Headers(input, 1, new byte[] { 0x82 }, 0x1);
        Wire.Continuation(input, 1, new byte[] { 0x86 }, true);
        Wire.Ping(input, 4);
        using Ht2Connection client = new(new ScriptedStream(input.ToArray(), chunk: 2), NoAcks);
        Assert.Equal(FrameType.Headers, (await BoundedRead.Frame(client)).Type);
        ReceivedFrame continuation = await BoundedRead.Frame(client);
        Assert.Equal(FrameType.Continuation, continuation.Type);
        Assert.Equal(new byte[] { 0x86 }, continuation.Payload.ToArray());
        Assert.Equal(4ul, (await BoundedRead.Frame(client)).Parse<PingFrame>(out _).OpaqueData);
    }
}
