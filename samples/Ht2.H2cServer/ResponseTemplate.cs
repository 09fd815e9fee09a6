using System;
using System.Globalization;
using System.Text;

namespace Ht2.H2cServer;

/// <summary>
/// The one response every request gets, encoded once at start-up (:status 200, content-length, then the filler),
/// so answering a request allocates nothing. Fields are static-table indexed or literals without indexing.
/// </summary>
internal sealed class ResponseTemplate
{
    /// <summary>The most value bytes per <c>x-filler</c> field: several moderate fields rather than one huge one, which peers cap.</summary>
    public const int MaxFillerValue = 8 * 1024;

    public ResponseTemplate(H2cServerOptions options)
    {
        Body = BodyPattern.Create(options.BodyBytes);
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

        HeaderBlock = block.AsSpan(0, used).ToArray();
    }

    public byte[] HeaderBlock { get; }

    public byte[] Body { get; }
}
