using System;
using System.Buffers;
using System.IO;
using Microsoft.Win32.SafeHandles;

namespace Ht2.Tests.IO;

/// <summary>
/// The edges of the vectored writers: what poll's answer means, the handle reference held during a write, the coalesced
/// copy's single-entry and empty cases, buffer writers that hand out small spans, and zeroed padding in reused staging.
/// </summary>
public sealed unsafe class VectoredIOEdgeTests
{
    private static readonly SafeFileHandle FakeHandle = new((IntPtr)1000, ownsHandle: false);

    private static readonly byte[] Source = PinnedBytes.Counting(64, 1);

    // Source is static and on the pinned object heap.
    private static Iovec Entry(int offset, int length)
        => new((byte*)System.Runtime.CompilerServices.Unsafe.AsPointer(ref Source[0]) + offset, (nuint)length);

    [Fact]
    public void PollNval_IsEbadf_FromPoll()
    {
        FakeWritevSyscall fake = new() { PollRevents = 0x20 | 0x4 };
        fake.FailCalls[0] = Errno.EAGAIN;

        VectoredIOException error = Assert.Throws<VectoredIOException>(() => VectoredIO.Writev(FakeHandle, [Entry(0, 8)], fake, isSocket: false));

        Assert.Equal(("poll", Errno.EBADF, 0L), (error.Operation, error.Errno, error.BytesWritten));
        Assert.Equal(1, fake.WriteCalls);
    }

    [Theory]
    [InlineData(0x8)]
    [InlineData(0x10)]
    [InlineData(0x1)]
    public void PollErrorOrHangUp_LetsTheNextWriteReportWhatHappened(int revents)
    {
        FakeWritevSyscall fake = new() { PollRevents = revents, MaxBytesPerCall = 3 };
        fake.FailCalls[1] = Errno.EAGAIN;
        fake.FailCalls[2] = Errno.EPIPE;

        VectoredIOException error = Assert.Throws<VectoredIOException>(() => VectoredIO.Writev(FakeHandle, [Entry(0, 8)], fake, isSocket: true));

        Assert.Equal(("sendmsg", Errno.EPIPE, 3L), (error.Operation, error.Errno, error.BytesWritten));
        Assert.Equal(1, fake.PollCalls);
    }

    [Fact]
    public void APollInterruptedTwice_IsRetried_ThenAHardPollErrorThrows()
    {
        FakeWritevSyscall fake = new();
        fake.FailCalls[0] = Errno.EAGAIN;
        fake.FailPolls[0] = Errno.EINTR;
        fake.FailPolls[1] = Errno.EINTR;
        Assert.Equal(8, VectoredIO.Writev(FakeHandle, [Entry(0, 8)], fake, isSocket: false));
        Assert.Equal(3, fake.PollCalls);

        FakeWritevSyscall failing = new();
        failing.FailCalls[0] = Errno.EAGAIN;
        failing.FailPolls[0] = Errno.EINTR;
        failing.FailPolls[1] = 12 /* ENOMEM */;
        VectoredIOException error = Assert.Throws<VectoredIOException>(() => VectoredIO.Writev(FakeHandle, [Entry(0, 8)], failing, isSocket: false));
        Assert.Equal(("poll", 12 /* ENOMEM */), (error.Operation, error.Errno));
    }

    [Fact]
    public void AKernelReportingMoreThanOffered_IsAnIOException()
    {
        IOException error = Assert.Throws<IOException>(() =>
        {
            int index = 0;
            nuint offset = 0;
            VectoredIO.Advance([Entry(0, 4), Entry(4, 4)], ref index, ref offset, 9);
        });
        Assert.Equal("The system reported 1 more bytes written than were offered.", error.Message);

        int at = 0;
        nuint inside = 0;
        VectoredIO.Advance([Entry(0, 4), Entry(4, 0), Entry(4, 4)], ref at, ref inside, 4);
        Assert.Equal((2, 0u), (at, (uint)inside));
        VectoredIO.Advance([Entry(0, 4), Entry(4, 0), Entry(4, 4)], ref at, ref inside, 3);
        Assert.Equal((2, 3u), (at, (uint)inside));
        VectoredIO.Advance([Entry(0, 4), Entry(4, 0), Entry(4, 4)], ref at, ref inside, 1);
        Assert.Equal((3, 0u), (at, (uint)inside));
    }

    [Fact]
    public void Writev_ReleasesTheHandle_AfterSuccessAndFailure()
    {
        FakeWritevSyscall fake = new();
        fake.FailCalls[1] = Errno.EPIPE;
        ReleaseCountingHandle handle = new();

        Assert.Equal(8, VectoredIO.Writev(handle, [Entry(0, 8)], fake, isSocket: false));
        Assert.Throws<VectoredIOException>(() => VectoredIO.Writev(handle, [Entry(0, 8)], fake, isSocket: false));
        handle.Dispose();

        Assert.True(handle.Released, "a reference taken for a write was never released");
    }

