using System;

namespace Ht2.Tests.Session;

/// <summary>
/// The arena a decoded header section is copied into: its fields come back as they went in, and it grows only when a
/// field does not fit, to at least twice its size, so a session's arena settles after a few sections and copies
/// without allocating from then on. Measured with the calling thread's allocation counter, in rounds on fresh arenas:
/// a round may see a few bytes once while tiered compilation replaces the methods, a growth shows in every round.
/// </summary>
public sealed class HeaderFieldArenaTests
{
    // The arena starts with 1,024 bytes of field text and room for 16 fields (4 ints each).
    private const int FirstBytes = 1024, FirstFields = 16;

    [Fact]
    public void Fields_that_fill_the_arena_exactly_fit_without_growing()
    {
        byte[] name = "n"u8.ToArray(), value = new byte[FirstBytes - 1];
        HeaderFieldArena arena = AssertSomeRoundAllocatesNothing(() => new HeaderFieldArena(), a => a.Add(name, value));
        Assert.Equal(name, arena.GetName(0).ToArray());
        Assert.Equal(value.Length, arena.GetValue(0).Length);
    }

    [Fact]
    public void A_grown_arena_has_room_for_twice_its_first_size()
    {
        byte[] big = new byte[FirstBytes + 1], rest = new byte[FirstBytes - 2];
        HeaderFieldArena arena = AssertSomeRoundAllocatesNothing(
            () =>
            {
                HeaderFieldArena grown = new();
                grown.Add([], big);
                return grown;
            },
            a => a.Add("x"u8, rest)); // 1,025 + 1 + 1,022 = 2,048 bytes: the grown arena holds them all.
        Assert.Equal(2, arena.Count);
        Assert.Equal("x"u8.ToArray(), arena.GetName(1).ToArray());
        Assert.Equal(rest.Length, arena.GetValue(1).Length);
    }

    [Fact]
    public void As_many_fields_as_the_first_table_holds_fit_without_growing()
    {
        byte[] field = "f"u8.ToArray();
        HeaderFieldArena arena = AssertSomeRoundAllocatesNothing(() => new HeaderFieldArena(), a =>
        {
            for (int i = 0; i < FirstFields; i++)
            {
                a.Add(field, field);
            }
        });
        Assert.Equal(FirstFields, arena.Count);
        Assert.Equal(field, arena.GetValue(FirstFields - 1).ToArray());
    }

    /// <summary>Runs <paramref name="measured"/> on fresh arenas until one run allocates nothing (at most three); returns that arena.</summary>
    private static HeaderFieldArena AssertSomeRoundAllocatesNothing(Func<HeaderFieldArena> setUp, Action<HeaderFieldArena> measured)
    {
        long[] rounds = new long[3];
        for (int i = 0; i < rounds.Length; i++)
        {
            HeaderFieldArena arena = setUp();
            long before = GC.GetAllocatedBytesForCurrentThread();
            measured(arena);
            rounds[i] = GC.GetAllocatedBytesForCurrentThread() - before;
            if (rounds[i] == 0)
            {
                return arena;
            }
        }

        Assert.Fail($"Every round allocated: {string.Join(", ", rounds)} B.");
        return null!;
    }
}
