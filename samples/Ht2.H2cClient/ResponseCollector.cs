using System;
using System.Buffers.Text;
using System.IO;
using System.Threading.Tasks;

namespace Ht2.H2cClient;

/// <summary>
/// Collects the one response: status and header sizes from the final header section, the body written to a
/// stream as it arrives (synchronously: the sample writes to memory or a file), the end at END_STREAM.
/// </summary>
internal sealed class ResponseCollector(Stream body) : Ht2SessionHandler
{
    private readonly TaskCompletionSource<H2cResponse> _done = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private int _status;
    private int _fields;
    private long _headerBytes;
    private long _contentLength = -1;
    private long _bodyBytes;

    public Task<H2cResponse> Done => _done.Task;

    public override void OnResponse(Ht2Stream stream, Ht2Headers headers, bool endStream)
    {
        int status = headers.TryGetValue(":status"u8, out ReadOnlySpan<byte> value) && Utf8Parser.TryParse(value, out int parsed, out _) ? parsed : 0;
        if (status is >= 100 and < 200)
        {
            return;
        }

        for (int i = 0; i < headers.Count; i++)
        {
            _fields++;
            _headerBytes += headers.GetName(i).Length + headers.GetValue(i).Length;
        }

        _status = status;

        if (headers.TryGetValue("content-length"u8, out ReadOnlySpan<byte> length) && Utf8Parser.TryParse(length, out long declared, out _))
        {
            _contentLength = declared;
        }

        if (endStream)
        {
            Finish();
        }
    }

    public override void OnData(Ht2Stream stream, ReadOnlySpan<byte> data, bool endStream)
    {
        body.Write(data);
        _bodyBytes += data.Length;
        if (endStream)
        {
            Finish();
        }
    }

    public override void OnTrailers(Ht2Stream stream, Ht2Headers trailers) => Finish();

    public override void OnReset(Ht2Stream stream, Http2ErrorCode errorCode)
    {
        _done.TrySetException(new Ht2ProtocolException(errorCode, ErrorScope.Stream, stream.Id, "The stream was reset."));
        stream.Release();
    }

    private void Finish() => _done.TrySetResult(new H2cResponse(_status, _bodyBytes, _fields, _headerBytes, _contentLength));
}
