using System;
using System.Collections.Generic;
using System.Text;
using System.Threading.Tasks;

namespace Ht2.Tests.Session;

/// <summary>Records every handler event as text; optional hooks act on requests and responses.</summary>
internal sealed class RecordingHandler : IHt2SessionHandler
{
    private readonly List<string> _events = new();

    public Action<Ht2Stream, bool>? Request { get; set; }

    public Action<Ht2Stream>? Reset { get; set; }

    public List<(string Name, string Value)> LastHeaders { get; } = new();

    public List<string> Events
    {
        get
        {
            lock (_events)
            {
                return new List<string>(_events);
            }
        }
    }

    public void OnRequest(Ht2Stream stream, Ht2Headers headers, bool endStream)
    {
        Copy(headers);
        Add($"request {stream.Id} end={endStream}");
        Request?.Invoke(stream, endStream);
    }

    public void OnResponse(Ht2Stream stream, Ht2Headers headers, bool endStream)
    {
        Copy(headers);
        Add($"response {stream.Id} end={endStream}" + (stream.UserState is string state ? $" state={state}" : ""));
    }

    public void OnData(Ht2Stream stream, ReadOnlySpan<byte> data, bool endStream) => Add($"data {stream.Id} {data.Length} end={endStream}");

    public void OnTrailers(Ht2Stream stream, Ht2Headers trailers)
    {
        Copy(trailers);
        Add($"trailers {stream.Id}");
    }

    public void OnReset(Ht2Stream stream, Http2ErrorCode errorCode)
    {
        Add($"reset {stream.Id} {errorCode}");
        if (Reset is null)
        {
            stream.Release();
        }
        else
        {
            Reset(stream);
        }
    }

    public void OnGoAway(uint lastStreamId, Http2ErrorCode errorCode, ReadOnlySpan<byte> debugData) => Add($"goaway {lastStreamId} {errorCode}");

    public void OnSettings(in Ht2PeerSettings settings) => Add($"settings window={settings.InitialWindowSize}");

    public void OnPing(ulong opaqueData, bool ack) => Add($"ping {opaqueData} ack={ack}");

    private void Add(string text)
    {
        lock (_events)
        {
            _events.Add(text);
        }
    }

    private void Copy(Ht2Headers headers)
    {
        LastHeaders.Clear();
        for (int i = 0; i < headers.Count; i++)
        {
            LastHeaders.Add((Encoding.ASCII.GetString(headers.GetName(i)), Encoding.ASCII.GetString(headers.GetValue(i))));
        }
    }
}

/// <summary>A session over a <see cref="MemoryTransport"/> with fake time, and the peer's side of the conversation.</summary>
internal sealed class SessionHarness : IAsyncDisposable
{
    private static readonly TimeSpan Bound = TimeSpan.FromSeconds(10);
    private readonly List<byte> _written = new();
    private readonly Queue<WireFrame> _frames = new();
    private int _offset;

    private SessionHarness(Ht2SessionRole role, Ht2SessionOptions? options, IHt2SessionHandler? handler = null)
    {
        Session = new Ht2Session(Transport, role, handler ?? Handler, options, Time);
    }

    public MemoryTransport Transport { get; } = new();

    public FakeTime Time { get; } = new();

    public RecordingHandler Handler { get; } = new();

    public Ht2Session Session { get; }

    public Task Run { get; private set; } = Task.CompletedTask;

    /// <summary>Starts a server session; with <paramref name="handshake"/>, exchanges prefaces and SETTINGS (both acknowledged).</summary>
    public static async Task<SessionHarness> StartServerAsync(Ht2SessionOptions? options = null, bool handshake = true, Action<RecordingHandler>? setup = null, IHt2SessionHandler? handler = null)
    {
        SessionHarness harness = new(Ht2SessionRole.Server, options, handler);
        setup?.Invoke(harness.Handler);
        harness.Run = harness.Session.RunAsync();
        if (handshake)
        {
            harness.Send(Wire.Concat(Wire.Preface, Wire.Settings()));
            WireFrame settings = await harness.NextFrameAsync();
            Assert.Equal(WireFrame.Settings, settings.Type);
            Assert.False(settings.Has(Wire.Ack));
            await harness.ExpectAsync(WireFrame.Settings);
            harness.Send(Wire.SettingsAck);
        }

        return harness;
    }

    /// <summary>
    /// Starts a server session, sends one request on stream 1 (a GET that ends the stream, or a POST that leaves it
    /// open) and returns the handle the session handed to OnRequest; resets are recorded nowhere.
    /// </summary>
    public static async Task<(SessionHarness Harness, Ht2Stream Stream)> StartServerWithRequestAsync(Ht2SessionOptions? options = null, bool endStream = true)
    {
        Ht2Stream? request = null;
        SessionHarness h = await StartServerAsync(options, setup: handler =>
        {
            handler.Request = (stream, ended) => request = stream;
            handler.Reset = stream => { };
        });
        h.Send(Wire.Headers(1, endStream ? Wire.GetBlock : Wire.PostBlock, endStream));
        await h.SyncAsync();
        return (h, request!);
    }

