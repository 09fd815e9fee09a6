using System;

namespace Ht2;

/// <summary>
/// Checks one decoded header section against RFC 9113 §8.1–§8.5 (and RFC 8441 for extended CONNECT).
/// This is the placeholder of the contract: every section is valid and no content-length is seen.
/// </summary>
public struct HttpFieldValidator
{
    private readonly HttpBlockKind _kind;
    private readonly bool _extendedConnectEnabled;

    /// <summary>Creates a validator for one section of <paramref name="kind"/>.</summary>
    public HttpFieldValidator(HttpBlockKind kind, bool extendedConnectEnabled = false)
    {
        _kind = kind;
        _extendedConnectEnabled = extendedConnectEnabled;
        Error = null;
        ContentLength = -1;
        Status = 0;
        IsHead = false;
        IsConnect = false;
        IsExtendedConnect = false;
    }

    /// <summary>The first violation so far, or null.</summary>
    public string? Error { get; private set; }

    /// <summary>The content-length value, or -1 when absent.</summary>
    public long ContentLength { get; private set; }

    /// <summary>The :status of a response (0 for other kinds); 1xx values are informational responses.</summary>
    public int Status { get; private set; }

    /// <summary>True when :method is HEAD.</summary>
    public bool IsHead { get; private set; }

    /// <summary>True when :method is CONNECT (plain or extended).</summary>
    public bool IsConnect { get; private set; }

    /// <summary>True when the request is an extended CONNECT (:protocol present, RFC 8441).</summary>
    public bool IsExtendedConnect { get; private set; }

    /// <summary>Checks one decoded field, in block order.</summary>
    public void Add(ReadOnlySpan<byte> name, ReadOnlySpan<byte> value)
    {
        _ = _kind;
        _ = _extendedConnectEnabled;
    }

    /// <summary>Checks what needs the whole section; null when the section is valid.</summary>
    public string? Complete(bool endStream) => Error;
}
