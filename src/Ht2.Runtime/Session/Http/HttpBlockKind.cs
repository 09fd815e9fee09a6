namespace Ht2;

/// <summary>Which header section a validator checks.</summary>
public enum HttpBlockKind
{
    /// <summary>Request header section (pseudo-headers :method, :scheme, :path, :authority, :protocol).</summary>
    Request,

    /// <summary>Response header section (pseudo-header :status).</summary>
    Response,

    /// <summary>Trailer section: no pseudo-headers, ends the stream.</summary>
    Trailers,
}
