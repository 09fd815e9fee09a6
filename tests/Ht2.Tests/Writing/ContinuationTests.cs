using System;
using System.Collections.Generic;
using System.IO;
using System.Threading;
using Ht2.Tests.IO;

namespace Ht2.Tests.Writing;

/// <summary>
/// Header blocks split into HEADERS + CONTINUATION at the peer's maximum frame size, sent over TCP and reassembled
/// by the real receiver (FrameReader + HeaderBlockSequencer) into exactly the original block.
/// </summary>
public sealed class ContinuationTests
{
    public static TheoryData<int, long> Cases()
    {
        TheoryData<int, long> data = new();
        foreach (int max in new[] { 16_384, 16_777_215 })
        {
            foreach (long length in new[] { 0L, 1, max - 1, max, max + 1L, 10L * max })
            {
                data.Add(max, length);
            }
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void HeaderBlock_IsSplitAndReassembledExactly(int maxFrameSize, long blockLength)
        => RoundTrip(maxFrameSize, (int)blockLength, endStream: true, pad: null, priority: false);

    [Theory]
    [InlineData(16_384, 16_385)]
    [InlineData(16_384, 16_384 - 6 - 11)]
    [InlineData(16_384, 16_384 - 6 - 10)]
    [InlineData(16_384, 100)]
    public void PaddedPrioritizedHeaders_CountTheirFixedFieldsAgainstTheLimit(int maxFrameSize, int blockLength)
        => RoundTrip(maxFrameSize, blockLength, endStream: false, pad: 10, priority: true);

    private static void RoundTrip(int maxFrameSize, int blockLength, bool endStream, int? pad, bool priority)
    {
        byte[] block = new byte[blockLength];
        for (int i = 0; i < block.Length; i++)
        {
            block[i] = (byte)(i * 31 + (i >> 11));
        }

        using Loopback loopback = new();
        using MultiFrameWriter writer = new() { MaxFrameSize = maxFrameSize };
        List<Wire.Frame> frames = new();
        int reassembledLength = 0;

        // The count the RFC arithmetic gives: HEADERS carries what fits after its fixed fields and padding.
        int overhead = (pad is int p ? p + 1 : 0) + (priority ? 5 : 0);
        int first = Math.Min(blockLength, maxFrameSize - overhead);
        int expectedFrames = 1 + (int)(((long)blockLength - first + maxFrameSize - 1) / maxFrameSize);
        Worker receiver = loopback.StartReader("receiver", () => reassembledLength = Receive(loopback, maxFrameSize, pad, priority, expectedFrames, frames, block));

        writer.WriteHeadersWithContinuations(loopback.Client, 7, block, endStream, maxFrameSize, pad, priority ? new HeadersPriority(3, 15, true) : null);
        loopback.Client.Shutdown(System.Net.Sockets.SocketShutdown.Send);
        receiver.Join();

        Assert.Equal(expectedFrames, frames.Count);
        for (int i = 0; i < frames.Count; i++)
        {
            Wire.Frame frame = frames[i];
            bool last = i == frames.Count - 1;
            Assert.Equal(7u, frame.StreamId);
            Assert.Equal(i == 0 ? (byte)0x1 : (byte)0x9, frame.Type);
            byte expectedFlags = (byte)((last ? 0x4 : 0)
                | (i == 0 && endStream ? 0x1 : 0)
                | (i == 0 && pad is not null ? 0x8 : 0)
                | (i == 0 && priority ? 0x20 : 0));
            Assert.Equal(expectedFlags, frame.Flags);
            
        }

        Assert.Equal(blockLength, reassembledLength);
    }

    /// <summary>
    /// The receiver: validates every frame, sequences the block and checks each fragment at its place in it. Each is also
    /// cut out of the payload by hand (§6.2: Pad Length, E + dependency + weight, fragment, zero padding), so the
    /// check does not rest on our own reader alone. A frame beyond <paramref name="expectedFrames"/> fails the receiver
    /// (whose reset then stops the writer), so a writer that repeats frames cannot keep it reading for ever.
    /// </summary>
    private static int Receive(Loopback loopback, int maxFrameSize, int? pad, bool priority, int expectedFrames, List<Wire.Frame> frames, byte[] block)
    {
        FrameReaderOptions options = new() { LocalMaxFrameSize = maxFrameSize, MaxHeaderBlockBytes = int.MaxValue, MaxContinuationFrames = 64 };
        HeaderBlockSequencer sequencer = new(options);
        byte[] buffer = new byte[FrameHeader.Size + maxFrameSize];
        int total = 0;
        while (true)
        {
            int got = 0;
            while (got < FrameHeader.Size)
            {
                int n = loopback.Server.Receive(buffer, got, FrameHeader.Size - got, System.Net.Sockets.SocketFlags.None);
                if (n == 0)
                {
                    Assert.Equal(0, got);
                    Assert.False(sequencer.IsBlockOpen);
                    return total;
                }

                got += n;
            }

            Assert.True(frames.Count < expectedFrames, $"More than the {expectedFrames} frames the block needs.");
            int length = (buffer[0] << 16) | (buffer[1] << 8) | buffer[2];
            while (got < FrameHeader.Size + length)
            {
                int n = loopback.Server.Receive(buffer, got, FrameHeader.Size + length - got, System.Net.Sockets.SocketFlags.None);
                Assert.NotEqual(0, n);
                got += n;
            }

            Assert.True(FrameReader.TryReadFrame(buffer.AsSpan(0, got), maxFrameSize, out FrameHeader header, out ReadOnlySpan<byte> payload, out int consumed));
            Assert.Equal(got, consumed);
            sequencer.Accept(header);
            scoped ReadOnlySpan<byte> fragment;
            if (header.Type == FrameType.Headers)
            {
                HeadersFrame.Parse(header, payload, out fragment);
            }
            else
            {
                ContinuationFrame.Parse(header, payload, out fragment);
            }

            Assert.True(fragment.SequenceEqual(FragmentByHand(buffer.AsSpan(FrameHeader.Size, length), first: total == 0 && header.Type == FrameType.Headers, pad, priority)));
            // Each fragment is checked at its place in the block instead of being copied into a second block-sized
            // array: the largest case (10 × 16 MiB) would otherwise hold two 160 MiB arrays under the host's heap limit.
            Assert.True(fragment.Length <= block.Length - total, $"The fragments run past the {block.Length}-byte block.");
            Assert.True(fragment.SequenceEqual(block.AsSpan(total, fragment.Length)), $"The fragment at {total} differs from the block.");
            total += fragment.Length;
            lock (frames)
            {
                // Keep only the header facts for large frames: the payload is checked through the reassembly.
                frames.Add(new Wire.Frame((byte)header.Type, (byte)header.Flags, header.StreamId, new byte[Math.Min(header.Length, 1)]));
            }
        }
    }

    private static ReadOnlySpan<byte> FragmentByHand(ReadOnlySpan<byte> payload, bool first, int? pad, bool priority)
    {
        if (!first)
        {
            return payload;
        }

        int start = 0;
        if (pad is int padLength)
        {
            Assert.Equal(padLength, payload[0]);
            start = 1;
        }

        if (priority)
        {
            // Exclusive, dependency 3, weight 15: 0x80000003 then 0x0F.
            Assert.True(payload.Slice(start, 5).SequenceEqual(new byte[] { 0x80, 0, 0, 3, 15 }));
            start += 5;
        }

        int padding = pad ?? 0;
        Assert.True(payload.Slice(payload.Length - padding).IndexOfAnyExcept((byte)0) < 0, "Padding must be zero bytes.");
        return payload.Slice(start, payload.Length - start - padding);
    }
}
