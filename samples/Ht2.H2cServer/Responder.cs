using System;
using System.Globalization;
using System.Linq;
using System.Text;

namespace Ht2.H2cServer;

/// <summary>
/// Answers every request at once with the field section built and checked at start-up (:status 200, content-length,
/// <c>x-filler</c>; the session encodes it into its reused buffer) and the body as DATA (padded when asked) from one shared buffer, so
/// answering allocates nothing. A request body, if any, is dropped; the session returns its flow-control credit.
/// </summary>
internal sealed class Responder : Ht2SessionHandler
{
    /// <summary>The most value bytes per <c>x-filler</c> field: several moderate fields rather than one huge one, which peers cap.</summary>
    private const int MaxFillerValue = 8 * 1024;

    private readonly Ht2FieldSection _fields;
    private readonly byte[] _body;
    private readonly int? _padding;

    public Responder(H2cServerOptions options)
    {
        _padding = options.Padding;
        _body = BodyPattern.Create(options.BodyBytes);
        byte[] filler = Enumerable.Repeat((byte)'a', Math.Min(options.HeaderBytes, MaxFillerValue)).ToArray();
        _fields = new([new(":status"u8.ToArray(), "200"u8.ToArray()),
            new("content-length"u8.ToArray(), Encoding.ASCII.GetBytes(options.BodyBytes.ToString(CultureInfo.InvariantCulture))),
            .. Enumerable.Range(0, (options.HeaderBytes + MaxFillerValue - 1) / MaxFillerValue)
                .Select(i => new Ht2Field("x-filler"u8.ToArray(), filler.AsMemory(0, Math.Min(options.HeaderBytes - (i * MaxFillerValue), MaxFillerValue))))]);
    }

    public override void OnRequest(Ht2Stream stream, Ht2Headers headers, bool endStream)
    {
        // Fields over the client's header-list limit throw (the session resets the stream); nothing awaits the body's send.
        stream.SendHeaders(_fields, endStream: _body.Length == 0);
        if (_body.Length != 0)
        {
            _ = stream.SendDataAsync(_body, endStream: true, _padding);
        }
    }
}
