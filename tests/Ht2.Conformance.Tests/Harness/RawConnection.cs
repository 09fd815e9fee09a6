using System;
using System.Collections.Generic;
using System.Buffers.Binary;
using System.IO;
using System.Linq;
using System.Net;
using System.Net.Sockets;
using System.Threading;
using System.Threading.Tasks;

namespace Ht2.Conformance.Tests.Harness;

/// <summary>What a judge says about one arrival (a frame, or null for the connection closing).</summary>
public enum Verdict
{
    /// <summary>Unrelated: keep waiting.</summary>
    Wait,

    /// <summary>The awaited reaction.</summary>
    Match,

    /// <summary>A reaction that rules the awaited one out: fail at once.</summary>
    Fail,
}

/// <summary>
/// A raw HTTP/2 client over any <see cref="Stream"/> (a NetworkStream here; TLS can wrap the same): writes
/// hand-built bytes, reads frames with <see cref="FrameParser"/>, and waits for reactions with a bounded deadline.
/// Server SETTINGS and PING that arrive while waiting are acknowledged, as a real client would.
/// </summary>
public sealed partial class RawConnection : IAsyncDisposable
{
    /// <summary>The client connection preface (RFC 9113 §3.4).</summary>
    public static readonly byte[] Preface = "PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n"u8.ToArray();

    /// <summary>How long one expectation may wait before the test fails.</summary>
    public static readonly TimeSpan Deadline = TimeSpan.FromSeconds(5);

    private readonly Socket? _socket;
    private readonly Stream _stream;
    private readonly FrameParser _parser;
    /// <summary>How many arrivals a failure message lists (the last ones; floods can bring many thousands).</summary>
    private const int ArrivalsShown = 40;

    /// <summary>
    /// The most frames (and payload bytes) kept for later expectations on their stream; the oldest go first. Enough
    /// for every allowed stream's response to a test's requests, and small next to the defence memory bound.
    /// </summary>
    private const int PassedOverFrames = 4096;

    private const int PassedOverBytes = 1 << 20;

    private readonly List<string> _arrived = [];

    // Frames on a stream that arrived while an expectation for another stream (or for the connection) was waiting.
    // Streams are multiplexed (RFC 9113 §5): responses to several requests interleave, so the HEADERS of stream 3 can
    // arrive before the END_STREAM of stream 1. A later expectation on stream 3 reads these first, in arrival order.
    private readonly List<Frame> _passedOver = [];
    private int _passedOverBytes;

    // Whole writes only: the reader answers SETTINGS and PING while a test may be writing a flood.
    private readonly SemaphoreSlim _writeLock = new(1, 1);
    private int _arrivedCount;
    private bool _closed;

    // Set when a write did not finish in time: its bytes may still go out, so nothing may be written after them.
    private bool _writeStalled;

    public RawConnection(Stream stream, Socket? socket = null)
    {
        _stream = stream;
        _socket = socket;
        _parser = new FrameParser(stream);
    }

    /// <summary>How long each expectation on this connection may wait (<see cref="Deadline"/> unless a test needs longer).</summary>
    public TimeSpan ExpectationDeadline { get; set; } = Deadline;

    /// <summary>
    /// Whether the server's SETTINGS are acknowledged as they arrive (true, like any client); false for cases about
    /// a client that never acknowledges, or that must not write anything after a partial preface.
    /// </summary>
    public bool AcknowledgesSettings { get; set; } = true;

    /// <summary>The server's settings as received so far (identifier → value).</summary>
    public Dictionary<ushort, uint> ServerSettings { get; } = [];

    /// <summary>The server's SETTINGS_MAX_FRAME_SIZE (16384 unless it sent another).</summary>
    public int ServerMaxFrameSize => (int)ServerSettings.GetValueOrDefault(SettingId.MaxFrameSize, 16_384u);

