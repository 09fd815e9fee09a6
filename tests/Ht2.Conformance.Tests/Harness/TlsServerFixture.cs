using System.Security.Cryptography.X509Certificates;
using System.Threading.Tasks;
using Ht2.H2cServer;

namespace Ht2.Conformance.Tests.Harness;

/// <summary>The default server, over TLS (ALPN h2, self-signed certificate): every connection handshakes first.</summary>
public sealed class TlsServerFixture : ServerFixture
{
    private readonly X509Certificate2 _certificate = SelfSignedCertificate.ForLocalhost();

    protected override H2cServerOptions Options => new() { BodyBytes = BodyBytes, Certificate = _certificate };

    public override Task<RawConnection> OpenAsync(params (ushort Id, uint Value)[] settings) => RawConnection.OpenAsync(RawConnection.ConnectTlsAsync(Port), settings);
}
