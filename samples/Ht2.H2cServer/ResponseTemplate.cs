using System;
using System.Globalization;
using System.Text;

namespace Ht2.H2cServer;

/// <summary>
/// The one response every request gets, encoded once at start-up: all responses are identical, so the header
/// block and the body are shared read-only buffers and answering a request allocates neither.
/// </summary>
internal sealed class ResponseTemplate
{
    /// <summary>The most value bytes per <c>x-filler</c> field: several moderate fields rather than one huge one, which peers cap.</summary>
    public const int MaxFillerValue = 8 * 1024;

    public ResponseTemplate(H2cServerOptions options)
    {
        Body = BodyPattern.Create(options.BodyBytes);
        BodyChunks = new ReadOnlyMemory<byte>[] { Body };
        HeaderBlock = EncodeHeaders(options.BodyBytes, options.HeaderBytes);
    }

    /// <summary>
    /// :status 200, content-length, then the filler. It starts with a dynamic table size update to 0 in EVERY
    /// block: responses are sent by concurrent tasks, so which block reaches the wire first is not known, and a
    /// size update at the start of any block is legal (RFC 7541 §4.2). With the table size in force at 0, a peer
    /// (nghttp2) that later lowers SETTINGS_HEADER_TABLE_SIZE can never demand an update we did not send.
    /// Fields are static-table indexed or literals without indexing (the encoder never indexes).
    /// </summary>
    public byte[] HeaderBlock { get; }

    public byte[] Body { get; }

    /// <summary>The body as the chunk list SendDataFramesAsync takes, allocated once.</summary>
    public ReadOnlyMemory<ReadOnlyMemory<byte>> BodyChunks { get; }

    private static byte[] EncodeHeaders(int bodyBytes, int headerBytes)
    {
        byte[] length = Encoding.ASCII.GetBytes(bodyBytes.ToString(CultureInfo.InvariantCulture));
        byte[] filler = new byte[Math.Min(headerBytes, MaxFillerValue)];
        filler.AsSpan().Fill((byte)'a');

        int fields = (headerBytes + MaxFillerValue - 1) / MaxFillerValue;
        int capacity = 1 + HpackEncoder.MaxStatusLength + HpackEncoder.GetMaxEncodedLength(14, length.Length)
            + (fields * HpackEncoder.GetMaxEncodedLength(8, MaxFillerValue));
        byte[] block = new byte[capacity];
        Span<byte> rest = block;

        HpackEncoder.TryEncodeDynamicTableSizeUpdate(0, rest, out int written);
        rest = rest.Slice(written);
        rest = rest.Slice(HpackEncoder.EncodeStatus(200, rest));
        HpackEncoder.TryEncodeHeader("content-length"u8, length, rest, out written);
        rest = rest.Slice(written);
        for (int left = headerBytes; left > 0; left -= MaxFillerValue)
        {
            HpackEncoder.TryEncodeHeader("x-filler"u8, filler.AsSpan(0, Math.Min(left, MaxFillerValue)), rest, out written);
            rest = rest.Slice(written);
        }

        return block.AsSpan(0, block.Length - rest.Length).ToArray();
    }
}
