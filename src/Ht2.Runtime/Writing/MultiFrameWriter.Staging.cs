using System;
using System.Diagnostics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace Ht2;

public sealed unsafe partial class MultiFrameWriter
{
    /// <summary>
    /// Stages a frame whose payload is copied behind its prefix (with its padding as zeros): one reservation and one
    /// commit that normally extends the entry before it; a frame that continues the open run records nothing else.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private void AddCopied<TFrame>(in TFrame frame, ReadOnlySpan<byte> payload, int priority)
        where TFrame : struct, IHt2Frame<TFrame>
    {
        int length = payload.Length;
        int padding = frame.PaddingLength;
        Span<byte> destination = Reserve(priority, frame.PrefixLength + length + padding);

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

        Commit(destination, written + length + padding);
        _frameCount++;
    }

    /// <summary>
    /// Stages frames without variable parts as the single Add of each would, a group at a time: one reservation for
    /// the group, the frames' prefixes written at a local offset (no field round trip per frame), one commit. A group
    /// takes only the room left in the staging chunk, so chunks fill exactly as with one Add per frame; a frame that
    /// does not fit there, or has padding, goes through the single Add. A frame refused part-way leaves its group
    /// uncommitted; the caller rolls back the earlier groups.
    /// </summary>
    private void AddBareFrames<TFrame>(ReadOnlySpan<TFrame> frames)
        where TFrame : struct, IHt2Frame<TFrame>
    {
        int i = 0;
        while (i < frames.Length)
        {
            int count = Math.Min(frames.Length - i, _arena.Available / TFrame.MaxPrefixLength);
            if (count == 0 || frames[i].PaddingLength != 0)
            {
                AddCore(in frames[i], default, 0);
                i++;
                continue;
            }

            Span<byte> room = Reserve(0, count * TFrame.MaxPrefixLength);
            int used = 0;
            int start = i;
            for (int end = i + count; i < end && frames[i].PaddingLength == 0; i++)
            {
                FrameLimits.Check(in frames[i], default, 0, in _maxFrameSize);

                // WritePrefix applies every rule of the frame type and throws before this group is committed.
                used += frames[i].WritePrefix(room.Slice(used), 0);
            }

            Commit(room, used);
            _frameCount += i - start;
        }
    }

    /// <summary>
    /// Stages a frame whose payload is referenced: at <paramref name="pinned"/> when it is not null, else
    /// <paramref name="unpinned"/> is pinned once the prefix is accepted, so a rejected frame leaves no pin behind.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private void AddReferenced<TFrame>(in TFrame frame, byte* pinned, ReadOnlyMemory<byte> unpinned, int length, int priority)
        where TFrame : struct, IHt2Frame<TFrame>
    {
        int padding = frame.PaddingLength;
        Span<byte> prefix = Reserve(priority, frame.PrefixLength);
        int written = frame.WritePrefix(prefix, length);
        if (pinned is null)
        {
            pinned = _arena.Pin(unpinned);
        }

        Commit(prefix, written);
        _arena.Append(pinned, (nuint)length);
        _arena.AppendZeros(padding);
        _frameCount++;
    }

    // No open run: never equal to RunKey of any priority.
    private const long NoOpenRun = long.MinValue;

    /// <summary>
    /// Returns staging for a frame of <paramref name="length"/> bytes in a run of <paramref name="priority"/>. The arena's
    /// limit is open only while the open run has priority 0 (<see cref="ReserveSlow"/> shuts it for any other run), so
    /// for priority 0, the usual one and a JIT-time constant in <see cref="Add{TFrame}"/>, the fast path is one
    /// compare: the staging has room. Another priority also compares the open run's. Reset, Dispose and AddBytes
    /// leave the limit shut, so the disposed check rides on that compare.
    /// </summary>
    /// <exception cref="ObjectDisposedException">The writer is disposed.</exception>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private Span<byte> Reserve(int priority, int length)
    {
        // Both slow cases share one call, so nothing computed before it lives across it (no spills on the fast path).
        byte* room;
        if (priority == 0)
        {
            room = _arena._cursor;
            if (_arena._limit - room < length)
            {
                room = ReserveSlow(0, length);
            }
        }
        else if (_openRunKey != RunKey(priority) || !_arena.TryRoomInRun(length, out room))
        {
            room = ReserveSlow(priority, length);
        }

        // room is the arena's cursor, in the owner's pinned scratch or a pool chunk on the pinned object heap, with
        // length bytes free.
        return new Span<byte>(room, length);
    }

