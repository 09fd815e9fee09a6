using System;
using System.Runtime.CompilerServices;

namespace Ht2;

public sealed partial class MultiFrameWriter
{
    /// <summary>Opens a frame record; entries appended from now on may merge with each other but not with earlier frames.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private int BeginFrame()
    {
        _arena.Seal();
        return _arena.EntryCount;
    }

    /// <summary>Closes the frame record opened by <see cref="BeginFrame"/> and seals its entries.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private void EndFrame(int firstIovec, uint streamId, FrameType type, int priority)
    {
        FrameRecord[] frames = _frames;
        int count = _frameCount;
        if ((uint)count >= (uint)frames.Length)
        {
            frames = GrowFrames();
        }

        ref FrameRecord record = ref frames[count];
        record.FirstIovec = firstIovec;
        record.IovecCount = _arena.EntryCount - firstIovec;
        record.StreamId = streamId;
        record.Type = type;
        record.Priority = priority;
        _frameCount = count + 1;
        _hasPriorities |= priority != 0;
        _arena.Seal();
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private FrameRecord[] GrowFrames()
    {
        Array.Resize(ref _frames, _frames.Length * 2);
        return _frames;
    }

    /// <summary>The batch state a failed multi-frame add returns to.</summary>
    private readonly record struct Mark(ArenaMark Arena, int FrameCount, bool HasPriorities);

    private Mark GetMark() => new(_arena.GetMark(), _frameCount, _hasPriorities);

    /// <summary>Undoes everything added after <paramref name="mark"/>; <c>default</c> empties the batch.</summary>
    private void RollBack(Mark mark)
    {
        _arena.RollBack(mark.Arena);
        _frameCount = mark.FrameCount;
        _hasPriorities = mark.HasPriorities;
    }
}
