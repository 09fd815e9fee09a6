using System;
using System.Text;

namespace Ht2.H2cClient;

/// <summary>Encodes the GET request's header block: static-table indexes and literals without indexing.</summary>
internal static class RequestBlock
{
    public static byte[] Encode(Uri uri)
    {
        byte[] path = Encoding.ASCII.GetBytes(string.IsNullOrEmpty(uri.PathAndQuery) ? "/" : uri.PathAndQuery);
        byte[] authority = Encoding.ASCII.GetBytes(uri.Authority);
        byte[] block = new byte[64 + path.Length + authority.Length];
        Span<byte> rest = block;

        // A size update to 0 first: we never index, and it settles the table size in force for good (see HpackEncoder).
        Write(ref rest, HpackEncoder.TryEncodeDynamicTableSizeUpdate(0, rest, out int written), written);
        Write(ref rest, HpackEncoder.TryEncodeHeader(":method"u8, "GET"u8, rest, out written), written);
        Write(ref rest, HpackEncoder.TryEncodeHeader(":scheme"u8, "http"u8, rest, out written), written);
        Write(ref rest, HpackEncoder.TryEncodeHeader(":authority"u8, authority, rest, out written), written);
        Write(ref rest, HpackEncoder.TryEncodeHeader(":path"u8, path, rest, out written), written);
        Write(ref rest, HpackEncoder.TryEncodeHeader("user-agent"u8, "ht2-h2c-client"u8, rest, out written), written);
        return block.AsSpan(0, block.Length - rest.Length).ToArray();
    }

    private static void Write(ref Span<byte> rest, bool fitted, int written)
    {
        if (!fitted)
        {
            throw new InvalidOperationException("The request header block buffer is too small.");
        }

        rest = rest.Slice(written);
    }
}
