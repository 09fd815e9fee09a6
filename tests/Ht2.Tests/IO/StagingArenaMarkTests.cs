using System;
using System.Collections.Generic;

namespace Ht2.Tests.IO;

/// <summary>
/// The staging arena's marks and roll-backs with a run open, closed, reopened or new, and how appended bytes join the
/// last entry: the entries and their total after each step, checked byte for byte.
/// </summary>
public sealed unsafe class StagingArenaMarkTests
{
    // Pinned object heap: the addresses below stay valid for the whole test run.
    private static readonly byte[] External = GC.AllocateArray<byte>(64, pinned: true);

    private static byte* ExternalAt(int offset) => (byte*)System.Runtime.CompilerServices.Unsafe.AsPointer(ref External[offset]);

    private static List<(nint Base, int Length)> Entries(in StagingArena arena)
    {
        List<(nint, int)> entries = [];
        foreach (Iovec entry in arena.Entries)
        {
            entries.Add(((nint)entry.Base, (int)entry.Length));
        }

        return entries;
    }

    private static byte[] Bytes(in StagingArena arena)
    {
        List<byte> bytes = [];
        foreach (Iovec entry in arena.Entries)
        {
            bytes.AddRange(new ReadOnlySpan<byte>(entry.Base, (int)entry.Length).ToArray());
        }

        return [.. bytes];
    }

    [Fact]
    public void RollBackToAMarkInsideARun_KeepsTheRunsFirstBytes_AndTheNextBytesContinueTheSameEntry()
    {
        byte* scratch = stackalloc byte[256];
        StagingArena arena = new(scratch, 256, new BufferPool(8), retainFirstChunk: false);
        try
        {
            arena.AppendCopy("abc"u8);
            ArenaMark mark = arena.GetMark();
            Assert.Equal((1, 3u, 3L), (mark.EntryCount, (uint)mark.LastEntryLength, mark.TotalLength));

            arena.AppendCopy("defg"u8);
            arena.RollBack(mark);
            Assert.Equal([((nint)scratch, 3)], Entries(arena));
            Assert.Equal(3, arena.TotalLength);

            // The rolled-back cursor ends the last entry: the next bytes reopen it instead of starting a new one.
            arena.AppendCopy("xy"u8);
            Assert.Equal(5, arena.TotalLength);

            // Closing the reopened run fixes its entry at its full length. The entries are not read before: reading
            // them brings the open run's entry up to date, so only the close can have fixed it.
            arena.Append(ExternalAt(0), 4);
            Assert.Equal([((nint)scratch, 5), ((nint)ExternalAt(0), 4)], Entries(arena));
            Assert.Equal(9, arena.TotalLength);
            Assert.Equal("abcxy"u8.ToArray(), Bytes(arena).AsSpan(0, 5).ToArray());
        }
        finally
        {
            arena.Dispose();
        }
    }

    [Fact]
    public void RollBackToAMarkAfterAClosedEntry_RestoresThatEntrysLength_WhenLaterBytesExtendedIt()
    {
        byte* scratch = stackalloc byte[256];
        StagingArena arena = new(scratch, 256, new BufferPool(8), retainFirstChunk: false);
        try
        {
            arena.AppendCopy("abc"u8);
            arena.Append(ExternalAt(0), 5);
            ArenaMark mark = arena.GetMark();
            Assert.Equal((2, 5u, 8L), (mark.EntryCount, (uint)mark.LastEntryLength, mark.TotalLength));

            // Bytes that continue the last entry in memory extend it instead of adding an entry.
            arena.Append(ExternalAt(5), 3);
            Assert.Equal([((nint)scratch, 3), ((nint)ExternalAt(0), 8)], Entries(arena));
            Assert.Equal(11, arena.TotalLength);

            arena.RollBack(mark);
            Assert.Equal([((nint)scratch, 3), ((nint)ExternalAt(0), 5)], Entries(arena));
            Assert.Equal(8, arena.TotalLength);
        }
        finally
        {
            arena.Dispose();
        }
    }

    [Fact]
    public void AMarkTakenWithANewRunOpen_CountsThatRunAsTheLastEntry_OnlyOnceItHoldsBytes()
    {
        byte* scratch = stackalloc byte[256];
        StagingArena arena = new(scratch, 256, new BufferPool(8), retainFirstChunk: false);
        try
        {
            arena.Append(ExternalAt(0), 5);
            arena.Reserve(4);
            ArenaMark empty = arena.GetMark();
            Assert.Equal((1, 5u, 5L), (empty.EntryCount, (uint)empty.LastEntryLength, empty.TotalLength));

            arena.Commit(2);
            ArenaMark holding = arena.GetMark();
            Assert.Equal((2, 2u, 7L), (holding.EntryCount, (uint)holding.LastEntryLength, holding.TotalLength));

            arena.AppendCopy("zz"u8);
            arena.RollBack(holding);
            Assert.Equal([((nint)ExternalAt(0), 5), ((nint)scratch, 2)], Entries(arena));

            arena.RollBack(empty);
            Assert.Equal([((nint)ExternalAt(0), 5)], Entries(arena));
            Assert.Equal(5, arena.TotalLength);
        }
        finally
        {
            arena.Dispose();
        }
    }

    [Fact]
    public void AppendingNoBytes_LeavesTheOpenRunOpen()
    {
        byte* scratch = stackalloc byte[256];
        StagingArena arena = new(scratch, 256, new BufferPool(8), retainFirstChunk: false);
        try
        {
            arena.AppendCopy("ab"u8);
            arena.Append(ExternalAt(0), 0);
            arena.AppendZeros(0);
            arena.AppendCopy("cd"u8);

            Assert.Equal([((nint)scratch, 4)], Entries(arena));
            Assert.Equal(4, arena.TotalLength);
        }
        finally
        {
            arena.Dispose();
        }
    }

    [Fact]
    public void PinningEmptyMemory_PinsNothing_AndGivesNoAddress()
    {
        CountingMemory empty = new(0);
        byte* scratch = stackalloc byte[64];
        StagingArena arena = new(scratch, 64, new BufferPool(8), retainFirstChunk: false);
        try
        {
            Assert.True(arena.Pin(empty.Memory) is null, "Empty memory got an address.");
        }
        finally
        {
            arena.Dispose();
        }

        Assert.Equal((0, 0), (empty.Pins, empty.Unpins));
    }

    [Fact]
    public void RoomAtTheCursor_IsOfferedOnlyWithARunOpen_UpToTheExactEndOfTheArea_EvenWithTheLimitShut()
    {
        byte* scratch = stackalloc byte[64];
        StagingArena arena = new(scratch, 64, new BufferPool(8), retainFirstChunk: false);
        try
        {
            // No run is open yet: the first reservation must take the slow path, which opens one.
            Assert.False(arena.HasRoom(1));
            Assert.False(arena.TryRoomInRun(1, out _));

            // "ab" opens a run in the scratch: the 62 bytes after it fit exactly, 63 do not.
            arena.AppendCopy("ab"u8);
            Assert.True(arena.HasRoom(62));
            Assert.False(arena.HasRoom(63));
            Assert.True(arena.TryRoomInRun(62, out byte* room));
            Assert.True(room == scratch + 2, "The room does not start at the cursor.");
            Assert.False(arena.TryRoomInRun(63, out _));

            // A shut limit fails HasRoom but leaves the run's own room.
            arena.ShutLimit();
            Assert.False(arena.HasRoom(1));
            Assert.True(arena.TryRoomInRun(62, out _));
        }
        finally
        {
            arena.Dispose();
        }
    }
}
