using System;
using System.Collections.Generic;
using System.Net.Sockets;
using System.Text;
using System.Threading;
using System.Threading.Tasks;
using Ht2.Samples;

namespace Ht2.H2cServer;

/// <summary>
/// One accepted connection: a single read loop that applies every frame and dispatches; responses run as tasks so
/// the loop keeps reading (WINDOW_UPDATE above all) while they wait for credit. A connection error ends in GOAWAY
/// with its RFC 9113 code, a stream error in RST_STREAM; either way only this connection is affected.
/// </summary>
internal sealed partial class ServerConnection
{
    private readonly Socket _socket;
    private readonly Ht2Connection _connection;
    private readonly H2cServerOptions _options;
    private readonly ResponseTemplate _response;
    private readonly BodySender _body;
    private readonly CreditSignal _credit = new();
    private readonly HpackDecoder _decoder = new();
    private readonly HeaderBlockBuffer _block = new();
    private readonly Dictionary<uint, RequestStream> _streams = new();
    private int _responsesInFlight;
    private TaskCompletionSource? _drained;

    public ServerConnection(Socket socket, H2cServerOptions options, ResponseTemplate response)
    {
        _socket = socket;
        _options = options;
        _response = response;
        _connection = new Ht2Connection(socket);
        _body = new BodySender(_connection, _credit, options.Padding);
    }

    /// <summary>Serves the connection until the peer closes it or an error ends it; never throws.</summary>
    public async Task RunAsync()
    {
        try
        {
            // The server preface (SETTINGS) must be our first frame, so it goes out before the client's SETTINGS is
            // read and auto-acknowledged.
            SendPreface();
            await _connection.ReadClientPrefaceAsync().ConfigureAwait(false);
            await ReadLoopAsync().ConfigureAwait(false);
        }
        catch (Ht2ProtocolException e) when (e.IsConnectionError)
        {
            TrySendGoAway(e.ErrorCode, e.Reason);
        }
        catch (Exception e) when (IsTransportFailure(e))
        {
            // The peer went away; nothing to tell it.
        }
        catch (Exception e)
        {
            Console.Error.WriteLine($"h2c server: connection failed: {e}");
            TrySendGoAway(Http2ErrorCode.InternalError, "internal error");
        }
        finally
        {
            await CloseAsync().ConfigureAwait(false);
        }
    }

    private void SendPreface()
    {
        ReadOnlySpan<SettingsEntry> settings =
        [
            new SettingsEntry(SettingsParameter.MaxConcurrentStreams, (uint)_options.MaxConcurrentStreams),
            new SettingsEntry(SettingsParameter.InitialWindowSize, (uint)_options.ReceiveWindow),
        ];
        _connection.SendSettings(settings);

        // SETTINGS cannot enlarge the connection window (65535); only WINDOW_UPDATE on stream 0 can.
        if (_options.ReceiveWindow > 65_535)
        {
            _connection.SendWindowUpdate(0, (uint)(_options.ReceiveWindow - 65_535));
        }
    }

    private async Task ReadLoopAsync()
    {
        while (true)
        {
            try
            {
                ReceivedFrame frame = await _connection.ReadFrameAsync().ConfigureAwait(false);
                if (frame.IsEndOfStream)
                {
                    return;
                }

                await HandleAsync(frame).ConfigureAwait(false);
            }
            catch (Ht2ProtocolException e) when (!e.IsConnectionError)
            {
                // A stream error: reset that stream, keep the connection.
                ResetStream(e.StreamId, e.ErrorCode);
            }
        }
    }

    private void TrySendGoAway(Http2ErrorCode code, string reason)
    {
        try
        {
            uint last;
            lock (_streams)
            {
                last = _lastStreamId;
            }

            _connection.SendGoAway(last, code, Encoding.UTF8.GetBytes(reason));
        }
        catch (Exception e) when (IsTransportFailure(e))
        {
        }
    }

    private async Task CloseAsync()
    {
        // Stop the responses first (they only wait for credit or the lock, which the token cancels), then drop
        // the socket so any write still pending fails fast, then release the connection's buffers.
        lock (_streams)
        {
            foreach (RequestStream stream in _streams.Values)
            {
                stream.Cancel.Cancel();
            }
        }

        try
        {
            _socket.Shutdown(SocketShutdown.Both);
        }
        catch (Exception e) when (IsTransportFailure(e))
        {
        }

        TaskCompletionSource drained = new(TaskCreationOptions.RunContinuationsAsynchronously);
        Volatile.Write(ref _drained, drained);
        if (Volatile.Read(ref _responsesInFlight) == 0)
        {
            drained.TrySetResult();
        }

        await drained.Task.ConfigureAwait(false);
        _connection.Dispose();
        _socket.Dispose();
    }

    private static bool IsTransportFailure(Exception e) =>
        e is System.IO.IOException or SocketException or ObjectDisposedException or OperationCanceledException;
}
