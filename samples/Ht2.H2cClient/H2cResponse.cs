namespace Ht2.H2cClient;

/// <summary>What a GET returned: the status, the body length, and the size of the response header fields.</summary>
/// <param name="Status">The :status value.</param>
/// <param name="BodyBytes">The DATA bytes received (padding excluded).</param>
/// <param name="HeaderFields">How many response header fields were decoded (pseudo-headers included).</param>
/// <param name="HeaderBytes">The sum of name and value lengths over those fields.</param>
/// <param name="ContentLength">The content-length field, or -1 when absent.</param>
public sealed record H2cResponse(int Status, long BodyBytes, int HeaderFields, long HeaderBytes, long ContentLength);
