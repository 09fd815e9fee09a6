using System;
using System.Buffers;
using System.Diagnostics;
using System.Runtime.CompilerServices;

namespace Ht2;

/// <summary>
/// The pinned staging behind every gathering write: an ordered list of <see cref="Iovec"/> entries and the memory
/// they point at. Small bytes are written into staging (an optional caller scratch area, then pooled
/// <see cref="BufferPool"/> chunks on the pinned object heap); large payloads are pinned with a
/// <see cref="MemoryHandle"/> and referenced. Bytes that continue the previous entry in memory extend it, so a run
/// of small frames staged back to back is one entry.
/// </summary>
/// <remarks>
/// <para>Invariants: staged bytes never move (scratch is pinned by its owner, chunks live on the pinned object heap,
/// and a new chunk is started instead of growing one), so every entry stays valid until <see cref="RollBack"/>,
/// <see cref="Clear"/> or <see cref="Dispose"/>. The entries themselves live in pinned memory too (the owner's
/// entry scratch, then a pooled chunk), so they are reached by pointer without bounds checks and handed to the
/// kernel as they are. Each pin is disposed exactly once and each chunk returned to the pool exactly once: a
/// released slot is cleared before anything can see it again.</para>
/// <para>A mutable struct held in a field (of <see cref="IovecBuilder"/> or <see cref="MultiFrameWriter"/>) and
/// always called through that field, never copied. Not thread-safe.</para>
/// </remarks>
internal unsafe partial struct StagingArena
{
    private const int MinimumEntryCapacity = 64;
    private const int MinimumChunkLength = 16 * 1024;

    // The entries: the owner's pinned entry scratch, or the pooled buffer once the scratch is full.
    private Iovec* _entries;
    private int _entryCapacity;
    private int _entryCount;

    // The bytes of every entry but an open run.
    private long _closedLength;

    // Not null while a run is open: staged bytes from here to the cursor. Committing more staged bytes only moves
    // the cursor; the run's entry is brought up to date whenever the entries are read, and fixed when the run
    // closes (anything else appended, a new chunk, a roll-back). A run that does not continue the last entry is
    // new: its entry slot is reserved but counted only once the run holds bytes, so a reservation that is never
    // committed (a rejected frame) leaves no entry behind.
    private byte* _runStart;
    private bool _runIsNew;
    private Iovec* _entryScratch;
    private int _entryScratchCapacity;
    private PinnedBuffer _entryBuffer;

    // The owner's pinned scratch; staging starts there and returns there when every chunk is rolled back.
    private byte* _scratch;
    private int _scratchLength;

    // The area being filled (the scratch or the newest chunk): committed bytes end at _cursor, the area at _end.
    // _limit is _end while a run is open and _cursor otherwise, so one test in Reserve also sends the first
    // reservation after the run closed to the slow path, which opens a run; Commit then only moves the cursor. An
    // owner may shut the limit of an open run (ShutLimit): reservations then test TryRoomInRun instead.
    // The owner's inlined fast path reads _cursor and _limit and moves _cursor through the fields themselves
    // (MultiFrameWriter.Reserve and Commit): through an instance method of this struct, the JIT keeps the arena's
    // address live across the owner's slow-path call, a spill and a reload per frame.
    private byte* _staging;
    internal byte* _cursor;
    private byte* _end;
    internal byte* _limit;

    private PinnedBuffer[]? _chunks;
    private int _chunkCount;
    private bool _retainFirstChunk;
    private BufferPool? _pool;

    private MemoryHandle[]? _pins;
    private int _pinCount;

    /// <summary>An arena staging into <paramref name="scratch"/> first, then into chunks from <paramref name="pool"/>.</summary>
    /// <param name="scratch">Pinned memory (stackalloc, a pinned buffer, native memory) that outlives the arena, or null.</param>
    /// <param name="scratchLength">The scratch length in bytes.</param>
    /// <param name="pool">The chunk pool; null means <see cref="BufferPool.Shared"/>.</param>
    /// <param name="retainFirstChunk">Keep the first chunk rented across <see cref="Clear"/>, so a warm owner rents nothing per batch.</param>
    /// <param name="entryScratch">Pinned room for the first entries (stackalloc, pinned or native memory) that outlives the arena, or null.</param>
    /// <param name="entryScratchCapacity">The number of entries <paramref name="entryScratch"/> holds.</param>
    public StagingArena(byte* scratch, int scratchLength, BufferPool? pool, bool retainFirstChunk, Iovec* entryScratch = null, int entryScratchCapacity = 0)
    {
        _entryScratch = entryScratch;
        _entryScratchCapacity = entryScratch is null ? 0 : entryScratchCapacity;
        _entries = _entryScratch;
        _entryCapacity = _entryScratchCapacity;
        _scratch = scratch;
        _scratchLength = scratchLength;
        _staging = scratch;
        _cursor = scratch;
        _end = scratch + scratchLength;
        _limit = scratch;
        _pool = pool;
        _retainFirstChunk = retainFirstChunk;
    }

