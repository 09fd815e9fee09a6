using System;
using System.Collections.Generic;

namespace Ht2.Tests.IO;

/// <summary>
/// Where an IovecBuilder's bytes and entries live as it grows: a referenced payload's prefix stays in the caller's
/// scratch, every grown entry buffer goes back to the pool once, and every pin survives the growth of the pin list.
/// </summary>
public sealed unsafe class IovecBuilderGrowthTests
{
    [Fact]
    public void AReferencedPayload_ReservesOnlyItsPrefix_SoThePrefixStaysInTheScratch()
    {
        byte* scratch = stackalloc byte[64];
        byte[] payload = new byte[1000];
        IovecBuilder builder = new(stackalloc Iovec[4], new Span<byte>(scratch, 64), new BufferPool(8)) { CopyThreshold = 0 };
        try
        {
            PingFrame ping = new() { OpaqueData = 7 };
            builder.AddFrame(in ping);
            TestDataFrame data = new(1);
            builder.AddFrame(in data, payload);

            // The PING (17 bytes) and the DATA header (9 bytes) share the scratch; the payload is referenced.
            Assert.Equal(2, builder.IovecCount);
            Assert.True(builder.Iovecs[0].Base == scratch, "the first entry is not in the scratch");
            Assert.Equal(26u, (uint)builder.Iovecs[0].Length);
            Assert.Equal(1000u, (uint)builder.Iovecs[1].Length);
        }
        finally
        {
            builder.Dispose();
        }
    }

    [Fact]
    public void FramesWithoutAVariablePart_ReferencingEverything_ShareOneEntry()
    {
        IovecBuilder builder = new(stackalloc Iovec[4], stackalloc byte[256], new BufferPool(8)) { CopyThreshold = 0 };
        try
        {
            PingFrame ping = new() { OpaqueData = 1 };
            builder.AddFrame(in ping);
            builder.AddFrame(in ping);

            Assert.Equal(1, builder.IovecCount);
            Assert.Equal(34, builder.TotalLength);
        }
        finally
        {
            builder.Dispose();
        }
    }

    [Fact]
    public void ThreeHundredReferencedSegments_UnpinOnceEach_AndEachEntryBufferGoesBackToThePool()
    {
        BufferPool pool = new(buffersPerSizeClass: 8);
        CountingMemory[] payloads = new CountingMemory[300];
        IovecBuilder builder = new(stackalloc Iovec[4], default, pool) { CopyThreshold = 0 };
        try
        {
            for (int i = 0; i < payloads.Length; i++)
            {
                payloads[i] = new CountingMemory(16);
                builder.AddSegment(payloads[i].Memory);
            }

            // Separate arrays never touch: one entry each, in 4 KiB and then 8 KiB entry buffers (256 and 512 entries).
            Assert.Equal(300, builder.IovecCount);
        }
        finally
        {
            builder.Dispose();
        }

        foreach (CountingMemory payload in payloads)
        {
            Assert.Equal((1, 1), (payload.Pins, payload.Unpins));
        }

        Assert.Single(StagingArenaTests.RentPooledWithoutAllocating(pool, 4096, 4));
        Assert.Single(StagingArenaTests.RentPooledWithoutAllocating(pool, 8192, 4));
    }
}
