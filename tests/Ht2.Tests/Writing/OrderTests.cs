using System;
using System.Collections.Generic;
using System.IO;
using System.Net.Sockets;
using System.Threading;
using System.Threading.Tasks;
using Ht2.Tests.IO;

namespace Ht2.Tests.Writing;

/// <summary>Frames reach the peer in exactly the order they were added: a control frame never overtakes earlier DATA.</summary>
public sealed class OrderTests
{
    public enum Target
    {
        SocketSync,
        SocketAsync,
        StreamSync,
        StreamAsync,
    }

    /// <summary>Adds 1,000 mixed frames to the writer and builds the expected bytes with the hand encoder.</summary>
    private static byte[] AddMixed(MultiFrameWriter writer, int seed)
    {
        Random random = new(seed);
        List<byte> expected = new();
        for (int i = 0; i < 1000; i++)
        {
            uint stream = (uint)random.Next(1, 50) * 2 + 1;
            switch (random.Next(8))
            {
                case 0:
                case 1:
                {
                    // Sizes on both sides of the copy threshold, so staged and zero-copy entries interleave.
                    byte[] data = new byte[random.Next(3) == 0 ? random.Next(2048, 9000) : random.Next(0, 300)];
                    random.NextBytes(data);
                    int? pad = random.Next(3) == 0 ? random.Next(0, 256) : null;
                    bool end = random.Next(4) == 0;
                    DataFrame frame = new() { StreamId = stream, Flags = (end ? FrameFlags.EndStream : 0) | (pad is null ? 0 : FrameFlags.Padded), PadLength = (byte)(pad ?? 0) };
                    writer.Add(in frame, data);
                    Wire.Data(expected, stream, data, end, pad);
                    break;
                }

                case 2:
                {
                    uint code = (uint)random.Next(0, 14);
                    writer.Add(new RstStreamFrame { StreamId = stream, ErrorCode = (Http2ErrorCode)code });
                    Wire.RstStream(expected, stream, code);
                    break;
                }

                case 3:
                {
                    ulong opaque = (ulong)random.NextInt64();
                    writer.Add(new PingFrame { OpaqueData = opaque });
                    Wire.Ping(expected, opaque);
                    break;
                }

                case 4:
                {
                    uint increment = (uint)random.Next(1, int.MaxValue);
                    uint target = random.Next(2) == 0 ? 0 : stream;
                    writer.Add(new WindowUpdateFrame { StreamId = target, WindowSizeIncrement = increment });
                    Wire.WindowUpdate(expected, target, increment);
                    break;
                }

                case 5:
                {
                    byte[] block = new byte[random.Next(0, 4000)];
                    random.NextBytes(block);
                    bool priority = random.Next(2) == 0;
                    HeadersFrame frame = new() { StreamId = stream, Flags = FrameFlags.EndHeaders | (priority ? FrameFlags.Priority : 0), StreamDependency = 3, Weight = 200, Exclusive = true };
                    writer.Add(in frame, block);
                    Wire.Headers(expected, stream, block, 0x4, null, priority ? (3, 200, true) : null);
                    break;
                }

                case 6:
                {
                    byte[] debug = new byte[random.Next(0, 40)];
                    random.NextBytes(debug);
                    writer.Add(new GoAwayFrame { LastStreamId = stream, ErrorCode = Http2ErrorCode.EnhanceYourCalm }, debug);
                    Wire.GoAway(expected, stream, 0xb, debug);
                    break;
                }

                default:
                {
                    writer.Add(new PriorityFrame { StreamId = stream, StreamDependency = 1, Weight = 7 });
                    Wire.Priority(expected, stream, 1, 7);
                    break;
                }
            }
        }

        return expected.ToArray();
    }

    [Theory]
    [InlineData(Target.SocketSync)]
    [InlineData(Target.SocketAsync)]
    [InlineData(Target.StreamSync)]
    [InlineData(Target.StreamAsync)]
    public async Task ThousandMixedFrames_ArriveOverTcp_InAddOrder_ByteForByte(Target target)
    {
        using MultiFrameWriter writer = new();
        for (int round = 0; round < 3; round++)
        {
            // A small send buffer makes the kernel take the batch in pieces: partial writes and EAGAIN on the async
            // path. One connection per round: the reader resets it once it has every expected byte.
            using Loopback loopback = new(sendBufferSize: 16 * 1024);
            byte[] expected = AddMixed(writer, seed: 100 + round);
            Assert.Equal(expected.Length, writer.TotalLength);
            byte[] received = new byte[expected.Length];
            Worker reader = loopback.StartReading(received, received.Length, chunk: 3000);
            using NetworkStream stream = new(loopback.Client, ownsSocket: false);
            long written = target switch
            {
                Target.SocketSync => writer.FlushTo(loopback.Client),
                Target.SocketAsync => await writer.FlushToAsync(loopback.Client).AsTask().Within(TimeSpan.FromSeconds(30)),
                Target.StreamSync => writer.FlushTo(stream),
                _ => await writer.FlushToAsync(stream).AsTask().Within(TimeSpan.FromSeconds(30)),
            };

            reader.Join(TimeSpan.FromSeconds(30));
            Assert.Equal(expected.Length, written);
            Assert.Equal(expected, received);
            Assert.Equal(0, writer.FrameCount);
        }
    }

    [Fact]
    public void RstStreamAfterData_StaysAfterIt()
    {
        using MultiFrameWriter writer = new();
        writer.Add(new DataFrame { StreamId = 1 }, new byte[5000]);
        writer.Add(new RstStreamFrame { StreamId = 1, ErrorCode = Http2ErrorCode.Cancel });
        writer.Add(new PingFrame { OpaqueData = 1 });
        MemoryStream output = new();
        writer.FlushTo(output);
        List<Wire.Frame> frames = Wire.Split(output.ToArray());
        Assert.Equal(new byte[] { 0x0, 0x3, 0x6 }, frames.ConvertAll(f => f.Type));
    }
}