    /// <summary>Connects a TCP socket to the loopback port; no bytes are sent.</summary>
    public static async Task<RawConnection> ConnectAsync(int port)
    {
        Socket socket = new(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        try
        {
            await socket.ConnectAsync(new IPEndPoint(IPAddress.Loopback, port)).Within(Deadline).ConfigureAwait(false);
        }
        catch
        {
            socket.Dispose();
            throw;
        }

        return new RawConnection(new NetworkStream(socket, ownsSocket: true), socket);
    }

    /// <summary>
    /// Connects, then runs a TLS handshake offering only "h2" through ALPN (any server certificate accepted: the
    /// servers are self-signed) and checks that h2 was selected; no HTTP/2 bytes are sent.
    /// </summary>
    public static async Task<RawConnection> ConnectTlsAsync(int port)
    {
        RawConnection plain = await ConnectAsync(port).ConfigureAwait(false);
        System.Net.Security.SslStream tls = new(plain._stream, leaveInnerStreamOpen: false);
        try
        {
            await tls.AuthenticateAsClientAsync(new System.Net.Security.SslClientAuthenticationOptions
            {
                TargetHost = "localhost",
                ApplicationProtocols = [System.Net.Security.SslApplicationProtocol.Http2],
                RemoteCertificateValidationCallback = static (_, _, _, _) => true,
            }).Within(Deadline).ConfigureAwait(false);
            Assert.Equal(System.Net.Security.SslApplicationProtocol.Http2, tls.NegotiatedApplicationProtocol);
        }
        catch
        {
            await tls.DisposeAsync().ConfigureAwait(false);
            throw;
        }

        return new RawConnection(tls, plain._socket);
    }

    /// <summary>Connects and completes the handshake (<see cref="HandshakeAsync"/>) with the given client settings.</summary>
    public static Task<RawConnection> OpenAsync(int port, params (ushort Id, uint Value)[] settings) => OpenAsync(ConnectAsync(port), settings);

    /// <summary>Completes the handshake (<see cref="HandshakeAsync"/>) on a connection made by <paramref name="connecting"/>.</summary>
    public static async Task<RawConnection> OpenAsync(Task<RawConnection> connecting, params (ushort Id, uint Value)[] settings)
    {
        RawConnection connection = await connecting.ConfigureAwait(false);
        try
        {
            await connection.HandshakeAsync(settings).ConfigureAwait(false);
        }
        catch
        {
            await connection.DisposeAsync().ConfigureAwait(false);
            throw;
        }

        return connection;
    }

    /// <summary>
    /// Sends the preface and our SETTINGS, then waits until the server's SETTINGS has arrived (and was acknowledged)
    /// and the server acknowledged ours.
    /// </summary>
    public async Task HandshakeAsync(params (ushort Id, uint Value)[] settings)
    {
        await SendAsync(Preface, Frames.Settings(settings)).ConfigureAwait(false);
        bool serverSettings = false;
        bool ourAck = false;
        await AwaitAsync("the server's SETTINGS and the ACK of ours", frame =>
        {
            if (frame is null || frame.Type == FrameKind.GoAway)
            {
                return Verdict.Fail;
            }

            if (frame.Type == FrameKind.Settings)
            {
                if (frame.Has(FrameFlag.Ack))
                {
                    ourAck = true;
                }
                else
                {
                    serverSettings = true;
                }
            }

            return serverSettings && ourAck ? Verdict.Match : Verdict.Wait;
        }).ConfigureAwait(false);
    }

    /// <summary>Writes the frames (or any bytes) in one write, in order.</summary>
    public async Task SendAsync(params byte[][] pieces) => await TrySendAsync(pieces.SelectMany(p => p).ToArray()).ConfigureAwait(false);

    /// <summary>
    /// Writes the bytes in one write; false when the server has closed, or has not taken them within
    /// <see cref="Deadline"/> (it stopped reading). The expectation that follows reports what the server did.
    /// </summary>
    public async Task<bool> TrySendAsync(byte[] bytes)
    {
        // A write the server does not take is an outcome here, not a failed wait: the breaker shortens it, never trips.
        if (!await _writeLock.WaitAsync(WaitBreaker.Bound(Deadline)).ConfigureAwait(false))
        {
            return false;
        }

        try
        {
            if (_writeStalled)
            {
                return false;
            }

            await _stream.WriteAsync(bytes).AsTask().WaitAsync(WaitBreaker.Bound(Deadline)).ConfigureAwait(false);
            return true;
        }
        catch (TimeoutException)
        {
            _writeStalled = true;
            return false;
        }
        catch (Exception e) when (e is IOException or ObjectDisposedException)
        {
            return false;
        }
        finally
        {
            _writeLock.Release();
        }
    }

    /// <summary>
    /// Reads until <paramref name="judge"/> says Match (returns that frame; null when the match is the close) or
    /// Fail, or until <see cref="Deadline"/>; the test fails with what was awaited and everything that arrived.
    /// With <paramref name="streamId"/>, the expectation is about that stream: its frames that earlier expectations
    /// passed over are judged first, and every frame of the stream it judges is used up. Frames of other streams it
    /// passes over stay for later expectations.
    /// </summary>
    public async Task<Frame?> AwaitAsync(string what, Func<Frame?, Verdict> judge, uint? streamId = null)
    {
        TimeSpan bound = WaitBreaker.Bound(ExpectationDeadline);
        using CancellationTokenSource deadline = new(bound);
        _arrived.Clear();
        _arrivedCount = 0;
        if (streamId is uint id)
        {
            for (int i = 0; i < _passedOver.Count;)
            {
                Frame earlier = _passedOver[i];
                if (earlier.StreamId != id)
                {
                    i++;
                    continue;
                }

                _passedOver.RemoveAt(i);
                _passedOverBytes -= earlier.Payload.Length;
                if (Judge(what, judge, earlier))
                {
                    return earlier;
                }
            }
        }

        while (true)
        {
            Frame? frame;
            if (_closed)
            {
                frame = null;
            }
            else
            {
                try
                {
                    frame = await _parser.ReadAsync(deadline.Token).ConfigureAwait(false);
                }
                catch (OperationCanceledException)
                {
                    Assert.Fail($"Timed out: {WaitBreaker.RanOut(what, bound)} Arrived: {Arrived()}.");
                    return null;
                }
            }

            if (frame is null)
            {
                _closed = true;
            }
            else
            {
                await AnswerAsync(frame).ConfigureAwait(false);
            }

            if (Judge(what, judge, frame))
            {
                return frame;
            }

            if (frame!.StreamId != 0 && frame.StreamId != streamId)
            {
                PassOver(frame);
            }
        }
    }

    public async ValueTask DisposeAsync()
    {
        _socket?.Dispose();
        _writeLock.Dispose();
        await _stream.DisposeAsync().ConfigureAwait(false);
    }

    /// <summary>Records the arrival and judges it: true on Match; fails the test on Fail or on an unexpected close.</summary>
    private bool Judge(string what, Func<Frame?, Verdict> judge, Frame? frame)
    {
        _arrivedCount++;
        if (_arrived.Count == ArrivalsShown)
        {
            _arrived.RemoveAt(0);
        }

        _arrived.Add(frame?.ToString() ?? "close");
        switch (judge(frame))
        {
            case Verdict.Match:
                return true;
            case Verdict.Fail:
                Assert.Fail($"Awaited {what}; arrived: {Arrived()}.");
                return false;
            default:
                if (frame is null)
                {
                    Assert.Fail($"Awaited {what}, but the connection closed; arrived: {Arrived()}.");
                }

                return false;
        }
    }

    /// <summary>Keeps a frame of another stream for a later expectation on it, within the bounds above.</summary>
    private void PassOver(Frame frame)
    {
        _passedOver.Add(frame);
        _passedOverBytes += frame.Payload.Length;
        while (_passedOver.Count > PassedOverFrames || _passedOverBytes > PassedOverBytes)
        {
            _passedOverBytes -= _passedOver[0].Payload.Length;
            _passedOver.RemoveAt(0);
        }
    }

    private string Arrived() =>
        _arrivedCount == 0 ? "nothing"
        : _arrivedCount > _arrived.Count ? $"{_arrivedCount} frames, the last {_arrived.Count}: {string.Join(", ", _arrived)}"
        : string.Join(", ", _arrived);

    /// <summary>What any client does with the server's SETTINGS and PING: acknowledge them.</summary>
    private async Task AnswerAsync(Frame frame)
    {
        if (frame.Type == FrameKind.Settings && !frame.Has(FrameFlag.Ack) && frame.StreamId == 0)
        {
            for (int i = 0; i + 6 <= frame.Payload.Length; i += 6)
            {
                ServerSettings[BinaryPrimitives.ReadUInt16BigEndian(frame.Payload.AsSpan(i))] = BinaryPrimitives.ReadUInt32BigEndian(frame.Payload.AsSpan(i + 2));
            }

            if (AcknowledgesSettings)
            {
                await SendAsync(Frames.SettingsAck()).ConfigureAwait(false);
            }
        }
        else if (frame.Type == FrameKind.Ping && !frame.Has(FrameFlag.Ack) && frame.Payload.Length == 8)
        {
            await SendAsync(Frames.Ping(frame.Payload, ack: true)).ConfigureAwait(false);
        }
    }
}
