using System;
using System.IO;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.Win32.SafeHandles;
using Xunit;

namespace Ht2.Tests.IO;

/// <summary>
/// Boundaries of the vectored writers the other tests do not reach: a poll that reports no event, an empty batch
/// on a closed descriptor, the order of the argument checks, and a padded frame's bytes as the builder lays them out.
/// </summary>
public sealed class VectoredIOBoundaryTests
{
    private static readonly SafeFileHandle FakeHandle = new((IntPtr)1000, ownsHandle: false);

    // Pinned for the whole test run: the entries keep raw pointers into it.
    private static readonly byte[] Source = PinnedBytes.Counting(8, 0xA0);

    private static unsafe Iovec[] Entries()
    {
        fixed (byte* start = Source)
        {
            // Source lives on the pinned object heap: the addresses stay valid after fixed ends.
            return [new Iovec(start, 3), new Iovec(start + 3, 5)];
        }
    }

    [Fact]
    public void APollReportingNoEvent_IsRetriedAsAWrite_NotAnError()
    {
        FakeWritevSyscall fake = new() { PollRevents = 0, MaxCalls = 10 };
        fake.FailCalls[0] = Errno.EAGAIN;
        long written = -1;

        Worker.Run("writev", () => written = VectoredIO.Writev(FakeHandle, Entries(), fake, isSocket: false), TimeSpan.FromSeconds(5));

        Assert.Equal(8, written);
        Assert.Equal(Source, fake.Received.ToArray());
        Assert.Equal((2, 1), (fake.WriteCalls, fake.PollCalls));
    }

    [Fact]
    public void AnEmptyBatch_DoesNotTouchTheDescriptor_EvenAClosedOne()
    {
        SafeFileHandle closed = new((IntPtr)1001, ownsHandle: false);
        closed.Dispose();
        FakeWritevSyscall fake = new();

        Assert.Equal(0, VectoredIO.Writev(closed, ReadOnlySpan<Iovec>.Empty, fake, isSocket: false));
        Assert.Equal(0, VectoredIO.Writev(closed, ReadOnlySpan<Iovec>.Empty, fake, isSocket: true));
        Assert.Equal(0, fake.WriteCalls);
    }

    [Fact]
    public async Task AGatheringSocketSendThatTakesNothing_IsAnIOException_NotASpin()
    {
        using Loopback loopback = new();
        FakeWritevSyscall fake = new() { MaxBytesPerCall = 0, MaxCalls = 10 };
        SocketTransport transport = new(loopback.Client, fake, gather: true);
        Iovec[] entries = Entries();

        // On the thread pool: a send loop that never reaches an await spins there, and the bounded wait fails the test.
        Task<long> send = Task.Run(() => transport.WriteAsync(entries, CancellationToken.None).AsTask());
        await Assert.ThrowsAsync<IOException>(() => send.Within(TimeSpan.FromSeconds(5)));
        Assert.Equal(1, fake.DontWaitCalls);
    }

    [Fact]
    public void WriteFrames_ChecksThePoolBeforeThePayloadCount()
    {
        ReadOnlyMemory<byte>[] two = [new byte[1], new byte[1]];

        ArgumentNullException error = Assert.Throws<ArgumentNullException>(
            () => VectoredIO.WriteFrames<PingFrame>(FakeHandle, ReadOnlySpan<PingFrame>.Empty, two, null!));
        Assert.Equal("pool", error.ParamName);
    }

    [Fact]
    public void APaddedFrameWithACopiedPayload_IsPrefixPayloadAndZeroPadding_ThenTheNextFrame()
    {
        IovecBuilder builder = new(stackalloc Iovec[4], stackalloc byte[256], new BufferPool(buffersPerSizeClass: 2));
        try
        {
            builder.AddFrame(new TestDataFrame(streamId: 1, padLength: 2), new byte[] { 0x68, 0x69 });
            builder.AddFrame(new TestDataFrame(streamId: 3), new byte[] { 0x21 });

            // RFC 9113 6.1: length 5 (Pad Length + 2 data + 2 padding), type DATA, PADDED (0x8), stream 1, Pad Length 2,
            // "hi", two zero octets; then length 1, no flags, stream 3, "!".
            byte[] expected =
            [
                0x00, 0x00, 0x05, 0x00, 0x08, 0x00, 0x00, 0x00, 0x01, 0x02, 0x68, 0x69, 0x00, 0x00,
                0x00, 0x00, 0x01, 0x00, 0x00, 0x00, 0x00, 0x00, 0x03, 0x21,
            ];
            Assert.Equal(expected.Length, builder.TotalLength);
            Assert.Equal(expected, Gather(builder.Iovecs));
        }
        finally
        {
            builder.Dispose();
        }
    }

    private static unsafe byte[] Gather(ReadOnlySpan<Iovec> entries)
    {
        System.IO.MemoryStream bytes = new();
        foreach (Iovec entry in entries)
        {
            bytes.Write(new ReadOnlySpan<byte>(entry.Base, checked((int)entry.Length)));
        }

        return bytes.ToArray();
    }
}
