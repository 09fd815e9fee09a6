using System;
using System.Buffers;
using System.IO;
using System.IO.Pipelines;
using Microsoft.Win32.SafeHandles;
using Xunit;

namespace Ht2.Tests.IO;

/// <summary>What the builder stages, copies, references and merges, and that every target gets the same bytes.</summary>
public sealed unsafe class IovecBuilderTests
{
    private static readonly SafeFileHandle FakeHandle = new((IntPtr)1000, ownsHandle: false);

    [Fact]
    public void SmallFrames_ShareOneEntry()
    {
        IovecBuilder builder = new(stackalloc Iovec[8], stackalloc byte[1024]);
        try
        {
            for (int i = 0; i < 50; i++)
            {
                TestPingFrame ping = new((ulong)i);
                builder.AddFrame(in ping);
            }

            TestDataFrame data = new(1, padLength: 3);
            builder.AddFrame(in data, new byte[] { 1, 2, 3 });

            Assert.Equal(1, builder.IovecCount);
            Assert.Equal((50 * 17) + 10 + 3 + 3, builder.TotalLength);
        }
        finally
        {
            builder.Dispose();
        }
    }

    [Fact]
    public void LargePayload_IsReferencedInPlace_AndPaddingComesFromTheZeroBuffer()
    {
        byte[] payload = GC.AllocateArray<byte>(4096, pinned: true);
        IovecBuilder builder = new(stackalloc Iovec[8], stackalloc byte[256]);
        try
        {
            TestDataFrame padded = new(3, padLength: 200);
            builder.AddFrame(in padded, payload);
            TestPingFrame ping = new(7);
            builder.AddFrame(in ping);

            ReadOnlySpan<Iovec> entries = builder.Iovecs;
            Assert.Equal(4, entries.Length);
            Assert.Equal(10u, (uint)entries[0].Length);
            fixed (byte* start = payload)
            {
                Assert.True(entries[1].Base == start);
            }

            Assert.Equal(4096u, (uint)entries[1].Length);
            Assert.True(entries[2].Base == ZeroPadding.Pointer);
            Assert.Equal(200u, (uint)entries[2].Length);
            Assert.Equal(17u, (uint)entries[3].Length);
            Assert.True((byte*)entries[0].Base + 10 == entries[3].Base); // staging continues behind the prefix
        }
        finally
        {
            builder.Dispose();
        }
    }

    [Fact]
    public void CopyThreshold_DecidesBetweenCopyAndReference()
    {
        byte[] payload = new byte[100];
        IovecBuilder builder = new(stackalloc Iovec[8], stackalloc byte[512]);
        try
        {
            Assert.Equal(IovecBuilder.DefaultCopyThreshold, builder.CopyThreshold);
            builder.CopyThreshold = 100;
            TestDataFrame data = new(1);
            builder.AddFrame(in data, payload);
            Assert.Equal(2, builder.IovecCount); // exactly at the threshold: referenced

            builder.CopyThreshold = 101;
            builder.AddFrame(in data, payload);
            Assert.Equal(3, builder.IovecCount); // copied behind its prefix, one new entry
        }
        finally
        {
            builder.Dispose();
        }

        IovecBuilder everything = new(stackalloc Iovec[4], stackalloc byte[64]) { CopyThreshold = int.MaxValue };
        try
        {
            byte[] big = MixedBatch.Source(100_000, 1);
            TestDataFrame data = new(1);
            everything.AddFrame(in data, big);
            Assert.Equal(1, everything.IovecCount); // too big for the 64-byte scratch: prefix and payload went to one pooled chunk
            Assert.Equal(100_009, everything.TotalLength);
        }
        finally
        {
            everything.Dispose();
        }
    }

    [Fact]
    public void MixedBatch_ThroughOneByteWrites_IsByteExact_EvenAfterScratchOverflows()
    {
        byte[] source = MixedBatch.Source(20_000, 5);
        IovecBuilder builder = new(stackalloc Iovec[4], stackalloc byte[64]);
        try
        {
            byte[] expected = MixedBatch.Add(ref builder, source, 4000, seed: 9);
            FakeWritevSyscall fake = new() { MaxBytesPerCall = 1000 };
            fake.FailCalls[3] = Errno.EAGAIN;
            fake.FailCalls[4] = Errno.EINTR;

            Assert.True(builder.IovecCount > VectoredIO.IovMax);
            Assert.Equal(expected.Length, builder.TotalLength);
            Assert.Equal(expected.Length, builder.WriteTo(FakeHandle, fake, isSocket: true));
            Assert.Equal(expected, fake.Received.ToArray());

            // The batch is kept: writing again gives the same bytes.
            MemoryStream again = new();
            Assert.Equal(expected.Length, builder.WriteTo(again));
            Assert.Equal(expected, again.ToArray());
        }
        finally
        {
            builder.Dispose();
        }
    }

