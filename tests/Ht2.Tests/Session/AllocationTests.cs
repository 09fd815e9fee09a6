using System;
using System.Buffers.Binary;
using System.Threading.Tasks;

namespace Ht2.Tests.Session;

/// <summary>Once warm, a request through the session allocates nothing: read, decode, state, response, write.</summary>
public sealed class AllocationTests
{
    private static readonly byte[] Body = new byte[512];

    private static readonly Ht2Field[] Fields = [new(":status"u8.ToArray(), "200"u8.ToArray()), new("content-length"u8.ToArray(), "512"u8.ToArray())];

    private static readonly Ht2FieldSection Section = new(Fields);

    [Theory]
    [InlineData("block")]
    [InlineData("fields")]
    [InlineData("section")]
    public async Task Ten_thousand_requests_allocate_zero_bytes_after_warm_up(string mode)
    {
        await using SessionHarness h = await SessionHarness.StartServerAsync(
            new Ht2SessionOptions { IdleTimeout = System.Threading.Timeout.InfiniteTimeSpan },
            handler: new Responder(mode));

        // Room for every response body on the connection window; stream windows stay at 65,535.
        h.Send(Wire.WindowUpdate(0, 0x7FFF_FFFF - 65_535));
        await h.SyncAsync();
        byte[] request = Wire.Headers(1, Wire.GetBlock, endStream: true);
        uint id = 1;
        RunRequests(h, request, ref id, 2000);

        int rounds = 0;
        long written = 0;
        AllocationRounds.AssertSteadyStateAllocatesNothing(() =>
        {
            rounds++;
            written += RunRequests(h, request, ref id, 10_000);
        });

        Assert.True(written >= rounds * 10_000L * (9 + 1 + 9 + 512), $"The session wrote only {written} bytes in {rounds} rounds.");
        Assert.Equal(0, h.Session.ActiveStreamCount);
    }

    /// <summary>
    /// Answers each request with :status 200 (an encoded block, fields the session checks and encodes, or a section
    /// checked once that the session encodes) and a 512-byte body; records nothing (recording allocates).
    /// </summary>
    private sealed class Responder(string mode) : Ht2SessionHandler
    {
        public override void OnRequest(Ht2Stream stream, Ht2Headers headers, bool endStream)
        {
            switch (mode)
            {
                case "fields": stream.SendHeaders(Fields, endStream: false); break;
                case "section": stream.SendHeaders(Section, endStream: false); break;
                default: stream.SendHeaderBlock(Wire.Status200Block, endStream: false); break;
            }

            _ = stream.SendDataAsync(Body, endStream: true);
        }
    }

    /// <summary>Sends requests one by one; the session runs inline on this thread (the transport's read resumes here).</summary>
    private static int RunRequests(SessionHarness h, byte[] request, ref uint id, int count)
    {
        int written = 0;
        for (int i = 0; i < count; i++)
        {
            BinaryPrimitives.WriteUInt32BigEndian(request.AsSpan(5), id);
            id += 2;
            h.Transport.Send(request);
            written += h.Transport.DiscardOutput();
        }

        return written;
    }
}
