using System;
using System.Collections.Generic;
using System.IO;
using System.Threading;
using System.Threading.Tasks;

namespace Ht2.Tests.Session;

/// <summary>
/// The end of a connection as the transport and the timer see it: a write that fails ends the session (quietly for
/// a transport error, with the exception in Completion for a bug), a read that fails still fails the waiting sends
/// while the writer is stuck in a write, the peer's close lets what is queued be written first, and at the end the
/// transport is closed once and the timer disposed.
/// </summary>
public sealed class ConnectionTeardownTests
{
    private static readonly TimeSpan Bound = ObservedSession.Bound;

    [Fact]
    public async Task A_write_that_fails_on_the_transport_ends_the_session_quietly_and_closes_the_transport_once()
    {
        ObservedSession s = new();
        await s.StartAsync();
        await s.SyncAsync();

        s.Transport.WriteFailure = new IOException("connection reset");
        ObservedSession.OffThread("peer", () => s.Send(Wire.Ping(7)));

        await s.Run.Within(Bound, what: "the session's completion");
        Assert.True(s.Run.IsCompletedSuccessfully, "a transport failure faulted Completion");
        Assert.True(s.Transport.Inner.IsClosed);
        Assert.Equal(1, s.Transport.Closes);
        Assert.Equal(Http2ErrorCode.Cancel, s.Session.CloseReason);
    }

    [Fact]
    public async Task A_write_that_fails_with_a_bug_ends_the_session_and_faults_Completion_with_that_exception()
    {
        ObservedSession s = new();
        await s.StartAsync();
        await s.SyncAsync();

        InvalidOperationException bug = new("a transport bug");
        s.Transport.WriteFailure = bug;
        ObservedSession.OffThread("peer", () => s.Send(Wire.Ping(7)));

        Exception fault = await Assert.ThrowsAnyAsync<Exception>(() => s.Run.Within(Bound, what: "the session's completion"));
        Assert.Same(bug, fault);
        Assert.True(s.Transport.Inner.IsClosed);
    }

    /// <summary>Stream 1's 10-byte response body waits for credit (the peer's initial window is 0).</summary>
    private static async Task<(ObservedSession Session, ValueTask Send)> StartWaitingSendAsync()
    {
        ValueTask send = default;
        ObservedSession s = new();
        s.Handler.Request = (stream, _) =>
        {
            stream.SendHeaderBlock(Wire.Status200Block, endStream: false);
            send = stream.SendDataAsync(new byte[10], endStream: true);
        };
        await s.StartAsync();
        s.Send(Wire.Settings((0x4, 0)));
        s.Send(Wire.Headers(1, Wire.GetBlock, endStream: true));
        await s.ReadUntilAsync(f => f.Type == WireFrame.Headers);
        Assert.False(send.IsCompleted);
        return (s, send);
    }

    [Fact]
    public async Task A_read_that_fails_fails_a_waiting_send_while_the_writer_is_stuck_in_a_write()
    {
        (ObservedSession s, ValueTask send) = await StartWaitingSendAsync();
        TaskCompletionSource gate = new(TaskCreationOptions.RunContinuationsAsynchronously);
        try
        {
            // The PING's ACK is a write that waits for the gate; the transport's close does not end it.
            s.Transport.WriteGate = gate.Task;
            ObservedSession.OffThread("peer", () => s.Send(Wire.Ping(2)));
            await s.Transport.WriteHeld.Within(Bound);

            s.Transport.ReadFailure = new IOException("connection reset");
            ObservedSession.OffThread("peer", () => s.Send(Wire.Ping(3)));

            Ht2StreamClosedException closed = await Assert.ThrowsAsync<Ht2StreamClosedException>(() => send.AsTask().Within(Bound, what: "the waiting send"));
            Assert.Equal(1u, closed.StreamId);
            Assert.Equal(Http2ErrorCode.Cancel, closed.ErrorCode);
            Assert.True(s.Transport.Inner.IsClosed);
            Assert.False(s.Run.IsCompleted, "Completion came before the writer's write ended");
        }
        finally
        {
            gate.TrySetResult();
        }

        await s.Run.Within(Bound, what: "the session's completion");
        Assert.True(s.Run.IsCompletedSuccessfully);
        Assert.Equal(1, s.Transport.Closes);
    }

    [Fact]
    public async Task The_peers_close_while_a_write_is_held_lets_the_queued_frames_be_written_before_the_end()
    {
        ObservedSession s = new();
        await s.StartAsync();
        await s.SyncAsync();
        TaskCompletionSource gate = new(TaskCreationOptions.RunContinuationsAsynchronously);
        s.Transport.WriteGate = gate.Task;
        ObservedSession.OffThread("peer", () => s.Send(Wire.Ping(2)));
        await s.Transport.WriteHeld.Within(Bound);

        // The peer closes its side while our PING ACK waits in the write: the connection ends only after it is written.
        ObservedSession.OffThread("peer", s.Transport.Inner.SendEndOfStream);
        Assert.False(s.Transport.Inner.IsClosed, "the transport closed under the write");
        gate.SetResult();

        await s.Transport.Inner.OutputShutDown.Within(Bound);
        List<WireFrame> written = s.TakeWritten();
        WireFrame ack = Assert.Single(written, f => f.Type == WireFrame.Ping);
        Assert.True(ack.Has(Wire.Ack));
        Assert.Equal(Wire.Ping(2).AsSpan(9).ToArray(), ack.Payload);

        // Nothing more to write and the peer gone: the session ends at the linger's end, cleanly.
        s.Time.Advance(TimeSpan.FromSeconds(5));
        await s.Run.Within(Bound, what: "the session's completion");
        Assert.True(s.Run.IsCompletedSuccessfully);
        Assert.Equal(Http2ErrorCode.Cancel, s.Session.CloseReason);
    }

    [Fact]
    public async Task At_the_end_the_transport_is_closed_once_and_the_timer_disposed()
    {
        TimerWatch time = new();
        ObservedSession s = new(time: time);
        await s.StartAsync();
        await s.SyncAsync();
        Assert.Equal(1, time.Created);
        Assert.Equal(0, time.Disposed);

        await s.EndAsync();
        Assert.True(s.Run.IsCompletedSuccessfully);
        Assert.Equal(1, s.Transport.Closes);
        Assert.Equal(1, time.Disposed);
    }

    /// <summary>Fake time whose timers count their disposals.</summary>
    private sealed class TimerWatch : TimeProvider
    {
        private readonly FakeTime _time = new();
        private int _created;
        private int _disposed;

        public int Created => Volatile.Read(ref _created);

        public int Disposed => Volatile.Read(ref _disposed);

        public override long TimestampFrequency => _time.TimestampFrequency;

        public override long GetTimestamp() => _time.GetTimestamp();

        public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period)
        {
            Interlocked.Increment(ref _created);
            return new Watched(this, _time.CreateTimer(callback, state, dueTime, period));
        }

        private sealed class Watched(TimerWatch owner, ITimer inner) : ITimer
        {
            public bool Change(TimeSpan dueTime, TimeSpan period) => inner.Change(dueTime, period);

            public void Dispose()
            {
                Interlocked.Increment(ref owner._disposed);
                inner.Dispose();
            }

            public ValueTask DisposeAsync()
            {
                Dispose();
                return ValueTask.CompletedTask;
            }
        }
    }
}
