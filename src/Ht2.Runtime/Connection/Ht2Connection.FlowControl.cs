using System;

namespace Ht2;

public sealed partial class Ht2Connection
{
    /// <summary>Adds a frame under the write mutex; a DATA frame first takes its exact length from the windows.</summary>
    private void AddFlowControlled<TFrame>(in TFrame frame, ReadOnlyMemory<byte> payload, int priority)
        where TFrame : struct, IHt2Frame<TFrame>
    {
        // JIT-time constant: only the DATA instantiation pays for flow control.
        if (typeof(TFrame) != typeof(DataFrame))
        {
            _writer.AddPrioritized(in frame, payload, priority);
            return;
        }

        int length = frame.GetPayloadLength(payload.Length);
        if (!_windows.TryReserveExactly(frame.StreamId, length))
        {
            throw new InvalidOperationException(
                $"A DATA frame of {length} bytes exceeds the flow-control window of stream {frame.StreamId} or the connection; use SendDataFrames, which waits for credit.");
        }

        try
        {
            _writer.AddPrioritized(in frame, payload, priority);
        }
        catch
        {
            _windows.Refund(frame.StreamId, length);
            throw;
        }
    }

    private void AddFramesLocked<TFrame>(ReadOnlySpan<TFrame> frames, ReadOnlySpan<ReadOnlyMemory<byte>> payloads)
        where TFrame : struct, IHt2Frame<TFrame>
    {
        if (typeof(TFrame) != typeof(DataFrame))
        {
            _writer.AddFrames(frames, payloads);
            return;
        }

        if (!payloads.IsEmpty && payloads.Length != frames.Length)
        {
            throw new ArgumentException("Give one payload per frame, or none.", nameof(payloads));
        }

        int added = 0;
        try
        {
            for (; added < frames.Length; added++)
            {
                AddFlowControlled(in frames[added], payloads.IsEmpty ? default : payloads[added], 0);
            }
        }
        catch
        {
            // All or nothing: give back the credit of the frames already staged; ExitWrite discards them.
            for (int i = 0; i < added; i++)
            {
                _windows.Refund(frames[i].StreamId, frames[i].GetPayloadLength(payloads.IsEmpty ? 0 : payloads[i].Length));
            }

            throw;
        }
    }

    private void AddPrioritizedLocked<TFrame>(ReadOnlySpan<PrioritizedFrame<TFrame>> frames)
        where TFrame : struct, IHt2Frame<TFrame>
    {
        int added = 0;
        try
        {
            for (; added < frames.Length; added++)
            {
                TFrame frame = frames[added].Frame;
                AddFlowControlled(in frame, frames[added].Payload, frames[added].Priority);
            }
        }
        catch
        {
            if (typeof(TFrame) == typeof(DataFrame))
            {
                for (int i = 0; i < added; i++)
                {
                    _windows.Refund(frames[i].Frame.StreamId, frames[i].Frame.GetPayloadLength(frames[i].Payload.Length));
                }
            }

            throw;
        }
    }

    /// <summary>Stages the next <paramref name="granted"/> bytes of <paramref name="chunks"/> as DATA (zero-copy slices).</summary>
    private void AddGranted(uint streamId, ReadOnlySpan<ReadOnlyMemory<byte>> chunks, ref int index, ref int offset, int granted, bool endStream)
    {
        while (granted > 0)
        {
            ReadOnlyMemory<byte> chunk = chunks[index];
            int take = Math.Min(chunk.Length - offset, granted);
            if (take > 0)
            {
                granted -= take;
                _writer.AddData(streamId, chunk.Slice(offset, take), endStream && granted == 0);
                offset += take;
            }

            if (offset == chunk.Length)
            {
                index++;
                offset = 0;
            }
        }
    }

    private long CheckData(uint streamId, ReadOnlySpan<ReadOnlyMemory<byte>> chunks)
    {
        ThrowIfDisposed();
        FrameLimits.CheckStreamId(streamId);
        if (streamId == 0)
        {
            throw new ArgumentOutOfRangeException(nameof(streamId), streamId, "DATA needs a stream id above 0.");
        }

        long total = 0;
        foreach (ReadOnlyMemory<byte> chunk in chunks)
        {
            total += chunk.Length;
        }

        return total;
    }

    private static void CheckIncrement(uint increment)
    {
        if (increment == 0 || increment > SettingsFrame.MaxWindowSize)
        {
            throw new ArgumentOutOfRangeException(nameof(increment), increment, "A window increment must be between 1 and 2^31-1.");
        }
    }
}
