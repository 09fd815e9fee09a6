using System;

namespace Ht2;

/// <summary>Why a TLS connection could not carry HTTP/2.</summary>
public enum Ht2TlsFailure
{
    /// <summary>The TLS handshake failed: a bad or truncated record, a peer that closed or reset mid-handshake, a refused certificate.</summary>
    HandshakeFailed,

    /// <summary>The TLS handshake did not finish within its timeout.</summary>
    HandshakeTimeout,

    /// <summary>ALPN did not select <c>h2</c>: the peer offered no ALPN or only other protocols (RFC 9113 §3.2).</summary>
    NotHttp2,

    /// <summary>The negotiated TLS version is below 1.2 (RFC 9113 §9.2).</summary>
    ProtocolVersion,
}

/// <summary>
/// A TLS connection that cannot carry HTTP/2: the handshake failed or timed out, or it negotiated something other
/// than <c>h2</c> over TLS 1.2 or later. The transport is closed when this is thrown.
/// </summary>
public sealed class Ht2TlsException : Exception
{
    /// <summary>An exception for <paramref name="failure"/>, with a message for people and the exception that caused it.</summary>
    public Ht2TlsException(Ht2TlsFailure failure, string message, Exception? innerException = null)
        : base(message, innerException)
    {
        Failure = failure;
    }

    /// <summary>What went wrong.</summary>
    public Ht2TlsFailure Failure { get; }
}
