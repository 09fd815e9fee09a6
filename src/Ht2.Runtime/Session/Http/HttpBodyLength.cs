using System;

namespace Ht2;

/// <summary>Holds DATA against content-length (RFC 9113 §8.1.1).</summary>
/// <remarks>
/// A request or response whose DATA payloads do not add up to its <c>content-length</c> is malformed: the caller
/// answers with a stream error of type PROTOCOL_ERROR. The default value checks nothing.
/// </remarks>
public struct HttpBodyLength
{
    private readonly long _declared;
    private readonly bool _checked;
    private long _received;

    /// <summary>Creates a check against a declared length.</summary>
    /// <param name="contentLength">The declared length, or -1 for no check.</param>
    public HttpBodyLength(long contentLength)
    {
        _declared = contentLength;
        _checked = contentLength >= 0;
    }

    /// <summary>The declared length, or -1 when nothing is checked.</summary>
    public readonly long Declared => _checked ? _declared : -1;

    /// <summary>The DATA payload bytes counted so far.</summary>
    public readonly long Received => _received;

    /// <summary>
    /// The check for a request body: its content-length, except for CONNECT, whose DATA is the tunnel
    /// (RFC 9113 §8.5).
    /// </summary>
    /// <param name="request">The request's header section, after <see cref="HttpFieldValidator.Complete"/>.</param>
    public static HttpBodyLength ForRequest(in HttpFieldValidator request) =>
        new(request.IsConnect ? -1 : request.ContentLength);

    /// <summary>
    /// The check for the body of a final response. A response defined to have no content (to HEAD, 204, 304;
    /// RFC 9110 §6.4.1) must carry no DATA whatever its content-length says (RFC 9113 §8.1.1); a 2xx answer to
    /// CONNECT opens a tunnel and is not checked (RFC 9113 §8.5); any other response is held to its content-length.
    /// </summary>
    /// <param name="response">The response's header section, after <see cref="HttpFieldValidator.Complete"/>.</param>
    /// <param name="request">The header section of the request it answers.</param>
    public static HttpBodyLength ForResponse(in HttpFieldValidator response, in HttpFieldValidator request)
    {
        int status = response.Status;
        if (request.IsConnect && status is >= 200 and < 300)
        {
            return new HttpBodyLength(-1);
        }

        return request.IsHead || status is 204 or 304 ? new HttpBodyLength(0) : new HttpBodyLength(response.ContentLength);
    }

    /// <summary>Counts a DATA payload (without padding); false when the body now exceeds the declared length.</summary>
    /// <param name="dataBytes">The payload length of one DATA frame, padding excluded.</param>
    public bool TryAdd(int dataBytes)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(dataBytes);
        _received += dataBytes;
        return !_checked || _received <= _declared;
    }

    /// <summary>Called at END_STREAM; false when the body is shorter than the declared length.</summary>
    public readonly bool TryEnd() => !_checked || _received == _declared;
}
