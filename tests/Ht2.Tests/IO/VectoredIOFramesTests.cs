using System;
using System.Linq;

namespace Ht2.Tests.IO;

public class VectoredIOFramesTests
{
    [Fact]
    public void WriteDataFrames_splits_at_the_max_frame_size_and_ends_the_stream_on_the_last_frame_only()
    {
        byte[] a = Enumerable.Range(0, 16385).Select(i => (byte)i).ToArray();
        byte[] c = Enumerable.Range(0, 10).Select(i => (byte)(0xA0 + i)).ToArray();
        byte[] expected =
        [
            0x00, 0x40, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x05, .. a.AsSpan(0, 16384),
            0x00, 0x00, 0x01, 0x00, 0x00, 0x00, 0x00, 0x00, 0x05, a[16384],
            0x00, 0x00, 0x0A, 0x00, 0x01, 0x00, 0x00, 0x00, 0x05, .. c,
        ];

        using var loopback = new Loopback();
        var received = new byte[expected.Length];
        var reader = loopback.StartReading(received, expected.Length);
        long callsBefore = VectoredIO.SystemCallsOnCurrentThread;
        long written = VectoredIO.WriteDataFrames(loopback.Client.SafeHandle, 5, new ReadOnlyMemory<byte>[] { a, ReadOnlyMemory<byte>.Empty, c }, endStream: true);
        long calls = VectoredIO.SystemCallsOnCurrentThread - callsBefore;
        reader.Join();

        Assert.True(calls >= 1, "every write is counted");

        Assert.Equal(expected.Length, written);
        Assert.Equal(expected, received);
    }

    [Fact]
    public void WriteDataFrames_with_an_empty_body_sends_one_empty_end_stream_frame()
    {
        byte[] expected = [0x00, 0x00, 0x00, 0x00, 0x01, 0x00, 0x00, 0x00, 0x07];
        using var loopback = new Loopback();
        var received = new byte[expected.Length];
        var reader = loopback.StartReading(received, expected.Length);
        Assert.Equal(9, VectoredIO.WriteDataFrames(loopback.Client.SafeHandle, 7, ReadOnlySpan<ReadOnlyMemory<byte>>.Empty, endStream: true));
        reader.Join();
        Assert.Equal(expected, received);
    }

    [Fact]
    public void WriteDataFrames_refuses_bad_arguments_before_writing()
    {
        using var loopback = new Loopback();
        ReadOnlyMemory<byte>[] body = [new byte[1]];
        ArgumentOutOfRangeException zero = Assert.Throws<ArgumentOutOfRangeException>(() => VectoredIO.WriteDataFrames(loopback.Client.SafeHandle, 0, body, true));
        Assert.StartsWith("DATA, HEADERS and CONTINUATION need a stream id above 0.", zero.Message);
        Assert.Equal("streamId", zero.ParamName);
        Assert.Throws<ArgumentOutOfRangeException>(() => VectoredIO.WriteDataFrames(loopback.Client.SafeHandle, 0x8000_0000, body, true));
        Assert.Throws<ArgumentOutOfRangeException>(() => VectoredIO.WriteDataFrames(loopback.Client.SafeHandle, 1, body, true, 16383));
        Assert.Throws<ArgumentOutOfRangeException>(() => VectoredIO.WriteDataFrames(loopback.Client.SafeHandle, 1, body, true, 16_777_216));
        Assert.Equal(0, loopback.Server.Available);
    }

    [Fact]
    public void WriteFrames_writes_frames_with_their_payloads_in_order()
    {
        var frames = new[]
        {
            new GoAwayFrame { LastStreamId = 3, ErrorCode = Http2ErrorCode.ProtocolError },
            new GoAwayFrame { LastStreamId = 5, ErrorCode = Http2ErrorCode.NoError },
        };
        byte[] expected =
        [
            0x00, 0x00, 0x0A, 0x07, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x03, 0x00, 0x00, 0x00, 0x01, 0x68, 0x69,
            0x00, 0x00, 0x08, 0x07, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x05, 0x00, 0x00, 0x00, 0x00,
        ];
        using var loopback = new Loopback();
        var received = new byte[expected.Length];
        var reader = loopback.StartReading(received, expected.Length);
        VectoredIO.WriteFrames<GoAwayFrame>(loopback.Client.SafeHandle, frames, new ReadOnlyMemory<byte>[] { "hi"u8.ToArray() }, BufferPool.Shared);
        reader.Join();
        Assert.Equal(expected, received);
    }

    [Fact]
    public void WriteFrames_refuses_more_payloads_than_frames()
    {
        using var loopback = new Loopback();
        Assert.Throws<ArgumentException>(() => VectoredIO.WriteFrames<PingFrame>(loopback.Client.SafeHandle, new PingFrame[1], new ReadOnlyMemory<byte>[2], BufferPool.Shared));
    }

    [Fact]
    public void ANullHandle_IsRefusedFirst_BeforeTheOtherArguments()
    {
        ReadOnlyMemory<byte>[] body = [new byte[1]];
        Assert.Equal("handle", Assert.Throws<ArgumentNullException>(() => VectoredIO.WriteDataFrames(null!, 0, body, true)).ParamName);
        Assert.Equal("handle", Assert.Throws<ArgumentNullException>(
            () => VectoredIO.WriteFrames<PingFrame>(null!, new PingFrame[1], new ReadOnlyMemory<byte>[2], BufferPool.Shared)).ParamName);
    }

    [Fact]
    public void EveryPayload_IsReferencedNotCopied_AndUnpinnedOnceTheWriteReturns()
    {
        // Files of exactly the bytes expected (not /dev/null): a write loop that repeats bytes fails on the seal.
        using Microsoft.Win32.SafeHandles.SafeFileHandle dataSink = SealedMemoryFile.Create(109);
        CountingMemory small = new(100);
        Assert.Equal(109, VectoredIO.WriteDataFrames(dataSink, 1, new ReadOnlyMemory<byte>[] { small.Memory }, endStream: true));
        Assert.Equal((1, 1), (small.Pins, small.Unpins));

        // WriteFrames references payloads from the default copy threshold (2048 bytes) on.
        CountingMemory large = new(4000);
        GoAwayFrame[] frames = [new() { LastStreamId = 1 }];
        using Microsoft.Win32.SafeHandles.SafeFileHandle goAwaySink = SealedMemoryFile.Create(4017);
        Assert.Equal(4017, VectoredIO.WriteFrames<GoAwayFrame>(goAwaySink, frames, new ReadOnlyMemory<byte>[] { large.Memory }, BufferPool.Shared));
        Assert.Equal((1, 1), (large.Pins, large.Unpins));
    }
}
