using System;

namespace Ht2;

public sealed partial class MultiFrameWriter
{
    /// <summary>
    /// Computes effective priorities (the rule in the class remarks) and returns frame indexes sorted by them,
    /// highest first, ties in add order. Each key is (flipped priority &lt;&lt; 32 | add index): unique, so the
    /// allocation-free primitive sort is stable by construction.
    /// </summary>
    private ReadOnlySpan<ulong> SortByPriority()
    {
        if (_sortKeys.Length < _frameCount)
        {
            _sortKeys = new ulong[Math.Max(_frameCount, _sortKeys.Length * 2)];
        }

        _streamPriority.Clear();
        for (int i = 0; i < _frameCount; i++)
        {
            ref FrameRecord frame = ref _frames[i];
            int effective = frame.Priority;
            if (IsChained(frame))
            {
                if (_streamPriority.TryGetValue(frame.StreamId, out int previous))
                {
                    // A CONTINUATION is glued to its predecessor; anything else may only lower its priority.
                    effective = frame.Type == FrameType.Continuation ? previous : Math.Min(effective, previous);
                }

                _streamPriority[frame.StreamId] = effective;
            }

            // Maps int.MaxValue to 0 and int.MinValue to uint.MaxValue: ascending keys = descending priority.
            uint flipped = ~((uint)effective ^ 0x8000_0000u);
            _sortKeys[i] = ((ulong)flipped << 32) | (uint)i;
        }

        Span<ulong> keys = _sortKeys.AsSpan(0, _frameCount);
        keys.Sort();
        return keys;
    }

    // PING and connection WINDOW_UPDATE commute with every other frame; the rest keep their per-stream order.
    private static bool IsChained(in FrameRecord frame) =>
        frame.StreamId != 0 || (frame.Type != FrameType.Ping && frame.Type != FrameType.WindowUpdate);
}
