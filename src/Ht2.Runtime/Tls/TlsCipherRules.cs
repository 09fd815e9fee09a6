using System;
using System.Net.Security;
using System.Security.Authentication;

namespace Ht2;

/// <summary>
/// RFC 9113 §9.2: HTTP/2 over TLS needs TLS 1.2 or later, and on TLS 1.2 a cipher suite outside the prohibited
/// list of RFC 9113 Appendix A / RFC 7540 Appendix A. That list is every TLS 1.2 suite that lacks an ephemeral key
/// exchange (DHE or ECDHE) or an AEAD cipher (GCM, CCM, ChaCha20-Poly1305), so the rule is stated that way instead
/// of as 275 identifiers. TLS 1.3 suites are all acceptable.
/// </summary>
internal static class TlsCipherRules
{
    /// <summary>Whether <paramref name="protocol"/> is TLS 1.2 or later.</summary>
#pragma warning disable SYSLIB0039 // TLS 1.0/1.1 are named only to be refused
    public static bool IsAcceptableVersion(SslProtocols protocol) => protocol is SslProtocols.Tls12 or SslProtocols.Tls13;
#pragma warning restore SYSLIB0039

    /// <summary>
    /// Whether <paramref name="suite"/> is on the §9.2.2 prohibited list when negotiated with <paramref name="protocol"/>
    /// (only TLS 1.2 has one). A suite this runtime cannot name (registered later than the list) is not on it.
    /// </summary>
    public static bool IsProhibited(SslProtocols protocol, TlsCipherSuite suite)
    {
        if (protocol != SslProtocols.Tls12)
        {
            return false;
        }

        string? name = Enum.GetName(suite);
        return name is not null && IsProhibited(name);
    }

    /// <summary>The rule over an IANA name such as <c>TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256</c>.</summary>
    public static bool IsProhibited(ReadOnlySpan<char> name)
    {
        int with = name.IndexOf("_WITH_", StringComparison.Ordinal);
        if (!name.StartsWith("TLS_", StringComparison.Ordinal) || with < 0)
        {
            // TLS 1.3 suites (TLS_AES_128_GCM_SHA256) name no key exchange and are never prohibited.
            return false;
        }

        ReadOnlySpan<char> exchange = name[4..with];
        ReadOnlySpan<char> cipher = name[(with + 6)..];
        bool ephemeral = exchange.StartsWith("DHE_", StringComparison.Ordinal) || exchange.StartsWith("ECDHE_", StringComparison.Ordinal)
            || exchange.SequenceEqual("PSK_DHE"); // RFC 6655's TLS_PSK_DHE_WITH_AES_*_CCM_8 names its ephemeral exchange second
        bool aead = cipher.Contains("_GCM_", StringComparison.Ordinal) || cipher.EndsWith("_CCM", StringComparison.Ordinal)
            || cipher.EndsWith("_CCM_8", StringComparison.Ordinal) || cipher.StartsWith("CHACHA20_POLY1305", StringComparison.Ordinal);
        return !(ephemeral && aead);
    }
}
