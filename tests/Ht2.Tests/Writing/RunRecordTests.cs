using System;
using System.Collections.Generic;
using System.IO;
using System.Runtime.InteropServices;

namespace Ht2.Tests.Writing;

/// <summary>
/// The writer keeps one record per run of frames added with one priority, not per frame: whatever interrupts a run
/// (a referenced payload, padding, raw bytes, a rejected frame, a full staging chunk, a reset), the bytes stay
/// exactly the frames added, and a priority flush finds every frame again from its staged header.
/// </summary>
public sealed class RunRecordTests
{
    private static readonly byte[] Preface = "PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n"u8.ToArray();

    private static byte[] Filled(int length, byte value)
    {
        byte[] bytes = new byte[length];
        bytes.AsSpan().Fill(value);
        return bytes;
    }

    [Fact]
    public void ControlRun_InterruptedByAReferencedPayload_KeepsEveryByteInOrder()
    {
        using MultiFrameWriter writer = new();
        byte[] body = Filled(4096, 0xD1);
        writer.Add(new PingFrame { OpaqueData = 1 });
        writer.Add(new WindowUpdateFrame { StreamId = 3, WindowSizeIncrement = 0x100 });
        writer.Add(new DataFrame { StreamId = 3 }, body);
        writer.Add(new RstStreamFrame { StreamId = 3, ErrorCode = Http2ErrorCode.Cancel });
        writer.Add(new PingFrame { OpaqueData = 2 });

        List<byte> expected = [];
        Wire.Ping(expected, 1);
        Wire.WindowUpdate(expected, 3, 0x100);
        Wire.Data(expected, 3, body, endStream: false);
        Wire.RstStream(expected, 3, 0x8);
        Wire.Ping(expected, 2);

        RecordingTransport transport = new();
        writer.FlushTo(transport);

        // PING + WINDOW_UPDATE + the DATA header in one entry, the body, then RST_STREAM + PING in one entry.
        Assert.Equal([3], transport.EntryCounts);
        Assert.Equal(expected.ToArray(), transport.Bytes.ToArray());
        Assert.True(writer.IsEmpty);
    }

    [Fact]
    public void PriorityFlush_ReadsBackFramesAcrossPayloadsPaddingAndRawBytes()
    {
        using MultiFrameWriter writer = new();
        byte[] body = Filled(3000, 0xB0);
        writer.AddBytes(Preface);
        writer.AddSettings([new SettingsEntry(SettingsParameter.MaxConcurrentStreams, 100)]);
        writer.Add(new DataFrame { StreamId = 1, PadLength = 10, Flags = FrameFlags.Padded }, body);
        writer.Add(new PingFrame { OpaqueData = 7 });
        writer.AddPrioritized(new RstStreamFrame { StreamId = 5, ErrorCode = Http2ErrorCode.Cancel }, default, 4);
        writer.AddPrioritized(new PingFrame { OpaqueData = 8 }, default, 4);
        writer.Add(new DataFrame { StreamId = 1, Flags = FrameFlags.EndStream }, new byte[] { 0xE1 });
        Assert.Equal(7, writer.FrameCount);

        // Priority 4 first (RST_STREAM on its own stream, PING independent), then the rest in add order.
        List<byte> expected = [];
        Wire.RstStream(expected, 5, 0x8);
        Wire.Ping(expected, 8);
        expected.AddRange(Preface);
        Wire.Settings(expected, ack: false, (0x3, 100));
        Wire.Data(expected, 1, body, endStream: false, pad: 10);
        Wire.Ping(expected, 7);
        Wire.Data(expected, 1, [0xE1], endStream: true);

        MemoryStream output = new();
        writer.FlushTo(output);
        Assert.Equal(expected.ToArray(), output.ToArray());
    }

    [Fact]
    public void RejectedFrames_WithAnotherPriority_LeaveNoFrameAndNoReorder()
    {
        using MultiFrameWriter writer = new();
        writer.Add(new PingFrame { OpaqueData = 1 });

        // PING must be on stream 0; the rejected adds open runs of their own priority and stage nothing.
        Assert.ThrowsAny<ArgumentException>(() => writer.AddPrioritized(new PingFrame { StreamId = 1 }, default, 9));
        Assert.ThrowsAny<ArgumentException>(() => writer.AddPrioritized(new PingFrame { StreamId = 1 }, default, -3));
        writer.Add(new PingFrame { OpaqueData = 2 });
        writer.AddPrioritized(new PingFrame { OpaqueData = 3 }, default, 1);
        Assert.Equal(3, writer.FrameCount);
        Assert.Equal(51, writer.TotalLength);

        List<byte> expected = [];
        Wire.Ping(expected, 3);
        Wire.Ping(expected, 1);
        Wire.Ping(expected, 2);
        RecordingTransport transport = new();
        writer.FlushTo(transport);
        Assert.Equal(expected.ToArray(), transport.Bytes.ToArray());
    }