    [Fact]
    public void InvalidFrame_Throws_AndLeavesTheBatchUnchanged()
    {
        IovecBuilder builder = new(stackalloc Iovec[4], stackalloc byte[64]);
        try
        {
            TestPingFrame ping = new(1);
            builder.AddFrame(in ping);
            TestDataFrame bad = new(uint.MaxValue);
            try
            {
                builder.AddFrame(in bad, new byte[10]);
                Assert.Fail("Expected an exception.");
            }
            catch (ArgumentException)
            {
            }

            Assert.Equal(1, builder.IovecCount);
            Assert.Equal(17, builder.TotalLength);
        }
        finally
        {
            builder.Dispose();
        }
    }

    [Fact]
    public void SegmentsAndPinnedSpans_KeepTheirOrder()
    {
        byte[] big = GC.AllocateArray<byte>(3000, pinned: true);
        big.AsSpan().Fill(7);
        Span<byte> small = stackalloc byte[] { 1, 2, 3 };
        IovecBuilder builder = new(stackalloc Iovec[4], stackalloc byte[64]);
        try
        {
            builder.AddSegment(new byte[] { 9, 9 });
            builder.AddPinned(small);
            builder.AddPinned(big);
            builder.AddSegment(big.AsMemory(0, 2500));

            MemoryStream target = new();
            builder.WriteTo(target);
            byte[] bytes = target.ToArray();
            Assert.Equal(2 + 3 + 3000 + 2500, bytes.Length);
            Assert.Equal(new byte[] { 9, 9, 1, 2, 3 }, bytes[..5]);
            Assert.All(bytes[5..], b => Assert.Equal(7, b));
            Assert.Equal(3, builder.IovecCount); // staging, the pinned array, then its first 2500 bytes again
        }
        finally
        {
            builder.Dispose();
        }
    }

    [Fact]
    public void StreamTarget_GetsExactlyOneWrite()
    {
        byte[] source = MixedBatch.Source(20_000, 6);
        IovecBuilder builder = new(stackalloc Iovec[16], stackalloc byte[512]);
        try
        {
            byte[] expected = MixedBatch.Add(ref builder, source, 300, seed: 4);
            CountingStream target = new();

            Assert.Equal(expected.Length, builder.WriteTo(target));
            Assert.Equal(1, target.Writes);
            Assert.Equal(expected, target.ToArray());
        }
        finally
        {
            builder.Dispose();
        }
    }

    [Fact]
    public void PipeWriterTarget_IsByteExact()
    {
        byte[] source = MixedBatch.Source(20_000, 8);
        Pipe pipe = new(new PipeOptions(pauseWriterThreshold: 0));
        byte[] expected;
        IovecBuilder builder = new(stackalloc Iovec[16], stackalloc byte[512]);
        try
        {
            expected = MixedBatch.Add(ref builder, source, 300, seed: 2);
            Assert.Equal(expected.Length, builder.WriteTo(pipe.Writer));
        }
        finally
        {
            builder.Dispose();
        }

        pipe.Writer.Complete();
        Assert.True(pipe.Reader.TryRead(out ReadResult result));
        Assert.Equal(expected, result.Buffer.ToArray());
    }

    [Fact]
    public void ClearAndDispose_ResetEverything()
    {
        byte[] source = MixedBatch.Source(20_000, 3);
        IovecBuilder builder = new(stackalloc Iovec[4], stackalloc byte[64]) { CopyThreshold = 100 };
        MixedBatch.Add(ref builder, source, 500, seed: 1);
        builder.Clear();
        Assert.Equal(0, builder.IovecCount);
        Assert.Equal(0, builder.TotalLength);
        Assert.Equal(100, builder.CopyThreshold);

        byte[] expected = MixedBatch.Add(ref builder, source, 500, seed: 2);
        MemoryStream target = new();
        builder.WriteTo(target);
        Assert.Equal(expected, target.ToArray());

        builder.Dispose();
        Assert.Equal(0, builder.IovecCount);
        Assert.Equal(IovecBuilder.DefaultCopyThreshold, builder.CopyThreshold);

        // default(IovecBuilder) works too: everything comes from the pools.
        IovecBuilder empty = default;
        TestPingFrame ping = new(5);
        empty.AddFrame(in ping);
        Assert.Equal(17, empty.TotalLength);
        empty.Dispose();
    }

    private sealed class CountingStream : MemoryStream
    {
        public int Writes { get; private set; }

        public override void Write(byte[] buffer, int offset, int count)
        {
            Writes++;
            base.Write(buffer, offset, count);
        }

        public override void Write(ReadOnlySpan<byte> buffer)
        {
            Writes++;
            base.Write(buffer);
        }
    }
}
