using System.Threading;

namespace Ht2.H2cServer;

/// <summary>
/// One open stream: it lives from the request's HEADERS until both the request has ended (END_STREAM received)
/// and the response is done, or until either side resets it.
/// </summary>
internal sealed class RequestStream
{
    public RequestStream(uint id) => Id = id;

    public uint Id { get; }

    /// <summary>The client sent END_STREAM: more DATA or HEADERS on this stream is a STREAM_CLOSED error.</summary>
    public bool RequestEnded { get; set; }

    /// <summary>A response task was started.</summary>
    public bool Responding { get; set; }

    /// <summary>The response task finished (it ran to the end, or failed).</summary>
    public bool ResponseDone { get; set; }

    /// <summary>Cancels the response when the client resets the stream or the connection ends.</summary>
    public CancellationTokenSource Cancel { get; } = new();
}
