using System.Threading.Tasks;
using Ht2.Conformance.Tests.Harness;

namespace Ht2.Conformance.Tests;

/// <summary>
/// RFC 9113 §3.4 and §6.5.3 with the server's timeouts at 500 ms (<see cref="ShortTimeoutServerFixture"/>): a client
/// that never completes its preface, or never acknowledges the server's SETTINGS, is dropped. Each case waits for the
/// reaction; nothing sleeps.
/// </summary>
public sealed class S3_4_S6_5_3_TimeoutTests(ShortTimeoutServerFixture server) : ConformanceTest(server), IClassFixture<ShortTimeoutServerFixture>
{
    [Fact]
    public async Task S3_4_half_a_preface_is_dropped_after_the_handshake_timeout()
    {
        await using RawConnection connection = await RawConnection.ConnectAsync(Port);
        connection.AcknowledgesSettings = false;
        await connection.SendAsync(RawConnection.Preface[..12]);

        // No preface is no HTTP/2 connection: GOAWAY SETTINGS_TIMEOUT, or a close without GOAWAY as §3.4 allows.
        await connection.ExpectConnectionErrorOrCloseAsync(ErrorCode.SettingsTimeout);
    }

    [Fact]
    public async Task S3_4_preface_without_SETTINGS_is_dropped_after_the_handshake_timeout()
    {
        // §3.4: the preface "MUST be followed by a SETTINGS frame"; one that never comes ends the connection.
        await using RawConnection connection = await RawConnection.ConnectAsync(Port);
        connection.AcknowledgesSettings = false;
        await connection.SendAsync(RawConnection.Preface);
        await connection.ExpectConnectionErrorOrCloseAsync(ErrorCode.SettingsTimeout);
    }

    [Fact]
    public async Task S6_5_3_SETTINGS_never_acknowledged_is_connection_SETTINGS_TIMEOUT()
    {
        // §6.5.3: "If the sender of a SETTINGS frame does not receive an acknowledgment within a reasonable amount
        // of time, it MAY issue a connection error of type SETTINGS_TIMEOUT."
        await using RawConnection connection = await RawConnection.ConnectAsync(Port);
        connection.AcknowledgesSettings = false;
        await connection.SendAsync(RawConnection.Preface, Frames.Settings());
        // The server's ACK of our SETTINGS may come before the GOAWAY or, when the server reads late, not at all:
        // only the connection error is the rule under test (the preface is complete, so it is not the handshake's).
        await connection.ExpectConnectionErrorAsync(ErrorCode.SettingsTimeout);
    }
}
