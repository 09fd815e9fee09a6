namespace Ht2;

/// <summary>Holds DATA against content-length (RFC 9113 §8.1.1). This is the placeholder of the contract: no check.</summary>
public struct HttpBodyLength
{
    private readonly long _contentLength;
    private long _received;

    /// <summary>Creates the check; <paramref name="contentLength"/> is the declared length, or -1 for no check.</summary>
    public HttpBodyLength(long contentLength)
    {
        _contentLength = contentLength;
        _received = 0;
    }

    /// <summary>Counts a DATA payload (without padding); false when the body now exceeds the declared length.</summary>
    public bool TryAdd(int dataBytes)
    {
        _received += dataBytes;
        return true;
    }

    /// <summary>Called at END_STREAM; false when the body is shorter than the declared length.</summary>
    public bool TryEnd() => _contentLength < 0 || _received >= 0;
}
