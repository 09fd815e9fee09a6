using System;
using System.Buffers.Text;

namespace Ht2.H2cClient;

/// <summary>Collects what the client reports from a decoded response header block.</summary>
internal struct ResponseHeaders : IHeaderHandler
{
    public int Status;
    public long ContentLength;
    public int Fields;
    public long Bytes;

    public void OnHeader(ReadOnlySpan<byte> name, ReadOnlySpan<byte> value)
    {
        Fields++;
        Bytes += name.Length + value.Length;
        if (name.SequenceEqual(":status"u8) && Utf8Parser.TryParse(value, out int status, out _))
        {
            Status = status;
        }
        else if (name.SequenceEqual("content-length"u8) && Utf8Parser.TryParse(value, out long length, out _))
        {
            ContentLength = length;
        }
    }
}