    /// <summary>Starts a client session and answers its preface with the server's empty SETTINGS and an ACK.</summary>
    public static async Task<SessionHarness> StartClientAsync(Ht2SessionOptions? options = null, IHt2SessionHandler? handler = null)
    {
        SessionHarness harness = new(Ht2SessionRole.Client, options, handler);
        harness.Run = harness.Session.RunAsync();
        WireFrame settings = await harness.NextFrameAsync();
        Assert.Equal(WireFrame.Settings, settings.Type);
        harness.Send(Wire.Concat(Wire.Settings(), Wire.SettingsAck));
        await harness.ExpectAsync(WireFrame.Settings);
        return harness;
    }

    public void Send(byte[] bytes) => Transport.Send(bytes);

    /// <summary>The next frame the session wrote; fails after a bounded wait.</summary>
    public Task<WireFrame> NextFrameAsync() => NextFrameAsync(WaitDeadline.Start(Bound));

    /// <summary>
    /// The next frame, failing once <paramref name="giveUp"/> has passed even while frames keep coming: the loops
    /// that skip frames share one deadline, so a session that writes for ever cannot keep them going.
    /// </summary>
    private async Task<WireFrame> NextFrameAsync(WaitDeadline giveUp)
    {
        while (true)
        {
            giveUp.Check("the expected frame");
            if (_frames.TryDequeue(out WireFrame frame))
            {
                return frame;
            }

            _written.AddRange(Transport.TakeOutput());
            foreach (WireFrame parsed in Wire.Parse(_written.ToArray(), ref _offset))
            {
                _frames.Enqueue(parsed);
            }

            if (_frames.Count > 0)
            {
                continue;
            }

            Assert.False(Transport.IsClosed, "The transport closed before the expected frame.");
            try
            {
                await Transport.OutputArrived.WaitAsync(TimeSpan.FromMilliseconds(200));
            }
            catch (TimeoutException)
            {
            }
        }
    }

    /// <summary>Skips frames until one of <paramref name="type"/> (never past a GOAWAY when another type is expected).</summary>
    public async Task<WireFrame> ExpectAsync(byte type)
    {
        WaitDeadline giveUp = WaitDeadline.Start(Bound);
        while (true)
        {
            WireFrame frame = await NextFrameAsync(giveUp);
            if (frame.Type == type)
            {
                return frame;
            }

            if (frame.Type == WireFrame.GoAway)
            {
                Assert.Fail($"GOAWAY (code {frame.ErrorCode}) while waiting for frame type {type}.");
            }
        }
    }

    /// <summary>Expects GOAWAY with <paramref name="code"/>, then our side shut down (the close follows the linger).</summary>
    public async Task<WireFrame> ExpectGoAwayAsync(Http2ErrorCode code)
    {
        WireFrame goAway = await ExpectAsync(WireFrame.GoAway);
        Assert.Equal((uint)code, goAway.ErrorCode);
        await Transport.OutputShutDown.Within(Bound);
        Time.Advance(TimeSpan.FromSeconds(5));
        await Transport.Closed.Within(Bound);
        return goAway;
    }

    /// <summary>Every frame not read yet once the session has shut its output down (nothing can follow them).</summary>
    public async Task<List<WireFrame>> ReadRestAsync()
    {
        await Transport.OutputShutDown.Within(Bound);
        _written.AddRange(Transport.TakeOutput());
        List<WireFrame> rest = new(_frames);
        _frames.Clear();
        rest.AddRange(Wire.Parse(_written.ToArray(), ref _offset));
        return rest;
    }

    /// <summary>Expects RST_STREAM on <paramref name="streamId"/> with <paramref name="code"/>.</summary>
    public async Task ExpectResetAsync(uint streamId, Http2ErrorCode code)
    {
        WireFrame reset = await ExpectAsync(WireFrame.RstStream);
        Assert.Equal(streamId, reset.StreamId);
        Assert.Equal((uint)code, reset.ErrorCode);
    }

    /// <summary>
    /// Reads frames until the DATA frames among them carry <paramref name="bytes"/> bytes in all. The engine stages
    /// DATA after the control frames of the same write, so a PING ACK may overtake DATA queued before it: tests
    /// that count DATA wait for the bytes themselves, bounded like every read.
    /// </summary>
    public async Task<List<WireFrame>> ReadDataAsync(int bytes)
    {
        List<WireFrame> frames = new();
        int total = 0;
        WaitDeadline giveUp = WaitDeadline.Start(Bound);
        while (total < bytes)
        {
            WireFrame frame = await NextFrameAsync(giveUp);
            frames.Add(frame);
            if (frame.Type == WireFrame.Data)
            {
                total += frame.Length;
            }
        }

        Assert.Equal(bytes, total);
        return frames;
    }

    /// <summary>Sends a PING and waits for its ACK: everything the session wrote before it is then in the queue.</summary>
    public async Task<List<WireFrame>> SyncAsync(ulong marker = 0x5359_4E43)
    {
        Send(Wire.Ping(marker));
        List<WireFrame> before = new();
        WaitDeadline giveUp = WaitDeadline.Start(Bound);
        while (true)
        {
            WireFrame frame = await NextFrameAsync(giveUp);
            if (frame.Type == WireFrame.Ping && frame.Has(Wire.Ack))
            {
                return before;
            }

            before.Add(frame);
        }
    }

    public async ValueTask DisposeAsync()
    {
        Transport.Close();
        await Session.Completion.Within(Bound);
    }
}
