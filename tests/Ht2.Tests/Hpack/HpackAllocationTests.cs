using System;

namespace Ht2.Tests.Hpack;

// GC.GetAllocatedBytesForCurrentThread counts only this thread, so tests running in parallel do not disturb it.
public class HpackAllocationTests
{
    private static int EncodeResponse(Span<byte> buffer)
    {
        int written = HpackEncoder.EncodeStatus(200, buffer);
        HpackEncoder.TryEncodeHeader("content-type"u8, "text/plain; charset=utf-8"u8, buffer.Slice(written), out int n);
        written += n;
        HpackEncoder.TryEncodeHeader("content-length"u8, "1234"u8, buffer.Slice(written), out n);
        written += n;
        HpackEncoder.TryEncodeHeader("x-request-id"u8, "4f1c2a9e-77d0"u8, buffer.Slice(written), out n, HpackFieldOptions.Huffman);
        written += n;
        HpackEncoder.TryEncodeHeader("authorization"u8, "Bearer abc"u8, buffer.Slice(written), out n, HpackFieldOptions.NeverIndexed);
        written += n;
        written += HpackEncoder.GetEncodedLength(":method"u8, "GET"u8) - 1; // exercises the sizing path too
        return written;
    }

    [Fact]
    public void EncodingAllocatesNothing()
    {
        byte[] buffer = new byte[256];
        int expected = EncodeResponse(buffer);
        Assert.True(expected > 20);

        // Asserting inside the loop would allocate (xunit's comparer), so the results are summed and checked after.
        long total = 0;
        AllocationRounds.AssertSteadyStateAllocatesNothing(() =>
        {
            total = 0;
            for (int i = 0; i < 1000; i++)
            {
                total += EncodeResponse(buffer);
            }
        });
        Assert.Equal(1000L * expected, total);
    }

    [Fact]
    public void SteadyStateDecodingAllocatesNothing()
    {
        // Indexed static, indexed dynamic (after the first block), a Huffman literal without indexing, and an
        // incrementally indexed literal that churns the dynamic table on every block.
        byte[] first = HpackTestKit.Hex("8286 8441 8cf1 e3c2 e5f2 3a6b a0ab 90f4 ff");
        byte[] repeat = HpackTestKit.Hex("8286 84be 5886 a8eb 1064 9cbf 0f2b 04 31323334 4088 25a8 49e9 5ba9 7d7f 8925 a849 e95b b8e8 b4bf");
        HpackDecoder decoder = new(maxHeaderTableSize: 256);
        CountingHandler handler = default;
        decoder.Decode(first, ref handler);
        for (int i = 0; i < 100; i++)
        {
            decoder.Decode(repeat, ref handler);
        }

        AllocationRounds.AssertSteadyStateAllocatesNothing(() =>
        {
            handler = default;
            for (int i = 0; i < 1000; i++)
            {
                decoder.Decode(repeat, ref handler);
            }
        });
        Assert.Equal(7000, handler.Fields);
    }
}
