using System;
using System.Net.Security;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace Ht2.Tests.Tls;

/// <summary>Self-signed certificates for "localhost", made once per test run.</summary>
internal static class TestCertificates
{
    private static readonly Lazy<X509Certificate2> EcdsaCertificate = new(() =>
    {
        using ECDsa key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        return Make(new CertificateRequest("CN=localhost", key, HashAlgorithmName.SHA256));
    });

    private static readonly Lazy<X509Certificate2> RsaCertificate = new(() =>
    {
        using RSA key = RSA.Create(2048);
        return Make(new CertificateRequest("CN=localhost", key, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1));
    });

    /// <summary>An ECDSA P-256 certificate (ECDHE-ECDSA suites).</summary>
    public static X509Certificate2 Ecdsa => EcdsaCertificate.Value;

    /// <summary>An RSA 2048 certificate (needed for the plain RSA key exchange suites).</summary>
    public static X509Certificate2 Rsa => RsaCertificate.Value;

    /// <summary>Client options for "localhost" (ALPN h2) that accept these self-signed certificates.</summary>
    public static SslClientAuthenticationOptions TrustingClient()
    {
        SslClientAuthenticationOptions options = Ht2Tls.ClientOptions("localhost");
        options.RemoteCertificateValidationCallback = (_, _, _, _) => true;
        return options;
    }

    private static X509Certificate2 Make(CertificateRequest request)
    {
        SubjectAlternativeNameBuilder names = new();
        names.AddDnsName("localhost");
        request.CertificateExtensions.Add(names.Build());
        DateTimeOffset now = DateTimeOffset.UtcNow;
        return request.CreateSelfSigned(now.AddDays(-1), now.AddDays(30));
    }
}