    [Fact]
    public void RejectedFirstFrame_LeavesTheBatchEmpty()
    {
        using MultiFrameWriter writer = new();
        Assert.ThrowsAny<ArgumentException>(() => writer.Add(new PingFrame { StreamId = 1 }));
        Assert.True(writer.IsEmpty);
        Assert.Equal(0, writer.FrameCount);
        Assert.Equal(0, writer.TotalLength);

        RecordingTransport transport = new();
        writer.FlushTo(transport);
        Assert.Equal([0], transport.EntryCounts);
    }

    [Fact]
    public void FailedAddFrames_WithANewPriority_RollsTheRunBack()
    {
        using MultiFrameWriter writer = new();
        writer.Add(new PingFrame { OpaqueData = 1 });
        PrioritizedFrame<PingFrame>[] frames =
        [
            new(new PingFrame { OpaqueData = 2 }, default, 6),
            new(new PingFrame { StreamId = 1 }, default, 6),
        ];
        Assert.ThrowsAny<ArgumentException>(() => writer.AddPrioritizedFrames<PingFrame>(frames));

        // The next priority-0 frame continues the first run; nothing of priority 6 remains.
        writer.Add(new PingFrame { OpaqueData = 3 });
        List<byte> expected = [];
        Wire.Ping(expected, 1);
        Wire.Ping(expected, 3);
        RecordingTransport transport = new();
        writer.FlushTo(transport);
        Assert.Equal([1], transport.EntryCounts);
        Assert.Equal(expected.ToArray(), transport.Bytes.ToArray());
    }

    [Fact]
    public void ResetAfterAPartialFlush_StartsTheNextBatchClean()
    {
        using MultiFrameWriter writer = new();
        writer.Add(new PingFrame { OpaqueData = 1 });
        writer.AddPrioritized(new PingFrame { OpaqueData = 2 }, default, 3);
        writer.Add(new WindowUpdateFrame { StreamId = 0, WindowSizeIncrement = 5 });

        RecordingTransport failing = new() { FailAfter = 20 };
        Assert.Throws<IOException>(() => writer.FlushTo(failing));
        Assert.True(writer.IsEmpty);
        Assert.Equal(0, writer.FrameCount);

        // The failed batch's runs are gone: priority 0 starts a fresh run, and only the new frames go out.
        writer.Add(new RstStreamFrame { StreamId = 7, ErrorCode = Http2ErrorCode.Cancel });
        writer.AddPrioritized(new PingFrame { OpaqueData = 4 }, default, 2);
        List<byte> expected = [];
        Wire.Ping(expected, 4);
        Wire.RstStream(expected, 7, 0x8);
        RecordingTransport transport = new();
        writer.FlushTo(transport);
        Assert.Equal(expected.ToArray(), transport.Bytes.ToArray());
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void Frames_FillingAStagingChunkExactly_ContinueInTheNextChunk(bool prioritized)
    {
        // A fresh pool hands out exactly 16384-byte chunks: 1024 DATA frames of 9 + 7 bytes fill one exactly.
        using MultiFrameWriter writer = new(new BufferPool());
        List<byte> expected = [];
        List<byte> late = [];
        for (uint i = 0; i < 1025; i++)
        {
            byte[] payload = Filled(7, (byte)i);
            uint stream = 2 * i + 1;
            int priority = prioritized && i % 2 == 1 ? 1 : 0;
            writer.AddPrioritized(new DataFrame { StreamId = stream }, payload, priority);
            Wire.Data(priority == 1 ? expected : late, stream, payload, endStream: false);
        }

        expected.AddRange(late);
        RecordingTransport transport = new();
        writer.FlushTo(transport);
        Assert.Equal(expected.ToArray(), transport.Bytes.ToArray());

        // In add order the two chunks are two entries: the full one, then the 1025th frame.
        Assert.Equal(prioritized ? 1025 : 2, transport.EntryCounts[0]);
    }
    [Fact]
    public unsafe void AddBytes_RefusedAfterItsRunOpened_LeavesTheBatchAsItWas()
    {
        // Longer than any array, so the staging pool refuses it (ArgumentOutOfRangeException) before a byte is read;
        // the memory is real (allocated lazily by the system) so that nothing can read outside it.
        void* memory = NativeMemory.Alloc((nuint)int.MaxValue);
        try
        {
            nint address = (nint)memory;
            using MultiFrameWriter writer = new();
            writer.Add(new PingFrame { OpaqueData = 1 });
            Assert.ThrowsAny<ArgumentException>(() => writer.AddBytes(new ReadOnlySpan<byte>((void*)address, int.MaxValue)));
            Assert.Equal(1, writer.FrameCount);
            Assert.Equal(17, writer.TotalLength);

            // The frames after the refusal are frames: a priority flush finds each of them again.
            writer.Add(new PingFrame { OpaqueData = 2 });
            writer.Add(new PingFrame { OpaqueData = 3 });
            writer.AddPrioritized(new PingFrame { OpaqueData = 4 }, default, 5);
            List<byte> expected = [];
            Wire.Ping(expected, 4);
            Wire.Ping(expected, 1);
            Wire.Ping(expected, 2);
            Wire.Ping(expected, 3);
            RecordingTransport transport = new();
            writer.FlushTo(transport);
            Assert.Equal(expected.ToArray(), transport.Bytes.ToArray());
        }
        finally
        {
            NativeMemory.Free(memory);
        }
    }
}
