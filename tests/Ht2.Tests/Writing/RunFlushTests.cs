using System;
using System.Collections.Generic;
using System.IO;
using System.Threading;
using System.Threading.Tasks;
using Ht2.Tests.IO;
using Microsoft.Win32.SafeHandles;

namespace Ht2.Tests.Writing;

/// <summary>
/// Run records under the flush paths and the lifetime calls: more entries than one system call takes, short
/// writes, EAGAIN and EINTR, an asynchronous flush that ends in an open run, a reset or dispose with a run open,
/// a rolled-back add that had spilled into a new staging chunk, and a frame refused after its prefix was reserved.
/// </summary>
public sealed class RunFlushTests
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(10);

    // Never closed: the fake kernel ignores the descriptor number.
    private static readonly SafeFileHandle FakeHandle = new((IntPtr)1000, ownsHandle: false);

    private static byte[] Filled(int length, byte value)
    {
        byte[] bytes = new byte[length];
        bytes.AsSpan().Fill(value);
        return bytes;
    }

    [Theory]
    [InlineData(false, false, 5)]
    [InlineData(false, true, 5)]
    [InlineData(true, false, 5)]
    [InlineData(true, true, 5)]
    [InlineData(true, true, 4099)]
    public void Runs_OverMoreThanIovMaxEntries_SurviveShortWritesEagainAndEintr(bool referenced, bool prioritized, int maxBytesPerCall)
    {
        // 2500 DATA frames on their own streams (so each keeps its own priority), 1..7-byte payloads cut from one
        // pinned array: referenced, every frame is two entries (5000 > IOV_MAX); copied, the runs are long entries.
        // The 9-byte headers alone (22500 bytes) overflow the first 16384-byte staging chunk.
        const int Count = 2500;
        byte[] body = GC.AllocateArray<byte>(Count * 7, pinned: true);
        new Random(7).NextBytes(body);
        using MultiFrameWriter writer = new(new BufferPool()) { CopyThreshold = referenced ? 1 : 64 };
        List<byte>[] byPriority = [[], [], []];
        int offset = 0;
        for (int i = 0; i < Count; i++)
        {
            int length = 1 + (i % 7);
            ReadOnlyMemory<byte> payload = body.AsMemory(offset, length);
            offset += length;
            uint stream = (uint)(2 * i) + 1;
            int priority = prioritized ? (i % 3) : 0;
            writer.AddPrioritized(new DataFrame { StreamId = stream }, payload, priority);
            Wire.Data(byPriority[priority], stream, payload.ToArray(), endStream: false);
        }

        // Highest priority first, each priority in add order (RFC 9113 §5.1: frames of distinct streams may interleave).
        List<byte> expected = [.. byPriority[2], .. byPriority[1], .. byPriority[0]];
        FakeWritevSyscall kernel = new() { MaxBytesPerCall = maxBytesPerCall };
        kernel.FailCalls[1] = Errno.EAGAIN;
        kernel.FailCalls[2] = Errno.EINTR;
        kernel.FailCalls[5] = Errno.EAGAIN;
        long written = writer.FlushTo(new DescriptorTransport(FakeHandle, kernel));

        Assert.Equal(expected.Count, written);
        Assert.Equal(expected.ToArray(), kernel.Received.ToArray());
        Assert.True(kernel.PollCalls >= 2);
        if (referenced)
        {
            Assert.Equal(VectoredIO.IovMax, kernel.MaxIovecsSeen);
        }

        Assert.True(writer.IsEmpty);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task AsyncFlush_EndingInANewOpenRun_WritesItWhole(bool prioritized)
    {
        using MultiFrameWriter writer = new() { CopyThreshold = 16 };
        byte[] body = Filled(64, 0xC3);
        writer.Add(new PingFrame { OpaqueData = 1 });
        writer.Add(new DataFrame { StreamId = 1 }, body);

        // Staged after a referenced payload: a new run, still open when the flush copies the entries.
        writer.Add(new WindowUpdateFrame { StreamId = 1, WindowSizeIncrement = 9 });
        writer.AddPrioritized(new PingFrame { OpaqueData = 2 }, default, prioritized ? 1 : 0);

        List<byte> expected = [];
        if (prioritized)
        {
            Wire.Ping(expected, 2);
        }

        Wire.Ping(expected, 1);
        Wire.Data(expected, 1, body, endStream: false);
        Wire.WindowUpdate(expected, 1, 9);
        if (!prioritized)
        {
            Wire.Ping(expected, 2);
        }

        MemoryStream output = new();
        long written = await writer.FlushToAsync(output).AsTask().Within(Timeout);
        Assert.Equal(expected.Count, written);
        Assert.Equal(expected.ToArray(), output.ToArray());
        Assert.True(writer.IsEmpty);
    }

    [Fact]
    public async Task AsyncSocketFlush_OfInterleavedRuns_WaitsForRoomAndKeepsPriorityOrder()
    {
        // A 4 KiB send buffer and about 1 MB of frames: more than the socket buffers hold, so the non-blocking
        // gathering send has to wait for room (EAGAIN) while the reader drains.
        using Loopback loopback = new(sendBufferSize: 4096);
        IFrameTransport transport = FrameTransport.Over(loopback.Client);
        byte[] body = GC.AllocateArray<byte>(2000 * 1000, pinned: true);
        new Random(11).NextBytes(body);
        using MultiFrameWriter writer = new() { CopyThreshold = 64 };
        List<byte>[] byPriority = [[], [], []];
        for (int i = 0; i < 2000; i++)
        {
            // Every other payload is referenced (1000 bytes), the rest copied into the runs (10 bytes).
            ReadOnlyMemory<byte> payload = body.AsMemory(i * 1000, i % 2 == 0 ? 1000 : 10);
            uint stream = (uint)(2 * i) + 1;
            int priority = (i / 5) % 3;
            writer.AddPrioritized(new DataFrame { StreamId = stream }, payload, priority);
            Wire.Data(byPriority[priority], stream, payload.ToArray(), endStream: false);
        }

        List<byte> expected = [.. byPriority[2], .. byPriority[1], .. byPriority[0]];
        byte[] received = new byte[expected.Count];
        Worker reader = loopback.StartReading(received, received.Length);

        long written = await writer.FlushToAsync(transport, CancellationToken.None).AsTask().Within(Timeout);

        reader.Join(Timeout);
        Assert.Equal(expected.Count, written);
        Assert.Equal(expected.ToArray(), received);
        Assert.True(writer.IsEmpty);
    }

    [Fact]
    public void Dispose_WithRunsOpen_RefusesEveryAdd()
    {
        MultiFrameWriter writer = new() { CopyThreshold = 16 };
        writer.Add(new PingFrame { OpaqueData = 1 });
        writer.AddPrioritized(new PingFrame { OpaqueData = 2 }, default, 3);
        writer.Add(new PingFrame { OpaqueData = 3 });
        writer.Dispose();

        // Priority 0 was the open run: the check that keeps an Add on the fast path must not reach returned staging.
        Assert.Throws<ObjectDisposedException>(() => writer.Add(new PingFrame { OpaqueData = 4 }));
        Assert.Throws<ObjectDisposedException>(() => writer.AddPrioritized(new PingFrame { OpaqueData = 5 }, default, 3));
        Assert.Throws<ObjectDisposedException>(() => writer.Add(new DataFrame { StreamId = 1 }, Filled(32, 1)));
        Assert.Throws<ObjectDisposedException>(() => writer.AddBytes([1, 2, 3]));
        Assert.Throws<ObjectDisposedException>(() => writer.AddSettings([new SettingsEntry(SettingsParameter.MaxConcurrentStreams, 1)]));
        Assert.Throws<ObjectDisposedException>(() => writer.AddData(1, Filled(32, 2), endStream: true));
        Assert.Throws<ObjectDisposedException>(() => writer.AddHeadersWithContinuations(1, Filled(4, 3), endStream: true));
        Assert.Throws<ObjectDisposedException>(() => writer.AddFrames<PingFrame>([new PingFrame()]));
        Assert.Throws<ObjectDisposedException>(() => writer.FlushTo(new MemoryStream()));
        Assert.Equal(0, writer.FrameCount);
        Assert.Equal(0, writer.TotalLength);
    }

    [Fact]
    public void Reset_WithRunsOpen_LeavesOnlyTheNextBatchsFrames()
    {
        using MultiFrameWriter writer = new() { CopyThreshold = 16 };
        writer.Add(new PingFrame { OpaqueData = 1 });
        writer.Add(new DataFrame { StreamId = 1 }, Filled(40, 0xAA));
        writer.Add(new PingFrame { OpaqueData = 2 });
        writer.AddPrioritized(new RstStreamFrame { StreamId = 1, ErrorCode = Http2ErrorCode.Cancel }, default, 4);
        writer.Reset();
        Assert.True(writer.IsEmpty);
        Assert.Equal(0, writer.TotalLength);

        // The same priorities again: they open fresh runs at the start of the reused staging.
        writer.AddPrioritized(new PingFrame { OpaqueData = 3 }, default, 4);
        writer.Add(new WindowUpdateFrame { StreamId = 0, WindowSizeIncrement = 0x10 });
        List<byte> expected = [];
        Wire.Ping(expected, 3);
        Wire.WindowUpdate(expected, 0, 0x10);
        RecordingTransport transport = new();
        Assert.Equal(expected.Count, writer.FlushTo(transport));
        Assert.Equal(expected.ToArray(), transport.Bytes.ToArray());
        Assert.Equal([1], transport.EntryCounts);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void RolledBackAddFrames_ThatSpilledIntoANewChunk_ContinueInTheFirst(bool prioritized)
    {
        // A fresh pool hands out 16384-byte chunks: 1020 DATA frames of 9 + 7 bytes leave 64 bytes of the first.
        using MultiFrameWriter writer = new(new BufferPool());
        List<byte> data = [];
        for (uint i = 0; i < 1020; i++)
        {
            byte[] payload = Filled(7, (byte)i);
            writer.Add(new DataFrame { StreamId = 2 * i + 1 }, payload);
            Wire.Data(data, 2 * i + 1, payload, endStream: false);
        }

        // Three 17-byte PINGs fit, the fourth opens a second chunk, the fifth is refused (PING needs stream 0).
        int priority = prioritized ? 1 : 0;
        PrioritizedFrame<PingFrame>[] refused = new PrioritizedFrame<PingFrame>[5];
        for (int i = 0; i < 4; i++)
        {
            refused[i] = new(new PingFrame { OpaqueData = 0xEE }, default, priority);
        }

        refused[4] = new(new PingFrame { StreamId = 1 }, default, priority);
        Assert.ThrowsAny<ArgumentException>(() => writer.AddPrioritizedFrames<PingFrame>(refused));
        Assert.Equal(1020, writer.FrameCount);
        Assert.Equal(1020 * 16, writer.TotalLength);

        List<byte> pings = [];
        for (ulong i = 1; i <= 5; i++)
        {
            writer.AddPrioritized(new PingFrame { OpaqueData = i }, default, priority);
            Wire.Ping(pings, i);
        }

        List<byte> expected = prioritized ? [.. pings, .. data] : [.. data, .. pings];
        RecordingTransport transport = new();
        writer.FlushTo(transport);
        Assert.Equal(expected.ToArray(), transport.Bytes.ToArray());
        if (!prioritized)
        {
            // The first chunk (DATA and three PINGs) and the second (two PINGs): nothing of the refused batch.
            Assert.Equal([2], transport.EntryCounts);
        }
    }

    [Fact]
    public void FrameRefusedAfterItsPrefixWasReserved_LeavesTheRunOneEntry()
    {
        using MultiFrameWriter writer = new() { CopyThreshold = 16 };
        writer.Add(new PingFrame { OpaqueData = 1 });

        // DATA on stream 0 is refused by its own prefix writer (RFC 9113 §6.1), after the referenced path reserved it.
        Assert.ThrowsAny<ArgumentException>(() => writer.Add(new DataFrame { StreamId = 0 }, Filled(100, 0x11)));
        Assert.ThrowsAny<ArgumentException>(() => writer.Add(new PingFrame { StreamId = 3 }));
        writer.Add(new PingFrame { OpaqueData = 2 });
        Assert.Equal(2, writer.FrameCount);

        List<byte> expected = [];
        Wire.Ping(expected, 1);
        Wire.Ping(expected, 2);
        RecordingTransport transport = new();
        writer.FlushTo(transport);
        Assert.Equal([1], transport.EntryCounts);
        Assert.Equal(expected.ToArray(), transport.Bytes.ToArray());
    }

    [Fact]
    public void EmptyAddBytes_BetweenRunsOfOtherPriorities_MovesNothingElse()
    {
        using MultiFrameWriter writer = new();
        writer.Add(new DataFrame { StreamId = 1 }, new byte[] { 0x01 });
        writer.AddBytes([]);
        writer.AddPrioritized(new PingFrame { OpaqueData = 6 }, default, 2);
        writer.AddBytes([0xAB, 0xCD]);
        writer.AddPrioritized(new RstStreamFrame { StreamId = 1, ErrorCode = Http2ErrorCode.Cancel }, default, 2);

        // RST_STREAM keeps its place after the DATA of its stream; the independent PING goes first.
        List<byte> expected = [];
        Wire.Ping(expected, 6);
        Wire.Data(expected, 1, [0x01], endStream: false);
        expected.AddRange([0xAB, 0xCD]);
        Wire.RstStream(expected, 1, 0x8);
        MemoryStream output = new();
        writer.FlushTo(output);
        Assert.Equal(expected.ToArray(), output.ToArray());
    }
}
