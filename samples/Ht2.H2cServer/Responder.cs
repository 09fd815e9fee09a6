namespace Ht2.H2cServer;

/// <summary>
/// Answers every request at once with the shared template: HEADERS then the body as DATA (padded when asked). A
/// request body, if any, is dropped; the session returns its flow-control credit.
/// </summary>
internal sealed class Responder(ResponseTemplate response, int? padding) : Ht2SessionHandler
{
    public override void OnRequest(Ht2Stream stream, Ht2Headers headers, bool endStream)
    {
        bool noBody = response.Body.Length == 0;
        stream.SendHeaderBlock(response.HeaderBlock, endStream: noBody);
        if (!noBody)
        {
            // Completes when the body is written (or fails if the client resets the stream); nothing waits for it.
            _ = stream.SendDataAsync(response.Body, endStream: true, padding);
        }
    }
}
