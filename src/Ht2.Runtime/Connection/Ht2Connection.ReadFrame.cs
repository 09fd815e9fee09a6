using System;
using System.IO;
using System.Net.Sockets;
using System.Threading;
using System.Threading.Tasks;

namespace Ht2;

public sealed partial class Ht2Connection
{
    /// <summary>
    /// Reads the next frame. The length is checked against the LOCAL maximum frame size
    /// (<see cref="FrameReaderOptions.LocalMaxFrameSize"/>) as soon as its 9 header bytes are in, every RFC 9113
    /// single-frame rule and the header-block order (<see cref="HeaderBlockSequencer"/>) are enforced, and
    /// connection-level frames are applied before the frame is returned: SETTINGS (MAX_FRAME_SIZE for our sends,
    /// INITIAL_WINDOW_SIZE moving every stream window, HEADER_TABLE_SIZE and the rest recorded), WINDOW_UPDATE
    /// (credit for waiting DATA senders). With <see cref="Ht2ConnectionOptions.AutoAcknowledge"/>, SETTINGS and
    /// PING are acknowledged here too. Every frame is still returned to the caller, except a registered extension
    /// frame whose declared reaction is to ignore it (<see cref="FrameReadStatus.Ignored"/>), which is skipped.
    /// </summary>
    /// <returns>
    /// The frame, whose payload is a slice of a pooled receive buffer valid only until the next read; or
    /// <see cref="ReceivedFrame.EndOfStream"/> when the peer closed the connection between frames.
    /// </returns>
    /// <exception cref="Ht2ProtocolException">
    /// The frame breaks a rule, with its RFC 9113 code and scope. A connection error ends the connection: send
    /// <see cref="SendGoAway"/> with its code and close. After a stream error the frame is consumed and reading
    /// may go on (answer with RST_STREAM).
    /// </exception>
    /// <exception cref="IOException">The connection closed in the middle of a frame.</exception>
    public async ValueTask<ReceivedFrame> ReadFrameAsync(CancellationToken cancellationToken = default)
    {
        ThrowIfDisposed();
        _receive.Consume(_returnedLength);
        _returnedLength = 0;
        while (true)
        {
            if (_expectPreface && !TryConsumePreface())
            {
                if (!await FillAsync(_receive.Count + 1, cancellationToken).ConfigureAwait(false))
                {
                    throw new IOException("The connection closed before the client connection preface.");
                }

                continue;
            }

            FrameReadStatus status = TryReadBuffered(out FrameHeader header, out int needed, out FrameError error);
            if (status == FrameReadStatus.Complete)
            {
                Admit(header);
                ReceivedFrame frame = new(header, _receive.Memory.Slice(FrameHeader.Size, header.Length));
                _returnedLength = FrameHeader.Size + header.Length;
                await ApplyAsync(frame, cancellationToken).ConfigureAwait(false);
                return frame;
            }

            if (status == FrameReadStatus.Ignored)
            {
                // A registered extension frame whose declared reaction is "ignore": skipped, nothing sent, but it
                // still counts as a frame for the header-block order (any frame inside an open block is an error).
                _receive.Consume(FrameHeader.Size + header.Length);
                Admit(header);
                continue;
            }

            if (status == FrameReadStatus.Error)
            {
                if (error.Scope == ErrorScope.Stream)
                {
                    // The reader reported the frame's size: skip it so the connection can go on, unless the frame
                    // also breaks the connection-wide order.
                    _receive.Consume(FrameHeader.Size + header.Length);
                    Admit(header);
                }

                throw error.ToException();
            }

            if (!await FillAsync(needed, cancellationToken).ConfigureAwait(false))
            {
                if (_receive.Count == 0)
                {
                    return ReceivedFrame.EndOfStream;
                }

                throw new IOException("The connection closed in the middle of a frame.");
            }
        }
    }

    /// <summary>Runs the reader over the buffered bytes; on NeedMoreData says how many bytes the frame needs in total.</summary>
    private FrameReadStatus TryReadBuffered(out FrameHeader header, out int needed, out FrameError error)
    {
        ReadOnlySpan<byte> buffered = _receive.Span;
        FrameReadStatus status = FrameReader.TryReadFrame(buffered, _options.Reader, out header, out _, out _, out error);
        needed = status == FrameReadStatus.NeedMoreData && buffered.Length >= FrameHeader.Size
            ? FrameHeader.Size + header.Length
            : FrameHeader.Size;
        return status;
    }

    /// <summary>
    /// The rules every whole frame obeys whatever its own verdict (complete, ignored, stream error): the
    /// header-block order, and SETTINGS first after the client preface. Throws the connection error.
    /// </summary>
    private void Admit(in FrameHeader header)
    {
        FrameError error = _sequencer.TryAccept(header);
        if (error.IsError)
        {
            throw error.ToException();
        }

        if (_expectSettingsFirst)
        {
            error = ConnectionPreface.CheckFirstFrame(header);
            if (error.IsError)
            {
                throw error.ToException();
            }

            _expectSettingsFirst = false;
        }
    }

    /// <summary>Applies the connection-level meaning of a valid frame; throws the connection or stream error it causes.</summary>
    private async ValueTask ApplyAsync(ReceivedFrame frame, CancellationToken cancellationToken)
    {
        FrameHeader header = frame.Header;
        FrameError error;
        switch (header.Type)
        {
            case FrameType.Settings when !header.HasFlag(FrameFlags.Ack):
                _peer.Apply(frame.Payload.Span, _windows);
                if (_options.AutoAcknowledge)
                {
                    await AcknowledgeSettingsAsync(cancellationToken).ConfigureAwait(false);
                }

                break;

            case FrameType.Ping when !header.HasFlag(FrameFlags.Ack) && _options.AutoAcknowledge:
                PingFrame ping = frame.Parse<PingFrame>(out _);
                await SendFrameAsync(new PingFrame { OpaqueData = ping.OpaqueData, Flags = FrameFlags.Ack }, default, cancellationToken).ConfigureAwait(false);
                break;

            case FrameType.WindowUpdate:
                WindowUpdateFrame update = frame.Parse<WindowUpdateFrame>(out _);
                error = _windows.ApplyWindowUpdate(header.StreamId, update.WindowSizeIncrement);
                if (error.IsError)
                {
                    throw error.ToException();
                }

                break;
        }
    }

    /// <summary>Receives until at least <paramref name="needed"/> bytes are buffered; false at end of stream.</summary>
    private async ValueTask<bool> FillAsync(int needed, CancellationToken cancellationToken)
    {
        while (_receive.Count < needed)
        {
            int received = await _transport.ReadAsync(_receive.GetMemory(needed), cancellationToken).ConfigureAwait(false);
            if (received == 0)
            {
                return false;
            }

            _receive.Advance(received);
        }

        return true;
    }

    /// <summary>
    /// Acknowledges the peer's SETTINGS. RFC 9113 §3.4 makes our own SETTINGS the first frame we send, so when the
    /// caller has not sent one yet, an empty SETTINGS goes out first, in the same write as the ACK.
    /// </summary>
    private async ValueTask AcknowledgeSettingsAsync(CancellationToken cancellationToken)
        => await StageAndFlushAsync(default(SettingsAckStage), cancellationToken).ConfigureAwait(false);
}
