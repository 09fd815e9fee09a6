using System;
using System.Threading;
using System.Threading.Tasks;

namespace Ht2.H2cServer;

// Responses: one task per stream, started from the read loop and never awaited by it.
internal sealed partial class ServerConnection
{
    private void StartResponse(RequestStream stream)
    {
        lock (_streams)
        {
            if (stream.Responding)
            {
                return;
            }

            stream.Responding = true;
        }

        Interlocked.Increment(ref _responsesInFlight);
        _ = RespondAsync(stream);
    }

    private async Task RespondAsync(RequestStream stream)
    {
        try
        {
            bool noBody = _response.Body.Length == 0;
            await _connection.SendHeadersAsync(stream.Id, _response.HeaderBlock, endStream: noBody).ConfigureAwait(false);
            if (!noBody)
            {
                await _body.SendAsync(stream.Id, _response.Body, stream.Cancel.Token).ConfigureAwait(false);
            }
        }
        catch (Exception e) when (IsTransportFailure(e))
        {
            // Reset by the client, or the connection is closing.
        }
        catch (Exception e)
        {
            Console.Error.WriteLine($"h2c server: response on stream {stream.Id} failed: {e}");
        }
        finally
        {
            FinishResponse(stream);
        }
    }

    private void FinishResponse(RequestStream stream)
    {
        lock (_streams)
        {
            stream.ResponseDone = true;
            if (stream.RequestEnded)
            {
                _streams.Remove(stream.Id);
            }
        }

        _connection.ForgetStream(stream.Id);
        if (Interlocked.Decrement(ref _responsesInFlight) == 0)
        {
            Volatile.Read(ref _drained)?.TrySetResult();
        }
    }
}
