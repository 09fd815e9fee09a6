using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;

namespace Ht2.Tests.Session;

/// <summary>
/// The buffer a header block split over HEADERS and CONTINUATION is assembled in (4 KiB at first): a block that comes
/// whole in one HEADERS frame is decoded where it lies, fragments that fill the buffer exactly fit without growing,
/// and the buffer grows to at least twice its size, so it settles after a few blocks. Measured with the calling
/// thread's allocation counter: the memory transport runs the session's read loop, handler and writer inline on the
/// thread that sends, and a warmed-up server session answers a request without allocating. An allocation test: like
/// the others it stays out of the mutation runs (Stryker's instrumentation allocates on the session's paths).
/// </summary>
public sealed class HeaderBlockBufferAllocationTests
{
    private const int BufferBytes = 4096;

    private uint _nextId = 1;

    [Fact]
    public async Task A_block_in_one_HEADERS_frame_larger_than_the_buffer_is_not_copied_into_it()
    {
        // GET and "b: <4,500 bytes>", 4,516 bytes in all: more than the assembly buffer holds.
        byte[] block = RequestWith('b', 4500);
        Assert.True(block.Length > BufferBytes);
        await AssertSomeRoundAllocatesNothing(h => Wire.Frame(WireFrame.Headers, Wire.EndHeaders | Wire.EndStream, NextId(), block));
    }

    [Fact]
    public async Task Fragments_that_fill_the_buffer_exactly_fit_without_growing()
    {
        byte[] block = RequestOf(BufferBytes);
        await AssertSomeRoundAllocatesNothing(h =>
        {
            uint id = NextId();
            return Wire.Concat(Wire.Frame(WireFrame.Headers, Wire.EndStream, id, block), Wire.Frame(WireFrame.Continuation, Wire.EndHeaders, id));
        });
    }

    [Fact]
    public async Task The_buffer_grows_to_at_least_twice_its_size()
    {
        await AssertSomeRoundAllocatesNothing(h =>
        {
            // A 4,096-byte fragment and a 100-byte one: the buffer grows once, to 8 KiB.
            uint id = NextId();
            Send(h, Wire.Concat(
                Wire.Frame(WireFrame.Headers, Wire.EndStream, id, RequestOf(BufferBytes)),
                Wire.Frame(WireFrame.Continuation, Wire.EndHeaders, id, Field('c', 96))));

            // 4,096 + 4,000 = 8,096 bytes then fit without growing again.
            id = NextId();
            return Wire.Concat(
                Wire.Frame(WireFrame.Headers, Wire.EndStream, id, RequestOf(BufferBytes)),
                Wire.Frame(WireFrame.Continuation, Wire.EndHeaders, id, Field('c', 4000 - 6)));
        });
    }

    /// <summary>
    /// On fresh warmed-up sessions (at most three), sends what <paramref name="prepare"/> returns until the session
    /// answers it without allocating: a round may see a few bytes once while tiered compilation replaces the methods,
    /// a growth shows in every round.
    /// </summary>
    private async Task AssertSomeRoundAllocatesNothing(Func<SessionHarness, byte[]> prepare)
    {
        long[] rounds = new long[3];
        for (int i = 0; i < rounds.Length; i++)
        {
            await using SessionHarness h = await WarmedUpAsync();
            byte[] frames = prepare(h);
            rounds[i] = AllocatedBy(h, frames);
            if (rounds[i] == 0)
            {
                return;
            }
        }

        Assert.Fail($"Every round allocated: {string.Join(", ", rounds)} B.");
    }

    /// <summary>
    /// A server session that has answered a hundred small requests and two that grew its field arena (through the
    /// dynamic table, so the assembly buffer stayed as it was).
    /// </summary>
    private async Task<SessionHarness> WarmedUpAsync()
    {
        _nextId = 1;
        SessionHarness h = await SessionHarness.StartServerAsync(
            new Ht2SessionOptions { IdleTimeout = Timeout.InfiniteTimeSpan }, handler: new SteadyStateLoad.Responder());
        try
        {
            WarmUp(h);
        }
        catch
        {
            await h.DisposeAsync();
            throw;
        }

        return h;
    }

    private void WarmUp(SessionHarness h)
    {
        // The connection window opened wide (the answers carry 1 KiB each), then enough requests for the session's
        // tables to reach their steady size.
        h.Transport.Send(Wire.WindowUpdate(0, 0x7FFF_FFFF - 65_535));
        for (int i = 0; i < 100; i++)
        {
            Send(h, Wire.Headers(NextId(), Wire.GetBlock, endStream: true));
        }

        // "a: <3,000 bytes>" with incremental indexing (RFC 7541 §6.2.1) becomes dynamic entry 62; the next block's
        // ":authority: x" (also indexed) moves it to 63, and three references to it (0xBF, §6.1) decode to 9,000 bytes.
        Send(h, Wire.Headers(NextId(), [.. Wire.GetBlock, 0x40, .. Field('a', 3000)[1..]], endStream: true));
        Send(h, Wire.Headers(NextId(), [.. Wire.GetBlock, 0xBF, 0xBF, 0xBF], endStream: true));
        Send(h, Wire.Headers(NextId(), Wire.GetBlock, endStream: true));
    }

    private uint NextId()
    {
        uint id = _nextId;
        _nextId += 2;
        return id;
    }

    private static void Send(SessionHarness h, byte[] frames)
    {
        // Right after the handshake the read loop may still be on its own thread; from its first wait on, every
        // request runs inline here (the measured one is checked for its answer).
        h.Transport.Send(frames);
        h.Transport.DiscardOutput();
    }

    private static long AllocatedBy(SessionHarness h, byte[] frames)
    {
        long before = GC.GetAllocatedBytesForCurrentThread();
        h.Transport.Send(frames);
        long allocated = GC.GetAllocatedBytesForCurrentThread() - before;
        Assert.True(h.Transport.DiscardOutput() > SteadyStateLoad.MinResponseBytes, "The request was not answered.");
        return allocated;
    }

    /// <summary>GET and one more field: a block of exactly <paramref name="length"/> bytes.</summary>
    private static byte[] RequestOf(int length) => [.. Wire.GetBlock, .. Field('b', length - Wire.GetBlock.Length - 6)];

    private static byte[] RequestWith(char name, int valueLength) => [.. Wire.GetBlock, .. Field(name, valueLength)];

    /// <summary>
    /// A literal field without indexing, new one-letter name (RFC 7541 §6.2.2): 0x00, name length 1, the name, then the
    /// value's length (7-bit prefix, §5.1: 127 and continuation octets for 127 and more) and <paramref name="valueLength"/> 'v's.
    /// </summary>
    private static byte[] Field(char name, int valueLength)
    {
        List<byte> field = [0x00, 0x01, (byte)name];
        if (valueLength < 127)
        {
            field.Add((byte)valueLength);
        }
        else
        {
            field.Add(0x7F);
            int rest = valueLength - 127;
            for (; rest >= 128; rest >>= 7)
            {
                field.Add((byte)(0x80 | (rest & 0x7F)));
            }

            field.Add((byte)rest);
        }

        field.AddRange(Enumerable.Repeat((byte)'v', valueLength));
        return field.ToArray();
    }
}
