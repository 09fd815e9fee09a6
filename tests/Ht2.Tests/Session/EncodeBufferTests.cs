using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading.Tasks;
using Ht2.Testing;

namespace Ht2.Tests.Session;

/// <summary>
/// A response header block whose worst case does not fit one frame is encoded through the session's encode buffer
/// and copied into the batch as HEADERS + CONTINUATION (RFC 9113 §6.10). The buffer is kept and reused: a block of
/// the size it already holds, or one it grew ahead for, allocates no new buffer; and the copy of the block does not
/// turn the DATA staged after it into copies (DATA stays referenced in the application's memory until the write).
/// Blocks by hand from RFC 7541: 0x88 = :status 200, then <c>x-big</c> as a literal without indexing with a new
/// name (0x00, 0x05 "x-big") and its value length as a 7-bit prefix integer (§5.1): 0x7F, then length − 127 in
/// 7-bit groups, low group first.
/// </summary>
public sealed class EncodeBufferTests
{
    private static readonly TimeSpan Bound = TimeSpan.FromSeconds(10);

    private static Ht2Field[] Response(int valueLength) =>
        [new(":status"u8.ToArray(), "200"u8.ToArray()), new("x-big"u8.ToArray(), Enumerable.Repeat((byte)'a', valueLength).ToArray())];

    private static byte[] ExpectedBlock(int valueLength, byte[] lengthPrefix) =>
        [0x88, 0x00, 0x05, (byte)'x', (byte)'-', (byte)'b', (byte)'i', (byte)'g', .. lengthPrefix, .. Enumerable.Repeat((byte)'a', valueLength)];

    /// <summary>Reads HEADERS and its CONTINUATION frames on <paramref name="streamId"/> and joins the block.</summary>
    private static async Task<byte[]> ReadBlockAsync(SessionHarness h, uint streamId)
    {
        WireFrame frame = await h.ExpectAsync(WireFrame.Headers);
        Assert.Equal(streamId, frame.StreamId);
        List<byte> block = [.. frame.Payload];
        while (!frame.Has(Wire.EndHeaders))
        {
            frame = await h.NextFrameAsync();
            Assert.Equal(WireFrame.Continuation, frame.Type);
            Assert.Equal(streamId, frame.StreamId);
            block.AddRange(frame.Payload);
        }

        return [.. block];
    }

    [Fact]
    public async Task A_block_of_the_size_the_buffer_holds_and_one_within_its_growth_allocate_no_new_buffer()
    {
        // Stream 1 grows the buffer to its block's worst case; 3 sends the same block; 5 a slightly larger one (the
        // buffer doubles); 7 one larger again, within the doubled buffer.
        Dictionary<uint, int> valueLengths = new() { [1] = 20_000, [3] = 20_000, [5] = 20_010, [7] = 20_020 };
        Dictionary<uint, long> allocated = new();
        Dictionary<uint, Ht2Field[]> responses = valueLengths.ToDictionary(p => p.Key, p => Response(p.Value));
        SessionHarness h = await SessionHarness.StartServerAsync(setup: handler => handler.Request = (stream, _) =>
        {
            Ht2Field[] fields = responses[stream.Id];
            long before = GC.GetAllocatedBytesForCurrentThread();
            stream.SendHeaders(fields, endStream: true);
            allocated[stream.Id] = GC.GetAllocatedBytesForCurrentThread() - before;
        });
        await using (h)
        {
            // 20,000 − 127 = 19,873 = 33 + 155 × 128 (155 = 27 + 1 × 128); 20,010: 43 + ...; 20,020: 53 + ...
            Dictionary<uint, byte[]> prefixes = new()
            {
                [1] = [0x7F, 0xA1, 0x9B, 0x01],
                [3] = [0x7F, 0xA1, 0x9B, 0x01],
                [5] = [0x7F, 0xAB, 0x9B, 0x01],
                [7] = [0x7F, 0xB5, 0x9B, 0x01],
            };
            foreach (uint id in new uint[] { 1, 3, 5, 7 })
            {
                h.Send(Wire.Headers(id, Wire.GetBlock, endStream: true));
                Assert.Equal(ExpectedBlock(valueLengths[id], prefixes[id]), await ReadBlockAsync(h, id));
            }

            // A new buffer for a block is at least the block's size (20,000 bytes and more); the rest of a send
            // allocates far less.
            Assert.True(allocated[1] >= 20_000, $"stream 1 allocated {allocated[1]} bytes: the first large block grows the buffer");
            Assert.True(allocated[3] < 10_000, $"stream 3 allocated {allocated[3]} bytes for a block the size of the buffer");
            Assert.True(allocated[5] >= 20_000, $"stream 5 allocated {allocated[5]} bytes: a larger block grows the buffer");
            Assert.True(allocated[7] < 10_000, $"stream 7 allocated {allocated[7]} bytes for a block within the doubled buffer");
        }
    }

    [Fact]
    public async Task DATA_staged_after_a_block_with_CONTINUATION_is_sent_from_the_applications_memory()
    {
        // 4,000 bytes is above the writer's copy threshold: the DATA frame refers to the body, which the write reads
        // when it happens. The write is held back, the body changed meanwhile: the peer gets the changed bytes.
        byte[] body = Enumerable.Repeat((byte)'A', 4_000).ToArray();
        Ht2Field[] response = Response(20_000);
        ValueTask send = default;
        SessionHarness h = await SessionHarness.StartServerAsync(setup: handler => handler.Request = (stream, _) =>
        {
            stream.SendHeaders(response, endStream: false);
            send = stream.SendDataAsync(body, endStream: true);
        });
        await using (h)
        {
            TaskCompletionSource gate = new(TaskCreationOptions.RunContinuationsAsynchronously);
            h.Transport.FlushGate = gate.Task;
            h.Send(Wire.Headers(1, Wire.GetBlock, endStream: true));
            body.AsSpan().Fill((byte)'B');
            gate.SetResult();

            Assert.Equal(ExpectedBlock(20_000, [0x7F, 0xA1, 0x9B, 0x01]), await ReadBlockAsync(h, 1));
            List<WireFrame> frames = await h.ReadDataAsync(4_000);
            WireFrame data = frames.Single(f => f.Type == WireFrame.Data);
            Assert.Equal(Wire.EndStream, data.Flags);
            Assert.Equal(Enumerable.Repeat((byte)'B', 4_000), data.Payload);
            await send.Within(Bound);
        }
    }
}
