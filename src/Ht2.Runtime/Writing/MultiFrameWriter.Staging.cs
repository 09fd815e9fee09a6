using System;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace Ht2;

public sealed unsafe partial class MultiFrameWriter
{
    /// <summary>
    /// Stages a frame whose payload is copied behind its prefix (with its padding as zeros): one reservation, one
    /// commit that normally extends the entry before it, one record.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private void AddCopied<TFrame>(in TFrame frame, ReadOnlySpan<byte> payload, int priority)
        where TFrame : struct, IHt2Frame<TFrame>
    {
        ref FrameRecord record = ref NextRecord();
        int length = payload.Length;
        int padding = frame.PaddingLength;
        Span<byte> destination = _arena.Reserve(frame.PrefixLength + length + padding);

        // WritePrefix applies every rule of the frame type and throws before anything is committed, so the batch stays as it was.
        int written = frame.WritePrefix(destination, length);
        if (length != 0)
        {
            payload.CopyTo(destination.Slice(written));
        }

        if (padding != 0)
        {
            destination.Slice(written + length, padding).Clear();
        }

        int frameLength = written + length + padding;
        _arena.Commit(frameLength);
        Record(ref record, frameLength, frame.StreamId, TFrame.FrameType, priority);
    }

    /// <summary>
    /// Stages a frame whose payload is referenced: at <paramref name="pinned"/> when it is not null, else
    /// <paramref name="unpinned"/> is pinned once the prefix is accepted, so a rejected frame leaves no pin behind.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private void AddReferenced<TFrame>(in TFrame frame, byte* pinned, ReadOnlyMemory<byte> unpinned, int length, int priority)
        where TFrame : struct, IHt2Frame<TFrame>
    {
        ref FrameRecord record = ref NextRecord();
        int padding = frame.PaddingLength;
        int written = frame.WritePrefix(_arena.Reserve(frame.PrefixLength), length);
        if (pinned is null)
        {
            pinned = _arena.Pin(unpinned);
        }

        _arena.Commit(written);
        _arena.Append(pinned, (nuint)length);
        _arena.AppendZeros(padding);
        Record(ref record, written + length + padding, frame.StreamId, TFrame.FrameType, priority);
    }

    /// <summary>
    /// The slot for the next frame's record, growing the records when full. Dispose leaves no slot, so the disposed
    /// check rides on this capacity check and costs an Add nothing.
    /// </summary>
    /// <exception cref="ObjectDisposedException">The writer is disposed.</exception>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private ref FrameRecord NextRecord()
    {
        FrameRecord[] frames = _frames;
        int count = _frameCount;
        if ((uint)count >= (uint)frames.Length)
        {
            frames = GrowFrames();
        }

        // count < frames.Length after the check above.
        return ref Unsafe.Add(ref MemoryMarshal.GetArrayDataReference(frames), count);
    }

    /// <summary>Fills the record from <see cref="NextRecord"/> and makes the frame part of the batch.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private void Record(ref FrameRecord record, int length, uint streamId, FrameType type, int priority)
    {
        // Length and Priority are adjacent: for a fixed-length frame added without priority both are constants,
        // which the JIT writes with one store.
        record.Length = length;
        record.Priority = priority;
        record.StreamId = streamId;
        record.Type = type;
        _frameCount++;
        if (priority != 0)
        {
            _hasPriorities = true;
        }
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private FrameRecord[] GrowFrames()
    {
        ThrowIfDisposed();
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

    /// <summary>
    /// One frame: its staged length (prefix, payload, padding) and what the priority rule needs. Frames are staged
    /// back to back in add order, so a frame's bytes start where the previous frame's end.
    /// </summary>
    private struct FrameRecord
    {
        public int Length;
        public int Priority;
        public uint StreamId;
        public FrameType Type;
    }
}
