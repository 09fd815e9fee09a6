using System;
using System.Threading;
using System.Threading.Tasks;

namespace Ht2.H2cServer;

/// <summary>
/// Sends response bodies as DATA, never more than both send windows allow, and waits for credit with a token the
/// client's RST_STREAM can cancel.
/// </summary>
/// <remarks>
/// <para>Why not just SendDataFramesAsync(…, token): its token also reaches the socket write, and a write cancelled
/// half-way leaves a truncated frame on the wire that corrupts the connection for every other stream. So the token
/// only ever cancels the waits here (the lock and <see cref="CreditSignal"/>), and each send is given exactly what
/// the windows hold, so SendDataAsync never waits itself.</para>
/// <para>Padding: SendDataFrames writes none, so PADDED frames are built here. RFC 9113 §6.9.1 counts the entire
/// DATA payload (pad length octet + data + padding) against flow control; SendFrame reserves exactly
/// DataFrame.GetPayloadLength, and this sizes each frame so that the whole payload fits the windows and the peer's
/// SETTINGS_MAX_FRAME_SIZE.</para>
/// <para>One lock per connection makes "look at the windows, then send" atomic among this connection's body
/// senders (nothing else sends DATA there), so a reservation never fails. A sender that finds no room releases the
/// lock and waits for the read loop's signal: the read loop itself never waits for credit.</para>
/// </remarks>
internal sealed class BodySender
{
    private readonly Ht2Connection _connection;
    private readonly CreditSignal _credit;
    private readonly SemaphoreSlim _lock = new(1, 1);
    private readonly int? _padLength;

    public BodySender(Ht2Connection connection, CreditSignal credit, int? padLength)
    {
        _connection = connection;
        _credit = credit;
        _padLength = padLength;
    }

    /// <summary>Sends <paramref name="body"/> with END_STREAM on the last frame (an empty body: one empty frame).</summary>
    /// <exception cref="OperationCanceledException">The stream was reset while waiting.</exception>
    public async Task SendAsync(uint streamId, ReadOnlyMemory<byte> body, CancellationToken cancellationToken)
    {
        int offset = 0;
        bool ended = false;
        int overhead = _padLength is int pad ? 1 + pad : 0;
        while (!ended)
        {
            Task credit = _credit.Next;
            bool sent = false;
            await _lock.WaitAsync(cancellationToken).ConfigureAwait(false);
            try
            {
                long window = Math.Min(_connection.ConnectionSendWindow, _connection.GetStreamSendWindow(streamId));
                int remaining = body.Length - offset;
                long room = (_padLength is null ? window : Math.Min(window, _connection.PeerMaxFrameSize)) - overhead;

                // An empty remainder still needs one frame to carry END_STREAM.
                if (room >= Math.Min(remaining, 1))
                {
                    int take = (int)Math.Min(remaining, room);
                    ended = take == remaining;
                    await SendPieceAsync(streamId, body.Slice(offset, take), ended).ConfigureAwait(false);
                    offset += take;
                    sent = true;
                }
            }
            finally
            {
                _lock.Release();
            }

            if (!sent)
            {
                await credit.WaitAsync(cancellationToken).ConfigureAwait(false);
            }
        }
    }

    private ValueTask SendPieceAsync(uint streamId, ReadOnlyMemory<byte> piece, bool endStream)
    {
        if (_padLength is not int pad)
        {
            // Fits the windows, so this splits at the peer's max frame size and goes out in one write.
            return _connection.SendDataAsync(streamId, piece, endStream, CancellationToken.None);
        }

        DataFrame frame = new()
        {
            StreamId = streamId,
            PadLength = (byte)pad,
            Flags = FrameFlags.Padded | (endStream ? FrameFlags.EndStream : FrameFlags.None),
        };
        return _connection.SendFrameAsync(frame, piece, CancellationToken.None);
    }
}
