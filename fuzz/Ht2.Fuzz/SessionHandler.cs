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
    private static readonly ReadOnlyMemory<byte> Body = "ok"u8.ToArray();
    private int _events;

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
        try
        {
            stream.SendHeaders(Response, endStream: false);
            _ = stream.SendDataAsync(Body, endStream: true);
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
    public override void OnData(Ht2Stream stream, ReadOnlySpan<byte> data, bool endStream) => Interlocked.Increment(ref _events);

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