    /// <summary>The entries, in order; valid until the arena is changed, rolled back, cleared or disposed.</summary>
    public readonly ReadOnlySpan<Iovec> Entries
    {
        get
        {
            // The entry memory is the arena's own pinned scratch or buffer, so a readonly view may refresh it; a new
            // run's slot was reserved when the run opened.
            if (_runStart is not null)
            {
                _entries[_runIsNew ? _entryCount : _entryCount - 1] = new Iovec(_runStart, RunLength);
            }

            return new(_entries, EntryCount);
        }
    }

    /// <summary>The number of entries.</summary>
    public readonly int EntryCount => _runIsNew && _cursor != _runStart ? _entryCount + 1 : _entryCount;

    /// <summary>The number of bytes the entries describe.</summary>
    public readonly long TotalLength => _closedLength + (long)RunLength;

    // The open run's bytes so far (0 when none is open).
    private readonly nuint RunLength => _runStart is null ? 0 : (nuint)(_cursor - _runStart);

    private readonly BufferPool Pool => _pool ?? BufferPool.Shared;

    /// <summary>Returns <paramref name="length"/> bytes of pinned staging right after the committed bytes.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public Span<byte> Reserve(int length)
    {
        if (!HasRoom(length))
        {
            MakeRoom(length);
        }

        return Room(length);
    }

    /// <summary>The bytes left in the area being filled, which a reservation of at most this many takes without a new chunk.</summary>
    public readonly int Available => (int)(_end - _cursor);

    /// <summary>True when a run is open with <paramref name="length"/> bytes free at the cursor: <see cref="Room"/> may be used as it is.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public readonly bool HasRoom(int length) => _limit - _cursor >= length;

    /// <summary>
    /// True, with the cursor in <paramref name="room"/>, when a run is open with <paramref name="length"/> bytes free
    /// there, whether or not its limit is shut (<see cref="ShutLimit"/>).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public readonly bool TryRoomInRun(int length, out byte* room)
    {
        room = _cursor;
        return _runStart is not null && _end - room >= length;
    }

    /// <summary>
    /// Keeps the open run (and its entry) but fails every <see cref="HasRoom"/>, and the owner's own test of
    /// <see cref="_limit"/>, until the next <see cref="MakeRoom"/>: an owner that keeps state of its own beside the run
    /// sends the reservations that need it to its slow path with no test of its own.
    /// </summary>
    public void ShutLimit() => _limit = null;

    /// <summary>The <paramref name="length"/> bytes at the cursor, after <see cref="HasRoom"/> or <see cref="MakeRoom"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public readonly Span<byte> Room(int length)
    {
        Debug.Assert(HasRoom(length), "Room without a reservation.");

        // _cursor is in the owner's pinned scratch or a pool chunk on the pinned object heap, with length bytes free.
        return new Span<byte>(_cursor, length);
    }

    /// <summary>Makes the first <paramref name="length"/> bytes of the last reservation part of the list.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void Commit(int length)
    {
        // Reserve left a run open at the cursor (or length is 0).
        Debug.Assert(length == 0 || _runStart is not null, "Commit without a reservation.");
        _cursor += length;
    }

    /// <summary>
    /// Makes room for <paramref name="length"/> bytes at the cursor and opens a run there (the slow half of
    /// <see cref="Reserve"/>); returns the cursor.
    /// </summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    public byte* MakeRoom(int length)
    {
        if (_end - _cursor < length)
        {
            StartChunk(length);
        }

        if (_runStart is null)
        {
            OpenRun();
        }

        _limit = _end;
        return _cursor;
    }

    /// <summary>Copies <paramref name="bytes"/> into staging and appends them.</summary>
    public void AppendCopy(scoped ReadOnlySpan<byte> bytes)
    {
        bytes.CopyTo(Reserve(bytes.Length));
        Commit(bytes.Length);
    }

    /// <summary>Appends pinned bytes, extending the last entry when they continue it in memory.</summary>
    /// <param name="start">Pinned for as long as the entry lives (staging, a held pin, or the caller's promise).</param>
    /// <param name="length">The byte count; 0 appends nothing.</param>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void Append(byte* start, nuint length)
    {
        if (length == 0)
        {
            return;
        }

        CloseRun();
        _closedLength += (long)length;
        int count = _entryCount;
        if (count != 0)
        {
            // count <= _entryCapacity, so count - 1 is inside the entry memory.
            Iovec* last = _entries + (count - 1);
            if ((byte*)last->Base + last->Length == start)
            {
                last->Length += length;
                return;
            }
        }

        if (count == _entryCapacity)
        {
            GrowEntries();
        }

        _entries[count] = new Iovec(start, length);
        _entryCount = count + 1;
    }

    /// <summary>Appends <paramref name="count"/> zero bytes by pointing at the shared zero buffer (no copy).</summary>
    public void AppendZeros(int count)
    {
        // Stryker disable once Equality : with >= a count that reaches 0 takes one more turn, which appends 0 bytes,
        // and Append returns at once for 0 bytes.
        for (; count > 0; count -= ZeroPadding.Length)
        {
            // ZeroPadding is a static array on the pinned object heap.
            Append(ZeroPadding.Pointer, (nuint)Math.Min(count, ZeroPadding.Length));
        }
    }

