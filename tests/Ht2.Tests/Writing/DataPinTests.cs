using System;
using System.Buffers;
using System.Collections.Generic;
using System.IO;

namespace Ht2.Tests.Writing;

/// <summary>
/// DATA chunks are pinned once each, however many frames they are cut into; a DATA add that fails half-way (a chunk
/// that cannot be pinned, after frames of the chunks before it were staged) leaves the batch, the pins and the
/// caller's cursor exactly as they were before the call.
/// </summary>
public sealed class DataPinTests
{
    /// <summary>Memory that counts its pins and releases, and refuses to be pinned when told to.</summary>
    private sealed unsafe class PinProbeMemory(byte[] bytes, bool refusePin) : MemoryManager<byte>
    {
        // The array lives on the pinned object heap, so a pointer into it stays valid.
        private readonly byte[] _bytes = CopyPinned(bytes);

        public int Pins { get; private set; }

        public int Unpins { get; private set; }

        public override Span<byte> GetSpan() => _bytes;

        public override MemoryHandle Pin(int elementIndex = 0)
        {
            if (refusePin)
            {
                throw new InvalidOperationException("This memory cannot be pinned.");
            }

            Pins++;
            return new MemoryHandle((byte*)System.Runtime.CompilerServices.Unsafe.AsPointer(ref _bytes[elementIndex]), pinnable: this);
        }

        public override void Unpin() => Unpins++;

        protected override void Dispose(bool disposing)
        {
        }

        private static byte[] CopyPinned(byte[] source)
        {
            byte[] copy = GC.AllocateArray<byte>(source.Length, pinned: true);
            source.CopyTo(copy, 0);
            return copy;
        }
    }

    [Fact]
    public void AChunkCutIntoSeveralFrames_IsPinnedOnce_AndReleasedOnceAtTheFlush()
    {
        using MultiFrameWriter writer = new();
        byte[] bytes = new byte[40_000];
        bytes[0] = 0x41;
        bytes[^1] = 0x5A;
        PinProbeMemory body = new(bytes, refusePin: false);
        writer.AddDataFrames(1, [ReadOnlyMemory<byte>.Empty, body.Memory], endStream: true);
        Assert.Equal(3, writer.FrameCount);
        Assert.Equal(1, body.Pins);
        Assert.Equal(0, body.Unpins);

        List<byte> expected = new();
        Wire.Data(expected, 1, bytes[..16_384], endStream: false);
        Wire.Data(expected, 1, bytes[16_384..32_768], endStream: false);
        Wire.Data(expected, 1, bytes[32_768..], endStream: true);
        MemoryStream output = new();
        writer.FlushTo(output);
        Assert.Equal(expected.ToArray(), output.ToArray());
        Assert.Equal(1, body.Pins);
        Assert.Equal(1, body.Unpins);
    }

    [Fact]
    public void ADisposedWriter_RefusesDataAndHeaderBlocks_BeforePinningThem()
    {
        MultiFrameWriter writer = new() { CopyThreshold = 0 };
        writer.Dispose();
        PinProbeMemory body = new([1, 2, 3], refusePin: false);
        PinProbeMemory block = new([0x82, 0x86, 0x84], refusePin: false);

        Assert.Throws<ObjectDisposedException>(() => writer.AddData(1, body.Memory, endStream: true));
        Assert.Throws<ObjectDisposedException>(() => writer.AddHeadersWithContinuations(1, block.Memory, endStream: true, 16_384));
        Assert.Equal(0, body.Pins);
        Assert.Equal(0, block.Pins);
    }

    [Fact]
    public void DataWhoseSecondChunkCannotBePinned_LeavesTheBatchAndItsPinsAsTheyWere()
    {
        using MultiFrameWriter writer = new();
        writer.Add(new PingFrame { OpaqueData = 0x0102030405060708 });
        PinProbeMemory first = new([0x61, 0x62, 0x63], refusePin: false);
        PinProbeMemory second = new([0x64, 0x65], refusePin: true);
        ReadOnlyMemory<byte>[] chunks = [first.Memory, second.Memory];

        InvalidOperationException thrown = Assert.Throws<InvalidOperationException>(() => writer.AddDataFrames(1, chunks, endStream: true));
        Assert.Equal("This memory cannot be pinned.", thrown.Message);

        // The first chunk's frame was staged and its chunk pinned before the second chunk failed: both are undone.
        Assert.Equal(1, first.Pins);
        Assert.Equal(1, first.Unpins);
        Assert.Equal(1, writer.FrameCount);
        Assert.Equal(17, writer.TotalLength);

        writer.AddData(3, new byte[] { 0x7A }, endStream: true);
        List<byte> expected = new();
        Wire.Ping(expected, 0x0102030405060708);
        Wire.Data(expected, 3, [0x7A], endStream: true);
        MemoryStream output = new();
        writer.FlushTo(output);
        Assert.Equal(expected.ToArray(), output.ToArray());
        Assert.Equal(1, first.Unpins);
    }

    [Fact]
    public void ABudgetedDataAddThatFails_GivesTheCursorBackWhereItStarted()
    {
        using MultiFrameWriter writer = new();
        PinProbeMemory first = new([1, 2, 3, 4], refusePin: false);
        PinProbeMemory second = new([5, 6], refusePin: true);
        ReadOnlyMemory<byte>[] chunks = [first.Memory, second.Memory];
        DataCursor cursor = new(chunks, endStream: true);
        writer.AddData(5, chunks, ref cursor, budget: 2, priority: 0);
        Assert.Equal(4, cursor.Remaining);

        Assert.Throws<InvalidOperationException>(() => writer.AddData(5, chunks, ref cursor, budget: 100, priority: 0));
        Assert.Equal(4, cursor.Remaining);
        Assert.True(cursor.TryNext(chunks, 16_384, out DataSlice next));
        Assert.Equal(new DataSlice(0, 2, 2, false), next);
        Assert.Equal(1, writer.FrameCount);
    }
}
