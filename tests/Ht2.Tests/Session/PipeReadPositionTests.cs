using System;
using System.Collections.Generic;
using System.IO.Pipelines;
using System.Threading.Tasks;
using Ht2.Tests.IO;

namespace Ht2.Tests.Session;

/// <summary>
/// The pipe read loop as its PipeReader sees it: a frame or a preface cut across reads is examined to the end and
/// consumed only up to the last whole frame; a wrong preface, and after our final GOAWAY every byte, is consumed
/// whole (drained); a connection error stops the frames after it in the same read; a reset from the peer fails a
/// waiting send at once; a read that fails ends the session; and the loop never reads on RunAsync's stack.
/// </summary>
public sealed class PipeReadPositionTests
{
    private static readonly TimeSpan Bound = ObservedSession.Bound;

    /// <summary>A server session over two pipes, the input's reader recorded.</summary>
    private sealed class PipeSession
    {
        private readonly Pipe _input = new();
        private readonly Pipe _output = new();
        private readonly PipeOutput _peer;

        public PipeSession(RecordingHandler? handler = null)
        {
            Reader = new RecordingPipeReader(_input.Reader);
            _peer = new PipeOutput(_output.Reader);
            Session = Ht2Session.CreateServer(new DuplexPipe(Reader, _output.Writer), handler ?? Handler, null, new FakeTime());
            Run = ObservedTransport.RunAsync(Session);
        }

        public RecordingPipeReader Reader { get; }

        public RecordingHandler Handler { get; } = new();

        public Ht2Session Session { get; }

        public Task Run { get; }

        public Task SendAsync(params byte[][] frames) => _input.Writer.WriteAsync(Wire.Concat(frames)).AsTask().Within(Bound, what: "the peer's write");

        public void CompleteInput() => _input.Writer.Complete();

        public async Task HandshakeAsync()
        {
            await SendAsync(Wire.Preface, Wire.Settings());
            await ReadUntilAsync(f => f.Type == WireFrame.Settings && f.Has(Wire.Ack));
            await SendAsync(Wire.SettingsAck, Wire.Ping(1));
            await ReadUntilAsync(f => f.Type == WireFrame.Ping);
        }

        public Task<List<WireFrame>> ReadUntilAsync(Func<WireFrame, bool>? last) => _peer.ReadUntilAsync(last);

        /// <summary>Disposes the session off the test thread and waits for its end, bounded.</summary>
        public async Task EndAsync()
        {
            await Task.Run(async () => await Session.DisposeAsync().ConfigureAwait(false)).Within(Bound, what: "the session's disposal");
            await Run.Within(Bound, what: "the session's completion");
        }
    }

    [Fact]
    public async Task A_frame_cut_across_reads_is_examined_to_the_end_and_consumed_at_the_last_whole_frame()
    {
        PipeSession s = new();
        await s.HandshakeAsync();
        int before = s.Reader.Advances.Count;

        // A whole PING (17 bytes) and the first 5 bytes of the next one.
        byte[] second = Wire.Ping(3);
        await s.SendAsync(Wire.Ping(2), second.AsSpan(0, 5).ToArray());
        await s.ReadUntilAsync(f => f.Type == WireFrame.Ping);
        Assert.Equal((17L, 22L, 22L), await s.Reader.AdvanceAsync(before));

        await s.SendAsync(second.AsSpan(5).ToArray());
        WireFrame ack = (await s.ReadUntilAsync(f => f.Type == WireFrame.Ping))[^1];
        Assert.Equal(second.AsSpan(9).ToArray(), ack.Payload);
        Assert.Equal((17L, 17L, 17L), await s.Reader.AdvanceAsync(before + 1));
        await s.EndAsync();
        Assert.False(s.Reader.ReadInsideRunAsync, "the read loop ran on RunAsync's stack");
    }

    [Fact]
    public async Task A_preface_cut_across_reads_is_examined_and_kept_until_it_is_whole()
    {
        PipeSession s = new();
        await s.SendAsync(Wire.Preface.AsSpan(0, 10).ToArray());
        Assert.Equal((0L, 10L, 10L), await s.Reader.AdvanceAsync(0));

        await s.SendAsync(Wire.Preface.AsSpan(10).ToArray(), Wire.Settings());
        List<WireFrame> frames = await s.ReadUntilAsync(f => f.Type == WireFrame.Settings && f.Has(Wire.Ack));
        Assert.DoesNotContain(frames, f => f.Type == WireFrame.GoAway);
        await s.EndAsync();
        Assert.True(s.Run.IsCompletedSuccessfully);
    }

