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
        int first = FirstRepresentation(headers);
        if (first < 0)
        {
            return false;
        }

        byte b = headers.Payload[first];
        if ((b & 0x80) != 0)
        {
            int index = b & 0x7F;
            return index is >= 8 and <= 14 || index == 0x7F || index >= 62;
        }

        // Literal with incremental indexing (01 + 6-bit index), without indexing (0000 + 4) or never indexed (0001 + 4).
        int nameIndex = (b & 0xC0) == 0x40 ? b & 0x3F : b & 0x0F;
        return nameIndex == StatusNameIndex;
    }

    /// <summary>True when the first field is the static entry ":status: 200" (index 8) or a raw literal "200".</summary>
    public static bool IsStatus200(Frame headers)
    {
        int first = FirstRepresentation(headers);
        if (first < 0)
        {
            return false;
        }

        byte[] p = headers.Payload;
        if (p[first] == 0x88)
        {
            return true;
        }

        return first + 4 < p.Length && (p[first] == 0x48 || p[first] == 0x08 || p[first] == 0x18) && p[first + 1] == 3
            && p[first + 2] == (byte)'2' && p[first + 3] == (byte)'0' && p[first + 4] == (byte)'0';
    }

    /// <summary>The offset of the first field representation after padding, priority and size updates, or -1.</summary>
    private static int FirstRepresentation(Frame headers)
    {
        byte[] payload = headers.Payload;
        int offset = 0;
        int end = payload.Length;
        if (headers.Has(FrameFlag.Padded))
        {
            if (payload.Length == 0)
            {
                return -1;
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

        return offset < end ? offset : -1;
    }
}
