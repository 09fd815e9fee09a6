using System;
using System.Collections.Generic;
using System.IO;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Threading;
using System.Threading.Tasks;

namespace Ht2.Tests.Writing;

/// <summary>
/// Small frames staged back to back leave as one gather entry, a failed add that had extended an earlier entry
/// restores it exactly, and the entry and stream shortcuts use the memory they are given.
/// </summary>
public sealed class MergedStagingTests
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(10);

    // PING (RFC 9113 §6.7): length 8, type 6, flags 0, stream 0, then the 8 opaque bytes.
    private static byte[] Ping(byte fill) => [0, 0, 8, 6, 0, 0, 0, 0, 0, fill, fill, fill, fill, fill, fill, fill, fill];

    // WINDOW_UPDATE (RFC 9113 §6.9): length 4, type 8, flags 0, stream 3, increment 0x100.
    private static readonly byte[] WindowUpdate = [0, 0, 4, 8, 0, 0, 0, 0, 3, 0, 0, 1, 0];

    private static PingFrame PingOf(byte fill) => new() { OpaqueData = fill * 0x0101_0101_0101_0101UL };

    [Fact]
    public void ManySmallFrames_LeaveAsOneEntry()
    {
        using MultiFrameWriter writer = new();
        List<byte> expected = [];
        for (int i = 0; i < 50; i++)
        {
            writer.Add(PingOf((byte)i));
            expected.AddRange(Ping((byte)i));
            writer.Add(new WindowUpdateFrame { StreamId = 3, WindowSizeIncrement = 0x100 });
            expected.AddRange(WindowUpdate);
        }

        RecordingTransport transport = new();
        Assert.Equal(expected.Count, writer.FlushTo(transport));

        Assert.Equal([1], transport.EntryCounts);
        Assert.Equal(expected.ToArray(), transport.Bytes.ToArray());
    }

    [Fact]
    public void AddFrames_WithoutPayloads_StagesAsOneAddPerFrame_AcrossAChunkBoundary()
    {
        // A fresh pool hands out 16384-byte chunks: 963 PINGs (16 371 bytes) fill the first, the 964th opens the second.
        PingFrame[] pings = new PingFrame[1000];
        List<byte> expected = [];
        for (int i = 0; i < pings.Length; i++)
        {
            pings[i] = new PingFrame { OpaqueData = (ulong)i };
            Wire.Ping(expected, (ulong)i);
        }

        // A padded DATA frame without data (PADDED, pad length 2: 9 + 1 + 2 bytes) between bare ones.
        DataFrame[] data = [new() { StreamId = 1 }, new() { StreamId = 3, Flags = FrameFlags.Padded, PadLength = 2 }, new() { StreamId = 5 }];
        Wire.Data(expected, 1, [], endStream: false);
        Wire.Data(expected, 3, [], endStream: false, pad: 2);
        Wire.Data(expected, 5, [], endStream: false);

        using MultiFrameWriter writer = new(new BufferPool());
        writer.AddFrames<PingFrame>(pings);
        writer.AddFrames<DataFrame>(data);
        Assert.Equal(1003, writer.FrameCount);
        Assert.Equal(expected.Count, writer.TotalLength);

        RecordingTransport transport = new();
        writer.FlushTo(transport);
        Assert.Equal(expected.ToArray(), transport.Bytes.ToArray());
        Assert.Equal([2], transport.EntryCounts);
    }

    [Fact]
    public void FailedAddFrames_AfterExtendingAnEarlierEntry_RestoresItExactly()
    {
        using MultiFrameWriter writer = new();
        writer.Add(PingOf(1));

        // The first PING merges into the entry of the one before; the second breaks the stream-0 rule of PING.
        PingFrame[] frames = [PingOf(2), new PingFrame { StreamId = 1 }];
        Assert.ThrowsAny<ArgumentException>(() => writer.AddFrames<PingFrame>(frames));
        Assert.Equal(1, writer.FrameCount);
        Assert.Equal(17, writer.TotalLength);

        writer.Add(PingOf(3));
        RecordingTransport transport = new();
        writer.FlushTo(transport);

        Assert.Equal([1], transport.EntryCounts);
        Assert.Equal([.. Ping(1), .. Ping(3)], transport.Bytes.ToArray());
    }

    [Fact]
    public void PriorityReorder_CutsFramesOutOfAMergedEntry()
    {
        using MultiFrameWriter writer = new();
        writer.Add(PingOf(1));
        writer.AddPrioritized(PingOf(2), default, priority: 5);
        writer.Add(PingOf(3));

        RecordingTransport transport = new();
        writer.FlushTo(transport);

        Assert.Equal([.. Ping(2), .. Ping(1), .. Ping(3)], transport.Bytes.ToArray());
    }

    [Fact]
    public unsafe void IovecBuilder_KeepsItsEntriesInTheCallerScratch()
    {
        Span<Iovec> scratch = stackalloc Iovec[4];
        byte[] payload = GC.AllocateArray<byte>(100, pinned: true);
        IovecBuilder builder = new(scratch, stackalloc byte[64]) { CopyThreshold = 0 };
        try
        {
            builder.AddSegment(payload);
            Assert.Equal(1, builder.IovecCount);
            Assert.True(Unsafe.AreSame(ref MemoryMarshal.GetReference(builder.Iovecs), ref scratch[0]));
            Assert.True(scratch[0].Base == Unsafe.AsPointer(ref payload[0]));
            Assert.Equal(100u, (uint)scratch[0].Length);
        }
        finally
        {
            builder.Dispose();
        }
    }

    /// <summary>Records where the memory of each WriteAsync call lives.</summary>
    private sealed unsafe class AddressRecordingStream : MemoryStream
    {
        public List<nint> Addresses { get; } = [];

        public override ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default)
        {
            using (System.Buffers.MemoryHandle pin = buffer.Pin())
            {
                Addresses.Add((nint)pin.Pointer);
            }

            return base.WriteAsync(buffer, cancellationToken);
        }
    }

    [Fact]
    public async Task StreamTransport_WritesASingleEntryInPlace_AndCopiesSeveralIntoOneWrite()
    {
        byte[] first = GC.AllocateArray<byte>(10, pinned: true);
        byte[] second = GC.AllocateArray<byte>(6, pinned: true);
        first.AsSpan().Fill(1);
        second.AsSpan().Fill(2);
        Iovec[] one = [EntryOver(first)];
        Iovec[] two = [one[0], EntryOver(second)];
        AddressRecordingStream stream = new();
        StreamTransport transport = new(stream);

        Assert.Equal(10, await transport.WriteAsync(one, CancellationToken.None).AsTask().Within(Timeout));
        Assert.Equal(16, await transport.WriteAsync(two, CancellationToken.None).AsTask().Within(Timeout));

        Assert.Equal(2, stream.Addresses.Count);
        Assert.Equal(AddressOf(first), stream.Addresses[0]);
        Assert.NotEqual(AddressOf(first), stream.Addresses[1]);
        Assert.Equal([.. first, .. first, .. second], stream.ToArray());
    }

    // The arrays are on the pinned object heap, so the entry stays valid for the test.
    private static unsafe Iovec EntryOver(byte[] pinned) => new(Unsafe.AsPointer(ref pinned[0]), (nuint)pinned.Length);

    private static unsafe nint AddressOf(byte[] pinned) => (nint)Unsafe.AsPointer(ref pinned[0]);
}
