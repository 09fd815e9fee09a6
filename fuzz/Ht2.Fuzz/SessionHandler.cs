using System;
using System.Threading;

namespace Ht2.Fuzz;

/// <summary>
/// The application side of the session target: a server answers every request with 200 and a short body, a client
/// only records; both count events so the target can bound the work done per input byte.
/// </summary>
public sealed class SessionHandler : Ht2SessionHandler
{
    private static readonly Ht2Field[] Response = [new(":status"u8.ToArray(), "200"u8.ToArray())];
    private static readonly ReadOnlyMemory<byte> ShortBody = "ok"u8.ToArray();

    // Larger than the initial stream and connection windows (65,535): the rest waits for the peer's WINDOW_UPDATEs.
    private static readonly ReadOnlyMemory<byte> LongBody = new byte[70_000];
    private readonly ReadOnlyMemory<byte> _body;
    private readonly bool _consumeByHand;
    private int _events;
    private int _requests;

    /// <summary>Creates the handler.</summary>
    /// <param name="longBody">Answer with a 70,000-byte body (flow control on the send side) instead of 2 bytes.</param>
    /// <param name="consumeByHand">Give DATA credit back from <see cref="OnData"/> (the session does not consume on receive).</param>
    public SessionHandler(bool longBody, bool consumeByHand)
    {
        _body = longBody ? LongBody : ShortBody;
        _consumeByHand = consumeByHand;
    }

    /// <summary>Requests answered so far.</summary>
    public int Requests => Volatile.Read(ref _requests);

    /// <summary>The body length of every answer.</summary>
    public int BodyLength => _body.Length;

    /// <summary>Handler calls so far.</summary>
    public int Events => Volatile.Read(ref _events);

    /// <summary>
    /// An exception the answer to a fresh request must never meet (its side of the stream cannot have ended yet).
    /// An <see cref="ArgumentException"/> is legitimate (the peer's SETTINGS_MAX_HEADER_LIST_SIZE can be below the
    /// response's size) and goes to the session, which resets the stream: that path is fuzzed too.
    /// </summary>
    public Exception? Unexpected { get; private set; }

    /// <inheritdoc />
    public override void OnRequest(Ht2Stream stream, Ht2Headers headers, bool endStream)
    {
        Interlocked.Increment(ref _events);
        Interlocked.Increment(ref _requests);
        try
        {
            stream.SendHeaders(Response, endStream: false);
            _ = stream.SendDataAsync(_body, endStream: true);
        }
        catch (InvalidOperationException e)
        {
            Unexpected ??= e;
            throw;
        }
    }

    /// <inheritdoc />
    public override void OnResponse(Ht2Stream stream, Ht2Headers headers, bool endStream) => Interlocked.Increment(ref _events);

    /// <inheritdoc />
    public override void OnData(Ht2Stream stream, ReadOnlySpan<byte> data, bool endStream)
    {
        Interlocked.Increment(ref _events);
        if (_consumeByHand)
        {
            stream.ConsumeData(data.Length);
        }
    }

    /// <inheritdoc />
    public override void OnTrailers(Ht2Stream stream, Ht2Headers trailers) => Interlocked.Increment(ref _events);

    /// <inheritdoc />
    public override void OnReset(Ht2Stream stream, Http2ErrorCode errorCode)
    {
        Interlocked.Increment(ref _events);
        stream.Release();
    }

    /// <inheritdoc />
    public override void OnGoAway(uint lastStreamId, Http2ErrorCode errorCode, ReadOnlySpan<byte> debugData) => Interlocked.Increment(ref _events);

    /// <inheritdoc />
    public override void OnSettings(in Ht2PeerSettings settings) => Interlocked.Increment(ref _events);

    /// <inheritdoc />
    public override void OnPing(ulong opaqueData, bool ack) => Interlocked.Increment(ref _events);
}
