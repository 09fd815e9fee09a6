using System;
using System.Collections.Generic;
using System.Threading.Tasks;
using Ht2.Tests.Writing;

namespace Ht2.Tests.Connection;

/// <summary>
/// DATA sent as frames (SendFrames, SendFramesVectored, SendPrioritizedFrames, their async forms, batches): each
/// frame takes exactly its payload length from the stream and connection windows, padding and its length byte
/// included (RFC 9113 §6.9.1), all or nothing; every other frame type leaves the windows alone.
/// </summary>
public sealed class FlowControlledAddTests
{
    private const int Window = 65_535;

    /// <summary>The APIs that send a list of whole frames, each with its own payload.</summary>
    public static TheoryData<string> Ways() => new() { "copied", "vectored", "async", "prioritized", "prioritizedAsync", "batch", "batchAsync" };

    /// <summary>The calls that are all or nothing (a batch is per add: see <see cref="BatchAdd_RefusedByTheWriter_GivesBackOnlyItsOwnCredit"/>).</summary>
    public static TheoryData<string> AllOrNothingWays() => new() { "copied", "vectored", "async", "prioritized", "prioritizedAsync" };

    [Theory]
    [MemberData(nameof(Ways))]
    public async Task Data_TakesEachFramesPayloadLength_PaddingIncluded(string way)
    {
        (Ht2Connection client, ScriptedStream stream) = Open();
        using (client)
        {
            DataFrame[] frames =
            [
                new DataFrame { StreamId = 1 },
                new DataFrame { StreamId = 3, Flags = FrameFlags.Padded | FrameFlags.EndStream, PadLength = 4 },
            ];
            await Send(client, way, frames, [new byte[] { 1, 2, 3 }, new byte[] { 9 }]);

            // 3 bytes on stream 1; 1 + 1 (Pad Length) + 4 (padding) = 6 on stream 3.
            Assert.Equal(Window - 9, client.ConnectionSendWindow);
            Assert.Equal(Window - 3, client.GetStreamSendWindow(1));
            Assert.Equal(Window - 6, client.GetStreamSendWindow(3));
        }

        byte[] expected =
        [
            0x00, 0x00, 0x03, 0x00, 0x00, 0, 0, 0, 1, 1, 2, 3,
            0x00, 0x00, 0x06, 0x00, 0x09, 0, 0, 0, 3, 4, 9, 0, 0, 0, 0,
        ];
        Assert.Equal(expected, stream.Output.ToArray());
    }

    [Theory]
    [MemberData(nameof(Ways))]
    public async Task Data_FillingTheWindowExactly_IsSent_AndLeavesItAtZero(string way)
    {
        (Ht2Connection client, ScriptedStream stream) = Open();
        using (client)
        {
            // 3 × 16384 + 16383 = 65535: the whole initial window, in frames of at most SETTINGS_MAX_FRAME_SIZE.
            (DataFrame[] frames, ReadOnlyMemory<byte>[] payloads) = FourFrames(lastLength: 16_383);
            await Send(client, way, frames, payloads);
            Assert.Equal(0, client.ConnectionSendWindow);
            Assert.Equal(0, client.GetStreamSendWindow(1));
        }

        List<Wire.Frame> wire = Wire.Split(stream.Output.ToArray());
        Assert.Equal(new[] { 16_384, 16_384, 16_384, 16_383 }, wire.ConvertAll(f => f.Payload.Length));
        Assert.All(wire, f => Assert.Equal((0x0, 0x0, 1u), (f.Type, f.Flags, f.StreamId)));
    }

    [Theory]
    [MemberData(nameof(AllOrNothingWays))]
    public async Task Data_OneByteBeyondTheWindow_SendsNothing_AndGivesEveryFramesCreditBack(string way)
    {
        (Ht2Connection client, ScriptedStream stream) = Open();
        using (client)
        {
            // The fourth frame needs 16384 with 16383 left: refused after three frames took their credit.
            (DataFrame[] frames, ReadOnlyMemory<byte>[] payloads) = FourFrames(lastLength: 16_384);
            InvalidOperationException refused = await Assert.ThrowsAsync<InvalidOperationException>(() => Send(client, way, frames, payloads));
            Assert.Contains("16384 bytes", refused.Message);
            Assert.Contains("stream 1", refused.Message);
            AssertWindowsUntouched(client, 1);
        }

        Assert.Equal(0, stream.Output.Length);
    }

