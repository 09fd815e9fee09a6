using System;
using System.Collections.Generic;
using System.Threading.Tasks;

namespace Ht2.Tests.Session;

/// <summary>A server session over an <see cref="ObservedTransport"/> with fake time, and the peer's view of what it wrote.</summary>
internal sealed class ObservedSession
{
    public static readonly TimeSpan Bound = TimeSpan.FromSeconds(10);
    private readonly List<byte> _written = new();
    private int _offset;

    public ObservedSession(Ht2SessionOptions? options = null, IHt2SessionHandler? handler = null, TimeProvider? time = null)
    {
        Session = new Ht2Session(Transport, Ht2SessionRole.Server, handler ?? Handler, options, time ?? Time);
    }

    public ObservedTransport Transport { get; } = new();

    public FakeTime Time { get; } = new();

    public RecordingHandler Handler { get; } = new();

    public Ht2Session Session { get; }

    public Task Run { get; set; } = Task.CompletedTask;

    /// <summary>Starts the session and exchanges prefaces and SETTINGS (both acknowledged).</summary>
    public async Task StartAsync()
    {
        Run = ObservedTransport.RunAsync(Session);
        await HandshakeAsync();
    }

    /// <summary>The peer's preface and SETTINGS, until the session acknowledged them; then the peer's ACK.</summary>
    public async Task HandshakeAsync()
    {
        Send(Wire.Concat(Wire.Preface, Wire.Settings()));
        await ReadUntilAsync(f => f.Type == WireFrame.Settings && f.Has(Wire.Ack));
        Send(Wire.SettingsAck);
    }

    public void Send(byte[] bytes) => Transport.Inner.Send(bytes);

    /// <summary>Frames the session wrote, up to and including the first that <paramref name="last"/> accepts; bounded.</summary>
    public async Task<List<WireFrame>> ReadUntilAsync(Func<WireFrame, bool> last)
    {
        List<WireFrame> frames = new();
        WaitDeadline giveUp = WaitDeadline.Start(Bound);
        while (true)
        {
            giveUp.Check("the expected frame");
            _written.AddRange(Transport.Inner.TakeOutput());
            foreach (WireFrame frame in Wire.Parse(_written.ToArray(), ref _offset))
            {
                frames.Add(frame);
                if (last(frame))
                {
                    return frames;
                }
            }

            Assert.False(Transport.Inner.IsClosed, "The transport closed before the expected frame.");
            try
            {
                await Transport.Inner.OutputArrived.WaitAsync(TimeSpan.FromMilliseconds(200));
            }
            catch (TimeoutException)
            {
            }
        }
    }

    /// <summary>Every frame written so far and not read yet.</summary>
    public List<WireFrame> TakeWritten()
    {
        _written.AddRange(Transport.Inner.TakeOutput());
        return Wire.Parse(_written.ToArray(), ref _offset);
    }

    /// <summary>A PING and its ACK: everything the session wrote before the ACK is returned.</summary>
    public Task<List<WireFrame>> SyncAsync(ulong marker = 0x5359_4E43)
    {
        Send(Wire.Ping(marker));
        return ReadUntilAsync(f => f.Type == WireFrame.Ping && f.Has(Wire.Ack));
    }

    /// <summary>Disposes the session off the test thread (a broken session may hold its lock) and waits for its end, bounded.</summary>
    public async Task EndAsync()
    {
        await Task.Run(async () => await Session.DisposeAsync().ConfigureAwait(false)).Within(Bound, what: "the session's disposal");
        await Run.Within(Bound, what: "the session's completion");
    }

    /// <summary>Runs <paramref name="action"/> off the test thread with a bounded join (a pending read may resume on it).</summary>
    public static void OffThread(string name, Action action) => Worker.Run(name, action);
}
