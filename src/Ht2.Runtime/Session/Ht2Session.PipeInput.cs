using System;
using System.Buffers;
using System.IO.Pipelines;
using System.Threading;
using System.Threading.Tasks;

namespace Ht2;

// The read loop of a pipe transport: frames are read where the PipeReader holds them (FrameReader over the
// ReadOnlySequence); only a payload that straddles the pipe's segments is gathered, once, into one pooled buffer.
public sealed partial class Ht2Session
{
    private async Task PipeReadLoopAsync(PipeTransport pipe)
    {
        await OffTheCallersThread();

        // Room for one payload of our SETTINGS_MAX_FRAME_SIZE (the reader refuses a longer one before it is buffered).
        ReceiveBuffer gather = new(BufferPool.Shared, _options.MaxFrameSize);
        try
        {
            while (true)
            {
                ReadResult result = await pipe.ReadBufferedAsync(CancellationToken.None).ConfigureAwait(false);
                ReadOnlySequence<byte> buffered = pipe.Checked(result).Buffer;
                SequencePosition consumed;
                bool stop;
                lock (_sync)
                {
                    _lastReceiveAt = _time.GetTimestamp();

                    // After our final GOAWAY the peer's bytes are drained unread, so the close is a FIN, not a reset.
                    consumed = _phase >= SessionPhase.Closing ? buffered.End : ProcessInput(buffered, gather);
                    if (result.IsCompleted)
                    {
                        OnPeerClosed();
                    }

                    stop = result.IsCompleted || _phase == SessionPhase.Closed;
                }

                pipe.AdvanceTo(consumed, buffered.End);
                DeliverCompletions();
                _writeSignal.Set();
                if (stop)
                {
                    return;
                }
            }
        }
        catch (Exception e)
        {
            Fail(pipe.Translate(e));
        }
        finally
        {
            gather.Release();
        }
    }

    /// <summary>
    /// Processes every complete frame at the start of <paramref name="input"/> in place; a payload split across
    /// segments is copied into <paramref name="gather"/> first. Returns the end of what was consumed.
    /// </summary>
    internal SequencePosition ProcessInput(in ReadOnlySequence<byte> input, ReceiveBuffer gather)
    {
        ReadOnlySequence<byte> rest = input;
        if (!_prefaceReceived && Role == Ht2SessionRole.Server)
        {
            Span<byte> start = stackalloc byte[ConnectionPreface.Length];
            int available = (int)Math.Min(rest.Length, ConnectionPreface.Length);
            rest.Slice(0, available).CopyTo(start);
            int matched = AcceptPreface(start.Slice(0, available));
            if (matched <= 0)
            {
                return matched < 0 ? input.End : input.Start;
            }

            rest = rest.Slice(matched);
        }

        _prefaceReceived = true;
        while (_phase < SessionPhase.Closing)
        {
            FrameReadStatus status = FrameReader.TryReadFrame(rest, _reader, out FrameHeader header, out ReadOnlySequence<byte> payload, out SequencePosition end, out FrameError error);
            if (status == FrameReadStatus.NeedMoreData || !AcceptFrame(status, header, Contiguous(payload, gather), error))
            {
                break;
            }

            rest = rest.Slice(end);
        }

        return rest.Start;
    }

    /// <summary>The payload as one span: in place when it sits in one segment, else gathered into <paramref name="gather"/>.</summary>
    private static ReadOnlySpan<byte> Contiguous(in ReadOnlySequence<byte> payload, ReceiveBuffer gather)
    {
        if (payload.IsSingleSegment)
        {
            return payload.FirstSpan;
        }

        int length = (int)payload.Length;
        gather.Clear();
        payload.CopyTo(gather.GetMemory(length).Span);
        gather.Advance(length);
        return gather.Span;
    }
}