    [Theory]
    [MemberData(nameof(AllOrNothingWays))]
    public async Task Data_RefusedByTheWriter_AfterItsCreditWasTaken_GivesAllCreditBack(string way)
    {
        (Ht2Connection client, ScriptedStream stream) = Open();
        using (client)
        {
            // 16385 bytes fit the window but not SETTINGS_MAX_FRAME_SIZE (16384): the writer refuses the second frame.
            DataFrame[] frames = [new DataFrame { StreamId = 1 }, new DataFrame { StreamId = 3 }];
            await Assert.ThrowsAnyAsync<ArgumentException>(() => Send(client, way, frames, [new byte[5], new byte[16_385]]));
            AssertWindowsUntouched(client, 1, 3);
        }

        Assert.Equal(0, stream.Output.Length);
    }

    [Fact]
    public void BatchAdd_RefusedByTheWriter_GivesBackOnlyItsOwnCredit()
    {
        (Ht2Connection client, ScriptedStream stream) = Open();
        using (client)
        {
            using (Ht2Batch batch = client.BeginBatch())
            {
                batch.Add(new DataFrame { StreamId = 1 }, new byte[] { 1, 2, 3, 4, 5 });
                Assert.ThrowsAny<ArgumentException>(() => batch.Add(new DataFrame { StreamId = 3 }, new byte[16_385]));
                Assert.Equal(Window - 5, client.ConnectionSendWindow);
                Assert.Equal(Window - 5, client.GetStreamSendWindow(1));
                Assert.Equal(Window, client.GetStreamSendWindow(3));
                batch.AddPrioritized(new DataFrame { StreamId = 3, Flags = FrameFlags.EndStream }, new byte[] { 6 }, 1);
                batch.Send();
            }

            Assert.Equal(Window - 6, client.ConnectionSendWindow);
            Assert.Equal(Window - 1, client.GetStreamSendWindow(3));
        }

        List<byte> expected = new();
        Wire.Data(expected, 3, [6], endStream: true);
        Wire.Data(expected, 1, [1, 2, 3, 4, 5], endStream: false);
        Assert.Equal(expected.ToArray(), stream.Output.ToArray());
    }

    [Fact]
    public void Batch_DisposedWithDataUnsent_GivesThatDataCreditBack()
    {
        (Ht2Connection client, ScriptedStream stream) = Open();
        using (client)
        {
            using (Ht2Batch batch = client.BeginBatch())
            {
                batch.Add(new DataFrame { StreamId = 1 }, new byte[] { 1, 2, 3, 4, 5 });
                batch.Send();

                // Staged, never sent: 1 + 3 + 2 = 6 bytes on stream 1, 4 on stream 3.
                batch.Add(new DataFrame { StreamId = 1, Flags = FrameFlags.Padded, PadLength = 2 }, new byte[3]);
                batch.Add(new DataFrame { StreamId = 3 }, new byte[4]);
                Assert.Equal(Window - 15, client.ConnectionSendWindow);
            }

            Assert.Equal(Window - 5, client.ConnectionSendWindow);
            Assert.Equal(Window - 5, client.GetStreamSendWindow(1));
            Assert.Equal(Window, client.GetStreamSendWindow(3));

            // The next batch starts with nothing to give back.
            using (Ht2Batch next = client.BeginBatch())
            {
                next.Add(new DataFrame { StreamId = 3, Flags = FrameFlags.EndStream }, new byte[] { 7 });
                next.Send();
            }

            Assert.Equal(Window - 6, client.ConnectionSendWindow);
            Assert.Equal(Window - 1, client.GetStreamSendWindow(3));
        }

        List<byte> expected = new();
        Wire.Data(expected, 1, [1, 2, 3, 4, 5], endStream: false);
        Wire.Data(expected, 3, [7], endStream: true);
        Assert.Equal(expected.ToArray(), stream.Output.ToArray());
    }

    [Fact]
    public async Task AsyncBatch_DisposedWithDataUnsent_GivesThatDataCreditBack()
    {
        (Ht2Connection client, ScriptedStream stream) = Open();
        using (client)
        {
            Ht2Batch batch = await client.BeginBatchAsync().AsTask().Within(Worker.DefaultTimeout);
            using (batch)
            {
                batch.Add(new DataFrame { StreamId = 1 }, new byte[] { 9 });
                await batch.SendAsync().AsTask().Within(Worker.DefaultTimeout);
                for (int i = 0; i < 5; i++)
                {
                    // More adds than the record starts with room for.
                    batch.Add(new DataFrame { StreamId = 1 }, new byte[100]);
                }
            }

            Assert.Equal(Window - 1, client.ConnectionSendWindow);
            Assert.Equal(Window - 1, client.GetStreamSendWindow(1));
        }

        List<byte> expected = new();
        Wire.Data(expected, 1, [9], endStream: false);
        Assert.Equal(expected.ToArray(), stream.Output.ToArray());
    }

