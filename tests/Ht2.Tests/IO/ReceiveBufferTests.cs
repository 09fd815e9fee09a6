using System;

namespace Ht2.Tests.IO;

/// <summary>The one receive buffer: unconsumed bytes stay contiguous, move to the front or to a larger buffer only when needed.</summary>
public sealed class ReceiveBufferTests
{
    private static void Receive(ReceiveBuffer buffer, int needed, byte[] bytes)
    {
        Memory<byte> free = buffer.GetMemory(needed);
        bytes.CopyTo(free);
        buffer.Advance(bytes.Length);
    }

    private static byte[] Sequence(int length, int start)
    {
        byte[] bytes = new byte[length];
        for (int i = 0; i < length; i++)
        {
            bytes[i] = (byte)(start + i);
        }

        return bytes;
    }

    [Fact]
    public void A_full_tail_moves_the_unconsumed_bytes_to_the_front()
    {
        ReceiveBuffer buffer = new(new BufferPool(), 4096);
        int capacity = buffer.GetMemory(1).Length;
        Assert.True(capacity >= 4096);
        Receive(buffer, 1, Sequence(capacity, 0));
        buffer.Consume(capacity - 3);

        Memory<byte> free = buffer.GetMemory(10);

        Assert.Equal(capacity - 3, free.Length);
        Assert.Equal(Sequence(3, capacity - 3), buffer.Span.ToArray());
    }

    [Fact]
    public void A_need_beyond_the_length_moves_the_bytes_to_a_larger_buffer()
    {
        ReceiveBuffer buffer = new(new BufferPool(), 4096);
        int capacity = buffer.GetMemory(1).Length;
        Receive(buffer, 1, Sequence(5, 10));
        buffer.Consume(2);

        Memory<byte> free = buffer.GetMemory(capacity + 100);

        Assert.True(free.Length >= capacity + 100 - 3);
        Assert.Equal(Sequence(3, 12), buffer.Span.ToArray());
    }

    [Fact]
    public void Room_left_in_the_tail_moves_nothing_and_consuming_everything_starts_at_the_front()
    {
        ReceiveBuffer buffer = new(new BufferPool(), 4096);
        int capacity = buffer.GetMemory(1).Length;
        Receive(buffer, 1, Sequence(10, 0));
        buffer.Consume(4);

        Assert.Equal(capacity - 10, buffer.GetMemory(6).Length);
        Assert.Equal(Sequence(6, 4), buffer.Memory.ToArray());

        buffer.Consume(6);
        Assert.Equal(0, buffer.Count);
        Assert.Equal(capacity, buffer.GetMemory(1).Length);
    }

    [Fact]
    public void Release_and_Clear_forget_the_bytes()
    {
        ReceiveBuffer buffer = new(new BufferPool(), 4096);
        Receive(buffer, 1, Sequence(10, 0));
        buffer.Clear();
        Assert.Equal(0, buffer.Count);

        Receive(buffer, 1, Sequence(10, 0));
        buffer.Release();
        Assert.Equal(0, buffer.Count);
        Receive(buffer, 1, Sequence(2, 5));
        Assert.Equal(Sequence(2, 5), buffer.Span.ToArray());
    }

    [Fact]
    public void A_full_buffer_still_offers_at_least_one_byte_keeping_what_it_holds()
    {
        ReceiveBuffer buffer = new(new BufferPool(), 4096);
        int capacity = buffer.GetMemory(1).Length;
        Receive(buffer, 1, Sequence(capacity, 0));

        Memory<byte> free = buffer.GetMemory(1);

        Assert.True(free.Length >= 1);
        Assert.Equal(Sequence(capacity, 0), buffer.Span.ToArray());
    }

    [Fact]
    public void The_first_rent_covers_a_need_above_the_initial_length()
    {
        ReceiveBuffer buffer = new(new BufferPool(), 4096);

        Assert.True(buffer.GetMemory(10_000).Length >= 10_000);
        Assert.Equal(0, buffer.Count);
    }

    [Fact]
    public void A_need_that_exactly_fits_the_tail_or_the_buffer_neither_moves_nor_grows()
    {
        ReceiveBuffer buffer = new(new BufferPool(), 4096);
        int capacity = buffer.GetMemory(1).Length;
        Receive(buffer, 1, Sequence(10, 0));
        buffer.Consume(4);

        // From the first unconsumed byte to the end is exactly capacity - 4: nothing moves.
        Memory<byte> tail = buffer.GetMemory(capacity - 4);
        Assert.Equal(capacity - 10, tail.Length);

        // The whole buffer is exactly what is needed: the bytes move to the front of the same buffer, no larger one is rented.
        Memory<byte> compacted = buffer.GetMemory(capacity);
        Assert.Equal(capacity - 6, compacted.Length);
        Assert.True(compacted.Span.Overlaps(tail.Span));
        Assert.Equal(Sequence(6, 4), buffer.Span.ToArray());
    }

    [Fact]
    public unsafe void Outgrown_and_released_buffers_go_back_to_the_pool()
    {
        BufferPool pool = new(1);
        ReceiveBuffer buffer = new(pool, 4096);
        byte* first = (byte*)System.Runtime.CompilerServices.Unsafe.AsPointer(ref buffer.GetMemory(1).Span[0]);
        Receive(buffer, 1, Sequence(3, 0));
        byte* second = (byte*)System.Runtime.CompilerServices.Unsafe.AsPointer(ref buffer.GetMemory(8192).Span[0]);
        Assert.Equal(Sequence(3, 0), buffer.Span.ToArray());

        // Pool buffers live on the pinned object heap, so their addresses identify them.
        PinnedBuffer again = pool.Rent(4096);
        Assert.True(again.Pointer == first, "the outgrown buffer was not returned");
        buffer.Release();
        Assert.Equal(0, buffer.Count);
        PinnedBuffer larger = pool.Rent(8192);
        Assert.True(larger.Pointer + 3 == second, "the released buffer was not returned");
    }
}