    /// <summary>Pins <paramref name="memory"/> until it is rolled back, cleared or disposed; returns its address (null when empty).</summary>
    public byte* Pin(ReadOnlyMemory<byte> memory)
    {
        if (memory.IsEmpty)
        {
            return null;
        }

        if (_pins is null || _pinCount == _pins.Length)
        {
            _pins = Grow(_pins, _pinCount);
        }

        // MemoryHandle: a pinned GCHandle (arrays, strings) or the owner's Pin(); disposed in RollBack.
        _pins[_pinCount] = memory.Pin();
        return (byte*)_pins[_pinCount++].Pointer;
    }

    /// <summary>The state a failed multi-step add returns to (the last entry's length too, since later bytes may extend it).</summary>
    public readonly ArenaMark GetMark()
        => new(EntryCount, LastEntryLength, _pinCount, _chunkCount, (int)(_cursor - _staging), TotalLength);

    // An open run is the last entry unless it is new and still empty.
    private readonly nuint LastEntryLength
        => _runStart is not null && (!_runIsNew || _cursor != _runStart) ? RunLength
            : _entryCount == 0 ? 0 : _entries[_entryCount - 1].Length;

    /// <summary>Undoes everything appended after <paramref name="mark"/>: releases later pins and chunks once each.</summary>
    public void RollBack(ArenaMark mark)
    {
        // Every entry counted in the mark is stored once the run is closed.
        CloseRun();
        for (int i = mark.PinCount; i < _pinCount; i++)
        {
            _pins![i].Dispose();
            _pins[i] = default;
        }

        int keep = _retainFirstChunk ? Math.Max(mark.ChunkCount, Math.Min(1, _chunkCount)) : mark.ChunkCount;
        for (int i = keep; i < _chunkCount; i++)
        {
            Pool.Return(_chunks![i]);
            _chunks[i] = default;
        }

        _pinCount = mark.PinCount;

        // A retained first chunk with no scratch before it stays the area being filled, so the next batch's first
        // reservation writes there without starting the chunk again (the mark's staging offset is then 0: nothing
        // could be staged before the first chunk).
        _chunkCount = keep == 1 && mark.ChunkCount == 0 && _scratchLength == 0 ? 1 : mark.ChunkCount;
        _entryCount = mark.EntryCount;
        if (mark.EntryCount != 0)
        {
            _entries[mark.EntryCount - 1].Length = mark.LastEntryLength;
        }

        _closedLength = mark.TotalLength;
        StageAt(mark.StagingUsed);
    }

    /// <summary>Empties the arena for reuse, keeping its grown bookkeeping arrays (and the first chunk when retained).</summary>
    public void Clear() => RollBack(default);

    /// <summary>Releases every pin, chunk and bookkeeping array; the arena is empty and can be reused.</summary>
    public void Dispose()
    {
        Clear();
        if (_chunks is not null && !_chunks[0].IsEmpty)
        {
            Pool.Return(_chunks[0]);
            _chunks[0] = default;
        }

        // Clear may have left the retained chunk as the area being filled; staging starts again at the scratch.
        _chunkCount = 0;
        StageAt(0);

        if (!_entryBuffer.IsEmpty)
        {
            Pool.Return(_entryBuffer);
            _entryBuffer = default;
        }

        _entries = _entryScratch;
        _entryCapacity = _entryScratchCapacity;
        Return(ref _pins, clear: true);
        Return(ref _chunks, clear: true);
    }

    /// <summary>
    /// Starts the open run at the cursor: it reopens the last entry when that ends exactly there, else it is a new
    /// run with a reserved entry slot.
    /// </summary>
    private void OpenRun()
    {
        byte* cursor = _cursor;
        int count = _entryCount;
        if (count != 0)
        {
            Iovec* last = _entries + (count - 1);
            if ((byte*)last->Base + last->Length == cursor)
            {
                _closedLength -= (long)last->Length;
                _runStart = (byte*)last->Base;
                _runIsNew = false;
                return;
            }
        }

        if (count == _entryCapacity)
        {
            GrowEntries();
        }

        _runStart = cursor;
        _runIsNew = true;
    }

    /// <summary>Fixes the open run's entry at its final length (a new, empty run leaves none); the next reservation opens a new run.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private void CloseRun()
    {
        if (_runStart is not null)
        {
            nuint length = RunLength;
            if (!_runIsNew)
            {
                _entries[_entryCount - 1].Length = length;
            }
            else if (length != 0)
            {
                _entries[_entryCount++] = new Iovec(_runStart, length);
            }

            _closedLength += (long)length;
            _runStart = null;
            _runIsNew = false;
            _limit = _cursor;
        }
    }
}

/// <summary>A point in a <see cref="StagingArena"/>'s history; <c>default</c> is the empty arena.</summary>
internal readonly record struct ArenaMark(int EntryCount, nuint LastEntryLength, int PinCount, int ChunkCount, int StagingUsed, long TotalLength);
