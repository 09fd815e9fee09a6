using System;
using System.Collections.Generic;
using System.Threading.Tasks;
using Ht2.Tests.Writing;

namespace Ht2.Tests.Connection;

/// <summary>
/// ReadFrameAsync over far more bytes than its receive buffer holds: frames that straddle reads, the unconsumed tail
/// moved to the front, the buffer grown for a frame longer than it. Every payload must come back byte for byte.
/// </summary>
public sealed class LargeReceiveTests
{
    private static byte[] Pattern(int length, int seed)
    {
        byte[] bytes = new byte[length];
        new Random(seed).NextBytes(bytes);
        return bytes;
    }

    [Theory]
    [InlineData(4096, 1000)]
    [InlineData(4096, 16_393)]
    [InlineData(64 * 1024, 3000)]
    [InlineData(64 * 1024, 100_000)]
    public async Task ManyFrames_BeyondTheBuffer_ComeBackWhole(int receiveBufferSize, int readChunk)
    {
        // DATA payloads of every size class, 0 to the 16,384 limit, on alternating streams: 150 KiB in all.
        int[] lengths = [16_384, 1, 0, 16_384, 5000, 16_383, 9000, 16_384, 7, 16_384, 12_000, 16_384, 3, 16_384, 16_384, 1234];
        List<byte> input = new();
        List<byte[]> payloads = new();
        for (int i = 0; i < lengths.Length; i++)
        {
            byte[] payload = Pattern(lengths[i], i);
            payloads.Add(payload);
            Wire.Data(input, (uint)(2 * i) + 1, payload, endStream: i % 2 == 0);
        }

        Ht2ConnectionOptions options = new() { AutoAcknowledge = false, ReceiveBufferSize = receiveBufferSize };
        using Ht2Connection client = new(new ScriptedStream(input.ToArray(), readChunk), options);
        for (int i = 0; i < lengths.Length; i++)
        {
            ReceivedFrame frame = await BoundedRead.Frame(client);
            Assert.Equal(FrameType.Data, frame.Type);
            Assert.Equal((uint)(2 * i) + 1, frame.StreamId);
            Assert.Equal(i % 2 == 0, frame.Header.HasFlag(FrameFlags.EndStream));
            Assert.Equal(payloads[i], frame.Payload.ToArray());
        }

        Assert.True((await BoundedRead.Frame(client)).IsEndOfStream);
    }

    [Theory]
    [InlineData(7)]
    [InlineData(4096)]
    [InlineData(1 << 20)]
    public async Task AFrameLongerThanTheBuffer_GrowsIt_AndTheFramesAroundItSurvive(int readChunk)
    {
        // The local maximum allows 100,000-byte frames; the buffer starts at 4096 bytes.
        byte[] small = Pattern(3000, 1);
        byte[] large = Pattern(100_000, 2);
        byte[] after = Pattern(50_000, 3);
        List<byte> input = new();
        Wire.Data(input, 1, small, endStream: false);
        Wire.Data(input, 1, large, endStream: false);
        Wire.Data(input, 1, after, endStream: true);
        Wire.Ping(input, 0x0102030405060708);
        Ht2ConnectionOptions options = new()
        {
            AutoAcknowledge = false,
            ReceiveBufferSize = 4096,
            Reader = new FrameReaderOptions { LocalMaxFrameSize = 100_000 },
        };
        using Ht2Connection client = new(new ScriptedStream(input.ToArray(), readChunk), options);

        Assert.Equal(small, (await BoundedRead.Frame(client)).Payload.ToArray());
        Assert.Equal(large, (await BoundedRead.Frame(client)).Payload.ToArray());
        ReceivedFrame last = await BoundedRead.Frame(client);
        Assert.Equal(after, last.Payload.ToArray());
        Assert.True(last.Header.HasFlag(FrameFlags.EndStream));
        Assert.Equal(0x0102030405060708ul, (await BoundedRead.Frame(client)).Parse<PingFrame>(out _).OpaqueData);
        Assert.True((await BoundedRead.Frame(client)).IsEndOfStream);
    }

    [Fact]
    public async Task OneByteReads_OfAFrameHeaderAndPayload_AreReassembled()
    {
        List<byte> input = new();
        Wire.Data(input, 0x7FFF_FFFF, [0xDE, 0xAD, 0xBE, 0xEF], endStream: true, pad: 3);
        using Ht2Connection client = new(new ScriptedStream(input.ToArray(), chunk: 1), new Ht2ConnectionOptions { AutoAcknowledge = false });
        ReceivedFrame frame = await BoundedRead.Frame(client);
        Assert.Equal(0x7FFF_FFFFu, frame.StreamId);
        Assert.Equal(8, frame.Payload.Length);
        frame.Parse<DataFrame>(out ReadOnlySpan<byte> data);
        Assert.Equal(new byte[] { 0xDE, 0xAD, 0xBE, 0xEF }, data.ToArray());
        Assert.True((await BoundedRead.Frame(client)).IsEndOfStream);
    }
}