    [Fact]
    public void ASingleEntry_IsWrittenInPlace_AndEmptyBatchesWriteNothing()
    {
        PointerStream stream = new();

        Assert.Equal(5, VectoredIO.WriteCoalesced(stream, [Entry(2, 5)]));
        Assert.True(stream.LastPointer == (byte*)Entry(2, 5).Base, "a single entry was copied");
        Assert.Equal(0, VectoredIO.WriteCoalesced(stream, [Entry(0, 0)]));
        Assert.Equal(0, VectoredIO.WriteCoalesced(stream, []));
        Assert.Equal(0, VectoredIO.WriteCoalesced(stream, [Entry(0, 0), Entry(0, 0)]));
        Assert.Equal(5, VectoredIO.WriteCoalesced(stream, [Entry(0, 0), Entry(2, 5)]));

        Assert.Equal(2, stream.Writes);
        Assert.True(stream.LastPointer != (byte*)Entry(2, 5).Base, "two entries are one copy");
        Assert.Equal(new byte[] { 3, 4, 5, 6, 7, 3, 4, 5, 6, 7 }, stream.ToArray());
    }

    [Fact]
    public void ABufferWriterWithSmallSpans_GetsEveryByteInOrder()
    {
        SmallSpanWriter writer = new(3);

        Assert.Equal(13, VectoredIO.WriteCoalesced(writer, [Entry(0, 5), Entry(10, 0), Entry(20, 8)]));

        Assert.Equal([.. Source.AsSpan(0, 5), .. Source.AsSpan(20, 8)], writer.Written.ToArray());
        Assert.Equal(5, writer.Advances);
        Assert.Equal(0, VectoredIO.WriteCoalesced(new SmallSpanWriter(3), []));
        Assert.Throws<ArgumentNullException>(() => VectoredIO.WriteCoalesced((IBufferWriter<byte>)null!, []));
    }

    [Fact]
    public void ABufferWriterWithLargeSpans_GetsOneAdvanceOfExactlyTheBatch()
    {
        SmallSpanWriter writer = new(1000);

        Assert.Equal(13, VectoredIO.WriteCoalesced(writer, [Entry(0, 5), Entry(20, 8)]));

        Assert.Equal(1, writer.Advances);
        Assert.Equal(13, writer.Written.Count);
    }

    [Fact]
    public void CopiedPadding_IsZero_EvenInDirtyStaging()
    {
        Span<byte> scratch = stackalloc byte[256];
        scratch.Fill(0xAA);
        IovecBuilder builder = new(stackalloc Iovec[4], scratch);
        try
        {
            TestDataFrame padded = new(1, padLength: 4);
            builder.AddFrame(in padded, new byte[] { 7, 7 });
            MemoryStream target = new();
            builder.WriteTo(target);

            // DATA (RFC 9113 §6.1): length 1 + 2 + 4 = 7, type 0, PADDED (0x8), stream 1, Pad Length 4, data, 4 zero bytes.
            Assert.Equal(new byte[] { 0, 0, 7, 0, 0x8, 0, 0, 0, 1, 4, 7, 7, 0, 0, 0, 0 }, target.ToArray());
        }
        finally
        {
            builder.Dispose();
        }
    }

    [Fact]
    public void TotalLength_CountsSegmentsAndPinnedSpans_CopiedOrReferenced()
    {
        IovecBuilder builder = new(stackalloc Iovec[4], stackalloc byte[64]) { CopyThreshold = 8 };
        try
        {
            builder.AddSegment(Source.AsMemory(0, 3));
            Assert.Equal(3, builder.TotalLength);
            builder.AddSegment(Source.AsMemory(0, 20));
            Assert.Equal(23, builder.TotalLength);
            builder.AddPinned(Source.AsSpan(0, 5));
            Assert.Equal(28, builder.TotalLength);
            builder.AddPinned(Source.AsSpan(10, 30));
            Assert.Equal(58, builder.TotalLength);
            builder.AddSegment(ReadOnlyMemory<byte>.Empty);
            builder.AddPinned(ReadOnlySpan<byte>.Empty);
            Assert.Equal((58, 4), (builder.TotalLength, builder.IovecCount));
        }
        finally
        {
            builder.Dispose();
        }
    }

    /// <summary>A write-only stream that records where the last bytes written came from.</summary>
    private sealed class PointerStream : Stream
    {
        private readonly MemoryStream _inner = new();

        public byte* LastPointer { get; private set; }

        public int Writes { get; private set; }

        public override bool CanRead => false;

        public override bool CanSeek => false;

        public override bool CanWrite => true;

        public override long Length => _inner.Length;

        public override long Position { get => _inner.Position; set => throw new NotSupportedException(); }

        public byte[] ToArray() => _inner.ToArray();

        public override void Write(ReadOnlySpan<byte> buffer)
        {
            Writes++;
            LastPointer = (byte*)System.Runtime.CompilerServices.Unsafe.AsPointer(ref System.Runtime.InteropServices.MemoryMarshal.GetReference(buffer));
            _inner.Write(buffer);
        }

        public override void Write(byte[] buffer, int offset, int count) => Write(buffer.AsSpan(offset, count));

        public override void Flush()
        {
        }

        public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();
    }

    /// <summary>A buffer writer whose spans never exceed <paramref name="spanLength"/> bytes.</summary>
    private sealed class SmallSpanWriter(int spanLength) : IBufferWriter<byte>
    {
        private readonly byte[] _span = new byte[spanLength];

        public System.Collections.Generic.List<byte> Written { get; } = [];

        public int Advances { get; private set; }

        public void Advance(int count)
        {
            Advances++;
            Written.AddRange(_span.AsSpan(0, count).ToArray());
        }

        public Memory<byte> GetMemory(int sizeHint = 0) => _span;

        public Span<byte> GetSpan(int sizeHint = 0) => _span;
    }
}