    [Theory]
    [InlineData("copied")]
    [InlineData("vectored")]
    [InlineData("async")]
    public async Task Data_WithoutPayloads_IsPaddingOnly_AndCountsIt(string way)
    {
        (Ht2Connection client, ScriptedStream stream) = Open();
        using (client)
        {
            DataFrame[] frames =
            [
                new DataFrame { StreamId = 1, Flags = FrameFlags.Padded, PadLength = 2 },
                new DataFrame { StreamId = 1, Flags = FrameFlags.EndStream },
            ];
            await Send(client, way, frames, []);
            Assert.Equal(Window - 3, client.ConnectionSendWindow);
            Assert.Equal(Window - 3, client.GetStreamSendWindow(1));
        }

        byte[] expected =
        [
            0x00, 0x00, 0x03, 0x00, 0x08, 0, 0, 0, 1, 2, 0, 0,
            0x00, 0x00, 0x00, 0x00, 0x01, 0, 0, 0, 1,
        ];
        Assert.Equal(expected, stream.Output.ToArray());
    }

    [Theory]
    [InlineData("copied")]
    [InlineData("vectored")]
    [InlineData("async")]
    public async Task Data_WithoutPayloads_RefusedLater_GivesThePaddingCreditBack(string way)
    {
        (Ht2Connection client, ScriptedStream stream) = Open();
        using (client)
        {
            // DATA on stream 0 is refused by the writer (RFC 9113 §6.1) after the padded frame took 10 bytes.
            DataFrame[] frames = [new DataFrame { StreamId = 1, Flags = FrameFlags.Padded, PadLength = 9 }, new DataFrame { StreamId = 0 }];
            await Assert.ThrowsAnyAsync<ArgumentException>(() => Send(client, way, frames, []));
            AssertWindowsUntouched(client, 1);
        }

        Assert.Equal(0, stream.Output.Length);
    }

    [Theory]
    [InlineData("copied", 1)]
    [InlineData("copied", 3)]
    [InlineData("vectored", 1)]
    [InlineData("vectored", 3)]
    [InlineData("async", 1)]
    [InlineData("async", 3)]
    public async Task Data_PayloadCountOtherThanTheFrameCount_IsRefused(string way, int payloadCount)
    {
        (Ht2Connection client, ScriptedStream stream) = Open();
        using (client)
        {
            DataFrame[] frames = [new DataFrame { StreamId = 1 }, new DataFrame { StreamId = 1 }];
            ReadOnlyMemory<byte>[] payloads = new ReadOnlyMemory<byte>[payloadCount];
            Array.Fill(payloads, new byte[] { 7 });
            ArgumentException refused = await Assert.ThrowsAsync<ArgumentException>(() => Send(client, way, frames, payloads));
            Assert.Equal("payloads", refused.ParamName);
            AssertWindowsUntouched(client, 1);
        }

        Assert.Equal(0, stream.Output.Length);
    }

