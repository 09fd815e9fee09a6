using System;
using System.IO;
using System.Net.Sockets;
using System.Runtime.InteropServices;
using Microsoft.Win32.SafeHandles;

namespace Ht2.Tests.IO;

/// <summary>The IO entry points refuse bad arguments with the documented exception, and take the copy threshold exactly.</summary>
public sealed unsafe class ArgumentTests
{
    [Fact]
    public void NullTargets_AreArgumentNullExceptions()
    {
        Iovec[] none = [];
        Assert.Throws<ArgumentNullException>(() => VectoredIO.WriteCoalesced((Stream)null!, none));
        Assert.Throws<ArgumentNullException>(() => VectoredIO.Writev((SafeHandle)null!, none));
        Assert.Throws<ArgumentNullException>(() => VectoredIO.Writev((Socket)null!, none));
        Assert.Throws<ArgumentNullException>(() => VectoredIO.WriteDataFrames(null!, 1, ReadOnlySpan<ReadOnlyMemory<byte>>.Empty, endStream: true));
        Assert.Throws<ArgumentNullException>(() => VectoredIO.WriteFrames<PingFrame>(null!, ReadOnlySpan<PingFrame>.Empty, ReadOnlySpan<ReadOnlyMemory<byte>>.Empty, BufferPool.Shared));
        using SafeFileHandle empty = SealedMemoryFile.Create(0); // takes no byte: an argument check that wrote would fail differently
        Assert.Throws<ArgumentNullException>(() => VectoredIO.WriteFrames<PingFrame>(empty, ReadOnlySpan<PingFrame>.Empty, ReadOnlySpan<ReadOnlyMemory<byte>>.Empty, null!));
        Assert.Throws<ArgumentNullException>(() => new IovecBuilder(default, default, null!));
    }

    [Fact]
    public void WriteFrames_TakesAsManyPayloadsAsFrames_NotMore()
    {
        // Exactly one PING's room: a write loop that repeats bytes fails on the seal instead of spinning.
        using SafeFileHandle file = SealedMemoryFile.Create(17);
        PingFrame[] frames = [new() { OpaqueData = 1 }];
        ReadOnlyMemory<byte>[] one = [ReadOnlyMemory<byte>.Empty];
        ReadOnlyMemory<byte>[] two = [ReadOnlyMemory<byte>.Empty, ReadOnlyMemory<byte>.Empty];
        Assert.Equal(17, VectoredIO.WriteFrames<PingFrame>(file, frames, one, BufferPool.Shared));
        byte[] ping = [0, 0, 8, 0x6, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1]; // RFC 9113 §6.7: length 8, type 6, stream 0
        Assert.Equal(ping, SealedMemoryFile.ReadAll(file, 17));
        ArgumentException error = Assert.Throws<ArgumentException>(() => VectoredIO.WriteFrames<PingFrame>(file, frames, two, BufferPool.Shared));
        Assert.Equal("payloads", error.ParamName);
        Assert.Contains("more payloads than frames", error.Message);
    }

    [Theory]
    [InlineData(-1)]
    [InlineData(1025)]
    public void BufferPool_RefusesCountsOutside0To1024(int count) =>
        Assert.Throws<ArgumentOutOfRangeException>(() => new BufferPool(count));

    [Theory]
    [InlineData(0)]
    [InlineData(1024)]
    public void BufferPool_Accepts0And1024(int count) => Assert.Equal(count, new BufferPool(count).BuffersPerSizeClass);

    [Fact]
    public void IovecBuilder_NegativeCopyThreshold_IsRefused()
    {
        IovecBuilder builder = new(default, default);
        try
        {
            builder.CopyThreshold = 0;
            Assert.Equal(0, builder.CopyThreshold);
            bool refused = false;
            try
            {
                builder.CopyThreshold = -1;
            }
            catch (ArgumentOutOfRangeException)
            {
                refused = true;
            }

            Assert.True(refused);
            Assert.Equal(0, builder.CopyThreshold);
        }
        finally
        {
            builder.Dispose();
        }
    }

    [Fact]
    public void SegmentsAndPinnedSpans_OfExactlyTheThreshold_AreReferenced_OneLessIsCopied()
    {
        byte[] exact = GC.AllocateArray<byte>(16, pinned: true);
        byte[] shorter = GC.AllocateArray<byte>(15, pinned: true);
        fixed (byte* exactPointer = exact)
        fixed (byte* shorterPointer = shorter)
        {
            Span<byte> scratch = stackalloc byte[256];
            foreach (bool pinnedApi in new[] { false, true })
            {
                IovecBuilder builder = new(default, scratch) { CopyThreshold = 16 };
                try
                {
                    Add(ref builder, shorter, pinnedApi);
                    Add(ref builder, exact, pinnedApi);
                    Assert.Equal(31, builder.TotalLength);
                    Assert.Equal(2, builder.IovecCount);
                    Assert.True(builder.Iovecs[0].Base != shorterPointer, "A segment below the threshold is copied.");
                    Assert.Equal(15u, (uint)builder.Iovecs[0].Length);
                    Assert.True(builder.Iovecs[1].Base == exactPointer, "A segment of exactly the threshold is referenced.");
                    Assert.Equal(16u, (uint)builder.Iovecs[1].Length);
                }
                finally
                {
                    builder.Dispose();
                }
            }
        }

        static void Add(ref IovecBuilder builder, byte[] bytes, bool pinnedApi)
        {
            if (pinnedApi)
            {
                builder.AddPinned(bytes);
            }
            else
            {
                builder.AddSegment(bytes);
            }
        }
    }
}
