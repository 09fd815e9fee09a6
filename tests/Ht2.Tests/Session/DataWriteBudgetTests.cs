using System;
using System.Buffers.Binary;
using System.Collections.Generic;
using System.Threading.Tasks;
using Ht2.Testing;

namespace Ht2.Tests.Session;

/// <summary>
/// The per-write DATA budget (<see cref="Ht2SessionOptions.MaxDataBytesPerWrite"/>): one write carries DATA until the
/// budget is used up, and what is left waits for the next write, behind the control frames queued meanwhile. With a
/// budget of exactly one 16,384-byte frame, a PING that arrives while the first write waits for the peer is
/// answered after the first DATA frame, before the second.
/// </summary>
public sealed class DataWriteBudgetTests
{
    private static readonly TimeSpan Bound = TimeSpan.FromSeconds(10);
    private const int Frame = 16_384;

    [Fact]
    public async Task A_write_carries_DATA_up_to_the_budget_and_a_PING_ACK_queued_meanwhile_goes_before_the_rest()
    {
        Ht2Stream? request = null;
        await using SessionHarness h = await SessionHarness.StartServerAsync(
            new Ht2SessionOptions { MaxDataBytesPerWrite = Frame }, setup: handler => handler.Request = (stream, ended) => request = stream);
        h.Send(Wire.Headers(1, Wire.GetBlock, endStream: true));
        await h.SyncAsync();
        request!.SendHeaderBlock(Wire.Status200Block, endStream: false);
        await h.ExpectAsync(WireFrame.Headers);

        // Three frames' worth (within the default windows of 65,535): the first write takes one frame, then waits.
        TaskCompletionSource reads = new(TaskCreationOptions.RunContinuationsAsynchronously);
        h.Transport.FlushGate = reads.Task;
        byte[] body = new byte[3 * Frame];
        body[0] = 1;
        body[Frame] = 2;
        body[2 * Frame] = 3;
        Task sent = request.SendDataAsync(body, endStream: true).AsTask();
        h.Send(Wire.Ping(0x4255_4447));
        reads.SetResult();

        List<string> order = new();
        for (int i = 0; i < 4; i++)
        {
            WireFrame frame = await h.NextFrameAsync();
            order.Add(frame.Type == WireFrame.Ping ? $"ack {BinaryPrimitives.ReadUInt64BigEndian(frame.Payload):x}"
                : frame.Type == WireFrame.Data ? $"data {frame.Length} first={frame.Payload[0]} end={frame.Has(Wire.EndStream)}"
                : $"type {frame.Type}");
        }

        Assert.Equal(
            ["data 16384 first=1 end=False", "ack 42554447", "data 16384 first=2 end=False", "data 16384 first=3 end=True"],
            order);
        await sent.Within(Bound);
    }
}