    /// <summary>Makes the first <paramref name="length"/> bytes of <paramref name="reservation"/>, what <see cref="Reserve"/> just returned, part of the batch.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private void Commit(Span<byte> reservation, int length)
    {
        Debug.Assert(Unsafe.AsPointer(ref MemoryMarshal.GetReference(reservation)) == _arena._cursor, "Commit of another reservation.");

        // The reservation starts at the cursor; the JIT keeps its address in a register from Reserve on.
        _arena._cursor = (byte*)Unsafe.AsPointer(ref MemoryMarshal.GetReference(reservation)) + length;
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private byte* ReserveSlow(int priority, int length)
    {
        if (_openRunKey != RunKey(priority))
        {
            OpenRun(priority, isRaw: false);
        }

        // MakeRoom opens the limit as its last step: when it throws, the limit is still shut (only an open arena run
        // has an open limit, and MakeRoom closes the run before it starts a chunk).
        byte* room = _arena.MakeRoom(length);
        if (priority != 0)
        {
            // Keeps the priority-0 fast path, which tests nothing but the limit, out of this run.
            _arena.ShutLimit();
        }

        return room;
    }

    // Never NoOpenRun; 0 for the usual priority, so the test against the open run compares with zero.
    private static long RunKey(int priority) => priority;

    /// <summary>
    /// Starts a run at the current end of the batch. A frame rejected after this leaves an empty run behind, which
    /// holds no bytes and so no frames.
    /// </summary>
    private void OpenRun(int priority, bool isRaw)
    {
        ThrowIfDisposed();
        if (_runCount == _runs.Length)
        {
            Array.Resize(ref _runs, _runs.Length * 2);
        }

        _runs[_runCount++] = new AddRun(_arena.TotalLength, priority, isRaw);
        _openRunKey = RunKey(priority);
        if (priority != 0)
        {
            _hasPriorities = true;
        }
    }

    /// <summary>The batch state a failed multi-frame add returns to.</summary>
    private readonly record struct Mark(ArenaMark Arena, int FrameCount, int RunCount, long OpenRunKey, bool HasPriorities);

    private Mark GetMark() => new(_arena.GetMark(), _frameCount, _runCount, _openRunKey, _hasPriorities);

    /// <summary>Undoes everything added after <paramref name="mark"/>; <c>default</c> empties the batch.</summary>
    private void RollBack(Mark mark)
    {
        _arena.RollBack(mark.Arena);
        _frameCount = mark.FrameCount;
        _runCount = mark.RunCount;

        // With no run (default, the empty batch) none is open.
        _openRunKey = mark.RunCount == 0 ? NoOpenRun : mark.OpenRunKey;
        _hasPriorities = mark.HasPriorities;
    }

    /// <summary>
    /// Consecutive frames added with one priority, from <see cref="Start"/> (a byte offset in the batch) to the next
    /// run's start; or, when <see cref="IsRaw"/>, the bytes of one AddBytes call, which are not a frame.
    /// </summary>
    private readonly record struct AddRun(long Start, int Priority, bool IsRaw);

    /// <summary>
    /// One frame, read back for a priority reorder: its staged length (prefix, payload, padding) and what the
    /// priority rule needs. Frames are staged back to back in add order, so a frame's bytes start where the
    /// previous frame's end.
    /// </summary>
    private struct FrameRecord
    {
        public int Length;
        public int Priority;
        public uint StreamId;
        public FrameType Type;
    }
}
