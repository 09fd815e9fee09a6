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

    /// <summary>Adds frames of one type, all or nothing; payloads shorter than <paramref name="copyThreshold"/> are copied.</summary>
    private void AddFramesLocked<TFrame>(ReadOnlySpan<TFrame> frames, ReadOnlySpan<ReadOnlyMemory<byte>> payloads, int copyThreshold)
        where TFrame : struct, IHt2Frame<TFrame>
    {
        _writer.CopyThreshold = copyThreshold;
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

    /// <summary>Adds prioritized frames, all or nothing; DATA among them takes its credit like <see cref="AddFlowControlled{TFrame}"/>.</summary>
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

    private static void CheckIncrement(uint increment)
    {
        if (increment == 0 || increment > SettingsFrame.MaxWindowSize)
        {
            throw new ArgumentOutOfRangeException(nameof(increment), increment, "A window increment must be between 1 and 2^31-1.");
        }
    }
}