    [Fact]
    public async Task A_wrong_preface_is_consumed_whole_and_answered_with_GOAWAY_PROTOCOL_ERROR()
    {
        PipeSession s = new();
        byte[] http1 = "GET / HTTP/1.1\r\nHost: x\r\n\r\n"u8.ToArray();
        await s.SendAsync(http1);
        Assert.Equal((http1.Length, http1.Length, http1.Length), await s.Reader.AdvanceAsync(0));

        WireFrame goAway = (await s.ReadUntilAsync(f => f.Type == WireFrame.GoAway))[^1];
        Assert.Equal((uint)Http2ErrorCode.ProtocolError, goAway.ErrorCode);
        s.CompleteInput();
        await s.Run.Within(Bound, what: "the session's completion");
    }

    [Fact]
    public async Task After_our_final_GOAWAY_each_read_is_consumed_whole()
    {
        PipeSession s = new();
        await s.HandshakeAsync();

        // DATA on stream 0: GOAWAY PROTOCOL_ERROR (RFC 9113 §6.1).
        await s.SendAsync(Wire.Data(0, 1, endStream: false));
        List<WireFrame> rest = await s.ReadUntilAsync(null);
        Assert.Equal((uint)Http2ErrorCode.ProtocolError, rest[^1].ErrorCode);

        int before = s.Reader.Advances.Count;
        // The DATA frame the error left unconsumed, a PING and part of another: all consumed, none answered.
        await s.SendAsync(Wire.Ping(5), Wire.Ping(6).AsSpan(0, 5).ToArray());
        (long consumed, long examined, long length) = await s.Reader.AdvanceAsync(before);
        Assert.True(length >= 22, $"{length} bytes read");
        Assert.Equal((length, length), (consumed, examined));
        s.CompleteInput();
        await s.Run.Within(Bound, what: "the session's completion");
        Assert.True(s.Run.IsCompletedSuccessfully, "Completion reports a fault");
    }

    [Fact]
    public async Task A_connection_error_in_a_frame_stops_the_frames_after_it_in_the_same_read()
    {
        PipeSession s = new();
        await s.HandshakeAsync();

        // A server receiving PUSH_PROMISE: PROTOCOL_ERROR (RFC 9113 §8.4); the PING after it is never seen.
        byte[] pushPromise = Wire.Frame(WireFrame.PushPromise, Wire.EndHeaders, 1, [0, 0, 0, 2, .. Wire.GetBlock]);
        await s.SendAsync(pushPromise, Wire.Ping(6));
        List<WireFrame> rest = await s.ReadUntilAsync(null);
        Assert.Equal(WireFrame.GoAway, rest[^1].Type);
        Assert.Equal((uint)Http2ErrorCode.ProtocolError, rest[^1].ErrorCode);
        Assert.DoesNotContain(rest, f => f.Type == WireFrame.Ping);
        Assert.DoesNotContain("ping 6 ack=False", s.Handler.Events);
        s.CompleteInput();
        await s.Run.Within(Bound, what: "the session's completion");
    }

    [Fact]
    public async Task A_reset_from_the_peer_fails_a_waiting_send_at_once()
    {
        ValueTask send = default;
        RecordingHandler handler = new()
        {
            Request = (stream, _) =>
            {
                stream.SendHeaderBlock(Wire.Status200Block, endStream: false);
                send = stream.SendDataAsync(new byte[10], endStream: true);
            },
        };
        PipeSession s = new(handler);
        await s.HandshakeAsync();
        await s.SendAsync(Wire.Settings((0x4, 0)), Wire.Headers(1, Wire.GetBlock, endStream: true));
        await s.ReadUntilAsync(f => f.Type == WireFrame.Headers);
        Assert.False(send.IsCompleted);

        await s.SendAsync(Wire.RstStream(1, (uint)Http2ErrorCode.Cancel));
        Ht2StreamClosedException closed = await Assert.ThrowsAsync<Ht2StreamClosedException>(() => send.AsTask().Within(Bound, what: "the waiting send"));
        Assert.Equal(1u, closed.StreamId);
        Assert.Equal(Http2ErrorCode.Cancel, closed.ErrorCode);
        await s.EndAsync();
    }

    [Fact]
    public async Task A_read_that_fails_with_a_bug_ends_the_session_and_faults_Completion_with_it()
    {
        PipeSession s = new();
        await s.HandshakeAsync();
        InvalidOperationException bug = new("a reader bug");
        s.Reader.ReadFailure = bug;

        // The next read (after this PING is processed) fails.
        await s.SendAsync(Wire.Ping(7));
        Exception fault = await Assert.ThrowsAnyAsync<Exception>(() => s.Run.Within(Bound, what: "the session's completion"));
        Assert.Same(bug, fault);
    }
}
