namespace Ht2.Conformance.Tests.Harness;

/// <summary>
/// Recognises a response field block without a full HPACK decoder: RFC 9113 §8.3 puts pseudo-headers first and
/// :status is the only response pseudo-header, so after any dynamic table size updates (RFC 7541 §6.3) the first
/// representation must name :status (static indexes 8..14, or a literal with name index 8) or be a dynamic-table
/// index (an entry the server added earlier, which this check cannot see into).
/// </summary>
public static class ResponseBlock
{
    private const int StatusNameIndex = 8;

    public static bool StartsWithStatus(Frame headers)
    {
        byte[] payload = headers.Payload;
        int offset = 0;
        int end = payload.Length;
        if (headers.Has(FrameFlag.Padded))
        {
            if (payload.Length == 0)
            {
                return false;
            }

            offset = 1;
            end -= payload[0];
        }

        if (headers.Has(FrameFlag.Priority))
        {
            offset += 5;
        }

        // Skip dynamic table size updates (001xxxxx, 5-bit prefix integer).
        while (offset < end && (payload[offset] & 0xE0) == 0x20)
        {
            bool continued = (payload[offset] & 0x1F) == 0x1F;
            offset++;
            while (continued && offset < end)
            {
                continued = (payload[offset++] & 0x80) != 0;
            }
        }

        if (offset >= end)
        {
            return false;
        }

        byte first = payload[offset];
        if ((first & 0x80) != 0)
        {
            int index = first & 0x7F;
            return index is >= 8 and <= 14 || index == 0x7F || index >= 62;
        }

        // Literal with incremental indexing (01 + 6-bit index), without indexing (0000 + 4) or never indexed (0001 + 4).
        int nameIndex = (first & 0xC0) == 0x40 ? first & 0x3F : first & 0x0F;
        return nameIndex == StatusNameIndex;
    }
}
