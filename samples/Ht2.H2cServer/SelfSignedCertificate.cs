using System;
using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace Ht2.H2cServer;

/// <summary>A certificate for local TLS tests, made in-process: no file, no store, trusted by nobody.</summary>
public static class SelfSignedCertificate
{
    /// <summary>An ECDSA P-256 certificate for "localhost" and 127.0.0.1, valid from yesterday for 30 days.</summary>
    public static X509Certificate2 ForLocalhost()
    {
        using ECDsa key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        CertificateRequest request = new("CN=localhost", key, HashAlgorithmName.SHA256);
        SubjectAlternativeNameBuilder names = new();
        names.AddDnsName("localhost");
        names.AddIpAddress(IPAddress.Loopback);
        request.CertificateExtensions.Add(names.Build());
        return request.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddDays(30));
    }
}
