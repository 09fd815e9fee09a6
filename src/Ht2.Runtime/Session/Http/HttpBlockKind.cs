namespace Ht2;

/// <summary>Which header section a validator checks.</summary>
public enum HttpBlockKind
{
    /// <summary>The header section that opens a request (RFC 9113 §8.3.1).</summary>
    Request,

    /// <summary>A response header section, informational (1xx) or final (RFC 9113 §8.3.2).</summary>
    Response,

    /// <summary>A trailer section, which ends a request or a response (RFC 9113 §8.1).</summary>
    Trailers,
}
