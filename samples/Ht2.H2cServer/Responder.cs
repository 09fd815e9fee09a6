using System;
using System.Globalization;
using System.Text;

namespace Ht2.H2cServer;

/// <summary>
/// Answers every request at once with one response encoded at start-up (:status 200, content-length, the
/// <c>x-filler</c> fields), the body as DATA (padded when asked): shared read-only buffers, so answering allocates
/// nothing. A request body, if any, is dropped; the session returns its flow-control credit.
/// </summary>
internal sealed class Responder : Ht2SessionHandler
{
    /// <summary>The most value bytes per <c>x-filler</c> field: several moderate fields rather than one huge one, which peers cap.</summary>
    public const int MaxFillerValue = 8 * 1024;

    private readonly byte[] _headerBlock;
    private readonly byte[] _body;
    private readonly int? _padding;

    public Responder(H2cServerOptions options)
    {
        _padding = options.Padding;
        _body = BodyPattern.Create(options.BodyBytes);
        byte[] length = Encoding.ASCII.GetBytes(options.BodyBytes.ToString(CultureInfo.InvariantCulture));
        byte[] filler = new byte[Math.Min(options.HeaderBytes, MaxFillerValue)];
        filler.AsSpan().Fill((byte)'a');
        int fields = (options.HeaderBytes + MaxFillerValue - 1) / MaxFillerValue;
        byte[] block = new byte[HpackEncoder.MaxStatusLength + HpackEncoder.GetMaxEncodedLength(14, length.Length)
            + (fields * HpackEncoder.GetMaxEncodedLength(8, MaxFillerValue))];
        int used = HpackEncoder.EncodeStatus(200, block);
        HpackEncoder.TryEncodeHeader("content-length"u8, length, block.AsSpan(used), out int written);
        used += written;
        for (int left = options.HeaderBytes; left > 0; left -= MaxFillerValue)
        {
            HpackEncoder.TryEncodeHeader("x-filler"u8, filler.AsSpan(0, Math.Min(left, MaxFillerValue)), block.AsSpan(used), out written);
            used += written;
        }

        _headerBlock = block.AsSpan(0, used).ToArray();
    }

    public override void OnRequest(Ht2Stream stream, Ht2Headers headers, bool endStream)
    {
        stream.SendHeaderBlock(_headerBlock, endStream: _body.Length == 0);
        if (_body.Length != 0)
        {
            // Completes when the body is written (or fails if the client resets the stream); nothing waits for it.
            _ = stream.SendDataAsync(_body, endStream: true, _padding);
        }
    }
}
