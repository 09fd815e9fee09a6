using System.Net.Security;
using System.Security.Authentication;

namespace Ht2.Tests.Tls;

/// <summary>RFC 9113 §9.2.2: TLS 1.2 suites from the prohibited list (RFC 7540 Appendix A) and suites outside it.</summary>
public sealed class TlsCipherRulesTests
{
    [Theory]
    [InlineData("TLS_NULL_WITH_NULL_NULL")]
    [InlineData("TLS_RSA_WITH_AES_128_CBC_SHA")]
    [InlineData("TLS_RSA_WITH_AES_128_GCM_SHA256")]
    [InlineData("TLS_RSA_WITH_AES_256_CCM_8")]
    [InlineData("TLS_DHE_RSA_WITH_AES_256_CBC_SHA256")]
    [InlineData("TLS_ECDHE_ECDSA_WITH_AES_128_CBC_SHA")]
    [InlineData("TLS_ECDHE_RSA_WITH_AES_256_CBC_SHA384")]
    [InlineData("TLS_DH_RSA_WITH_AES_128_GCM_SHA256")]
    [InlineData("TLS_DH_anon_WITH_AES_256_GCM_SHA384")]
    [InlineData("TLS_ECDH_ECDSA_WITH_AES_128_GCM_SHA256")]
    [InlineData("TLS_PSK_WITH_AES_128_GCM_SHA256")]
    [InlineData("TLS_PSK_WITH_AES_128_CCM")]
    [InlineData("TLS_RSA_PSK_WITH_AES_256_GCM_SHA384")]
    [InlineData("TLS_ECDHE_RSA_WITH_RC4_128_SHA")]
    public void A_suite_on_the_prohibited_list_is_prohibited(string name) => Assert.True(TlsCipherRules.IsProhibited(name));

    [Theory]
    [InlineData("TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256")]
    [InlineData("TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384")]
    [InlineData("TLS_ECDHE_RSA_WITH_CHACHA20_POLY1305_SHA256")]
    [InlineData("TLS_DHE_RSA_WITH_AES_128_GCM_SHA256")]
    [InlineData("TLS_DHE_RSA_WITH_AES_128_CCM")]
    [InlineData("TLS_ECDHE_ECDSA_WITH_AES_256_CCM_8")]
    [InlineData("TLS_DHE_PSK_WITH_AES_128_GCM_SHA256")]
    [InlineData("TLS_PSK_DHE_WITH_AES_128_CCM_8")]
    [InlineData("TLS_AES_128_GCM_SHA256")]
    public void A_suite_outside_the_list_is_allowed(string name) => Assert.False(TlsCipherRules.IsProhibited(name));

    [Fact]
    public void Only_TLS_12_has_a_prohibited_list()
    {
        Assert.True(TlsCipherRules.IsProhibited(SslProtocols.Tls12, TlsCipherSuite.TLS_RSA_WITH_AES_128_GCM_SHA256));
        Assert.False(TlsCipherRules.IsProhibited(SslProtocols.Tls13, TlsCipherSuite.TLS_AES_128_GCM_SHA256));
        Assert.Null(Ht2Tls.FindInadequateSecurity(SslProtocols.Tls12, TlsCipherSuite.TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256));
        Assert.Contains("TLS_RSA_WITH_AES_128_CBC_SHA", Ht2Tls.FindInadequateSecurity(SslProtocols.Tls12, TlsCipherSuite.TLS_RSA_WITH_AES_128_CBC_SHA), System.StringComparison.Ordinal);
    }

    [Fact]
    public void A_negotiation_without_h2_or_below_TLS_12_is_refused_by_kind()
    {
        Assert.Equal(Ht2TlsFailure.NotHttp2, Assert.Throws<Ht2TlsException>(() => Ht2Tls.CheckNegotiated(SslApplicationProtocol.Http11, SslProtocols.Tls13)).Failure);
        Assert.Equal(Ht2TlsFailure.NotHttp2, Assert.Throws<Ht2TlsException>(() => Ht2Tls.CheckNegotiated(default, SslProtocols.Tls13)).Failure);
#pragma warning disable SYSLIB0039 // the old version is named to be refused
        Assert.Equal(Ht2TlsFailure.ProtocolVersion, Assert.Throws<Ht2TlsException>(() => Ht2Tls.CheckNegotiated(SslApplicationProtocol.Http2, SslProtocols.Tls11)).Failure);
#pragma warning restore SYSLIB0039
        Ht2Tls.CheckNegotiated(SslApplicationProtocol.Http2, SslProtocols.Tls12);
    }
}
