using System;
using System.Collections.Generic;
using System.IO.Pipelines;
using System.Linq;
using System.Threading.Tasks;

namespace Ht2.Tests.Session;

/// <summary>
/// The session's read loop over a pipe: frames read where the pipe holds them, a payload that straddles the pipe's
/// segments gathered whole, a preface or frame cut across reads, a wrong preface, and the peer's bytes after our
/// final GOAWAY drained unread.
/// </summary>
public sealed class PipeInputTests
{
    private static readonly TimeSpan Bound = TimeSpan.FromSeconds(10);

    [Theory]
    [InlineData(1_000)]
    [InlineData(7)]
    public async Task A_body_larger_than_the_pipes_segments_arrives_whole_when_the_connection_comes_in_pieces(int piece)
    {
        PipePeer pipes = new(inlineSchedulers: false);
        BodyCollector sink = new();
        Ht2Session server = Ht2Session.CreateServer(pipes.ServerSide, sink, null, new FakeTime());
        Task run = server.RunAsync();

        // 10,000 bytes in one DATA frame: more than a pipe segment (4 KiB), so its payload straddles segments.
        byte[] body = Enumerable.Range(0, 10_000).Select(i => (byte)(i * 7)).ToArray();
        byte[] connection = Wire.Concat(Wire.Preface, Wire.Settings(), Wire.SettingsAck, Wire.Headers(1, Wire.PostBlock, endStream: false),
            Wire.Frame(WireFrame.Data, Wire.EndStream, 1, body));
        for (int offset = 0; offset < connection.Length; offset += piece)
        {
            await pipes.SendAsync(connection.AsSpan(offset, Math.Min(piece, connection.Length - offset)).ToArray());
        }

        byte[] received = await sink.Done.Task.Within(Bound);
        Assert.Equal(body, received);
        await server.DisposeAsync().AsTask().Within(Bound);
        Assert.True(run.IsCompletedSuccessfully);
    }

    [Fact]
    public async Task A_wrong_preface_is_a_connection_error_PROTOCOL_ERROR()
    {
        PipePeer pipes = new(inlineSchedulers: false);
        Ht2Session server = Ht2Session.CreateServer(pipes.ServerSide, new RecordingHandler(), null, new FakeTime());
        Task run = server.RunAsync();
        await pipes.SendAsync("GET / HTTP/1.1\r\nHost: x\r\n\r\n"u8.ToArray());

        List<WireFrame> frames = await pipes.ReadToEndAsync();
        Assert.Equal(WireFrame.Settings, frames[0].Type);
        WireFrame goAway = frames[^1];
        Assert.Equal(WireFrame.GoAway, goAway.Type);
        Assert.Equal((uint)Http2ErrorCode.ProtocolError, goAway.ErrorCode);
        Assert.Equal(0u, goAway.GoAwayLastStreamId);

        pipes.CompleteInput();
        await run.Within(Bound);
        Assert.Equal(Http2ErrorCode.ProtocolError, server.CloseReason);
    }

    [Fact]
    public async Task After_our_final_GOAWAY_the_peers_bytes_are_drained_unread_until_it_closes()
    {
        PipePeer pipes = new(inlineSchedulers: false);
        Ht2Session server = Ht2Session.CreateServer(pipes.ServerSide, new RecordingHandler(), null, new FakeTime());
        Task run = server.RunAsync();

        // DATA on stream 0: GOAWAY PROTOCOL_ERROR (RFC 9113 §6.1); our side shuts down and lingers.
        await pipes.SendAsync(Wire.Preface, Wire.Settings(), Wire.SettingsAck, Wire.Frame(WireFrame.Data, 0, 0, 1));
        List<WireFrame> frames = await pipes.ReadToEndAsync();
        Assert.Equal(WireFrame.GoAway, frames[^1].Type);

        // A PING now is read and dropped; the peer's close, not the linger (the clock does not move), ends the session cleanly.
        await pipes.SendAsync(Wire.Ping(5));
        Assert.False(run.IsCompleted, "the session closed before the peer did");
        pipes.CompleteInput();
        await run.Within(Bound);
        Assert.True(run.IsCompletedSuccessfully, "Completion reports a fault");
        Assert.Equal(Http2ErrorCode.ProtocolError, server.CloseReason);
    }
}