    [Fact]
    public async Task OtherFrameTypes_NeverTouchTheWindows()
    {
        (Ht2Connection client, ScriptedStream stream) = Open();
        using (client)
        {
            client.SendFrame(new RstStreamFrame { StreamId = 1, ErrorCode = Http2ErrorCode.Cancel });
            client.SendFrames<PingFrame>([new PingFrame { OpaqueData = 1 }]);
            await client.SendFramesAsync<PingFrame>(new[] { new PingFrame { OpaqueData = 2 } }).AsTask().Within(Worker.DefaultTimeout);
            client.SendPrioritizedFrames<RstStreamFrame>([new(new RstStreamFrame { StreamId = 3, ErrorCode = Http2ErrorCode.NoError }, default, 1)]);
            using (Ht2Batch batch = client.BeginBatch())
            {
                batch.AddPrioritized(new WindowUpdateFrame { StreamId = 1, WindowSizeIncrement = 5 }, default, 2);
                batch.Send();
            }

            AssertWindowsUntouched(client, 1, 3);
        }

        List<byte> expected = new();
        Wire.RstStream(expected, 1, 0x8);
        Wire.Ping(expected, 1);
        Wire.Ping(expected, 2);
        Wire.RstStream(expected, 3, 0x0);
        Wire.WindowUpdate(expected, 1, 5);
        Assert.Equal(expected.ToArray(), stream.Output.ToArray());
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task PrioritizedOtherFrames_RefusedHalfway_SendNothing_AndLeaveTheWindows(bool async)
    {
        (Ht2Connection client, ScriptedStream stream) = Open();
        using (client)
        {
            // RST_STREAM on stream 0 is refused (RFC 9113 §6.4) after the first frame was staged.
            PrioritizedFrame<RstStreamFrame>[] frames =
            [
                new(new RstStreamFrame { StreamId = 1, ErrorCode = Http2ErrorCode.Cancel }, default, 0),
                new(new RstStreamFrame { StreamId = 0, ErrorCode = Http2ErrorCode.Cancel }, default, 0),
            ];
            await Assert.ThrowsAnyAsync<ArgumentException>(async () =>
            {
                if (async)
                {
                    await client.SendPrioritizedFramesAsync<RstStreamFrame>(frames).AsTask().Within(Worker.DefaultTimeout);
                }
                else
                {
                    client.SendPrioritizedFrames<RstStreamFrame>(frames);
                }
            });
            AssertWindowsUntouched(client, 1);
            client.SendPing(3);
        }

        List<byte> expected = new();
        Wire.Ping(expected, 3);
        Assert.Equal(expected.ToArray(), stream.Output.ToArray());
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task PrioritizedData_GoesOutHighestFirst(bool async)
    {
        (Ht2Connection client, ScriptedStream stream) = Open();
        using (client)
        {
            PrioritizedFrame<DataFrame>[] frames =
            [
                new(new DataFrame { StreamId = 1 }, new byte[] { 0xA }, 1),
                new(new DataFrame { StreamId = 3 }, new byte[] { 0xB, 0xB }, 9),
            ];
            if (async)
            {
                await client.SendPrioritizedFramesAsync<DataFrame>(frames).AsTask().Within(Worker.DefaultTimeout);
            }
            else
            {
                client.SendPrioritizedFrames<DataFrame>(frames);
            }

            Assert.Equal(Window - 3, client.ConnectionSendWindow);
        }

        List<byte> expected = new();
        Wire.Data(expected, 3, [0xB, 0xB], endStream: false);
        Wire.Data(expected, 1, [0xA], endStream: false);
        Assert.Equal(expected.ToArray(), stream.Output.ToArray());
    }

    private static (Ht2Connection Client, ScriptedStream Stream) Open()
    {
        ScriptedStream stream = new(Array.Empty<byte>());
        return (new Ht2Connection(stream), stream);
    }

    private static (DataFrame[] Frames, ReadOnlyMemory<byte>[] Payloads) FourFrames(int lastLength)
    {
        DataFrame[] frames = new DataFrame[4];
        ReadOnlyMemory<byte>[] payloads = new ReadOnlyMemory<byte>[4];
        for (int i = 0; i < 4; i++)
        {
            frames[i] = new DataFrame { StreamId = 1 };
            payloads[i] = new byte[i == 3 ? lastLength : 16_384];
        }

        return (frames, payloads);
    }

    private static void AssertWindowsUntouched(Ht2Connection client, params uint[] streams)
    {
        Assert.Equal(Window, client.ConnectionSendWindow);
        foreach (uint stream in streams)
        {
            Assert.Equal(Window, client.GetStreamSendWindow(stream));
        }
    }

    /// <summary>Sends <paramref name="frames"/> through the API <paramref name="way"/> names; async forms are bounded.</summary>
    private static async Task Send(Ht2Connection client, string way, DataFrame[] frames, ReadOnlyMemory<byte>[] payloads)
    {
        // Only the list APIs see a payload count other than the frame count; the others pair them one to one.
        PrioritizedFrame<DataFrame>[] prioritized = new PrioritizedFrame<DataFrame>[frames.Length];
        for (int i = 0; i < frames.Length && (payloads.Length == 0 || payloads.Length == frames.Length); i++)
        {
            prioritized[i] = new(frames[i], payloads.Length == 0 ? default : payloads[i], 0);
        }

        switch (way)
        {
            case "copied":
                client.SendFrames<DataFrame>(frames, payloads);
                break;
            case "vectored":
                client.SendFramesVectored<DataFrame>(frames, payloads);
                break;
            case "async":
                await client.SendFramesAsync<DataFrame>(frames, payloads).AsTask().Within(Worker.DefaultTimeout);
                break;
            case "prioritized":
                client.SendPrioritizedFrames<DataFrame>(prioritized);
                break;
            case "prioritizedAsync":
                await client.SendPrioritizedFramesAsync<DataFrame>(prioritized).AsTask().Within(Worker.DefaultTimeout);
                break;
            case "batch":
                using (Ht2Batch batch = client.BeginBatch())
                {
                    // A batch adds one frame at a time: all or nothing is the caller's, so it sends only if every add passed.
                    foreach (PrioritizedFrame<DataFrame> frame in prioritized)
                    {
                        batch.Add(frame.Frame, frame.Payload);
                    }

                    batch.Send();
                }

                break;
            case "batchAsync":
                Ht2Batch asyncBatch = await client.BeginBatchAsync().AsTask().Within(Worker.DefaultTimeout);
                using (asyncBatch)
                {
                    foreach (PrioritizedFrame<DataFrame> frame in prioritized)
                    {
                        asyncBatch.Add(frame.Frame, frame.Payload);
                    }

                    await asyncBatch.SendAsync().AsTask().Within(Worker.DefaultTimeout);
                }

                break;
            default:
                throw new ArgumentOutOfRangeException(nameof(way), way, null);
        }
    }
}
