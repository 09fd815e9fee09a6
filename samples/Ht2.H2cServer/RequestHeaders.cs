using System;

namespace Ht2.H2cServer;

/// <summary>
/// Receives a decoded request header block. Only :method matters here (a GET is answered at END_HEADERS); the
/// other fields are decoded anyway so the HPACK dynamic table stays in step with the client.
/// </summary>
internal struct RequestHeaders : IHeaderHandler
{
    public bool IsGet;

    public void OnHeader(ReadOnlySpan<byte> name, ReadOnlySpan<byte> value)
    {
        if (name.SequenceEqual(":method"u8))
        {
            IsGet = value.SequenceEqual("GET"u8);
        }
    }
}
