using System;

namespace Ht2.H2cServer;

/// <summary>
/// Answers every request at once with the shared template: HEADERS then the body as DATA (padded when asked). The
/// request body, if any, is read and dropped; the session returns its flow-control credit.
/// </summary>
internal sealed class Responder(ResponseTemplate response, int? padding) : IHt2SessionHandler
{
    public void OnRequest(Ht2Stream stream, Ht2Headers headers, bool endStream)
    {
        bool noBody = response.Body.Length == 0;
        stream.SendHeaderBlock(response.HeaderBlock, endStream: noBody);
        if (!noBody)
        {
            // Completes when the body is written (or fails if the client resets the stream); nothing waits for it.
            _ = stream.SendDataAsync(response.Body, endStream: true, padding);
        }
    }

    public void OnReset(Ht2Stream stream, Http2ErrorCode errorCode) => stream.Release();

    public void OnResponse(Ht2Stream stream, Ht2Headers headers, bool endStream)
    {
    }

    public void OnData(Ht2Stream stream, ReadOnlySpan<byte> data, bool endStream)
    {
    }

    public void OnTrailers(Ht2Stream stream, Ht2Headers trailers)
    {
    }

    public void OnGoAway(uint lastStreamId, Http2ErrorCode errorCode, ReadOnlySpan<byte> debugData)
    {
    }

    public void OnSettings(in Ht2PeerSettings settings)
    {
    }

    public void OnPing(ulong opaqueData, bool ack)
    {
    }
}
