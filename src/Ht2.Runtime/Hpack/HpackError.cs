using System.Diagnostics.CodeAnalysis;

namespace Ht2;

/// <summary>
/// Throws the one error HPACK decoding can produce: a COMPRESSION_ERROR connection error (RFC 9113 §4.3), because a
/// failed block leaves the shared dynamic table in an unknown state and the connection cannot go on.
/// </summary>
internal static class HpackError
{
    [DoesNotReturn]
    public static void Throw(string reason) =>
        throw new Ht2ProtocolException(Http2ErrorCode.CompressionError, ErrorScope.Connection, 0, reason);
}
