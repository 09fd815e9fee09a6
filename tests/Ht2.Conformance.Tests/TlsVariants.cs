using Ht2.Conformance.Tests.Harness;

namespace Ht2.Conformance.Tests;

// The same cases over TLS (ALPN h2): frames cross SslStream records, so framing, flow control, settings and the
// request/response exchange must behave exactly as on a bare socket.

/// <summary>RFC 9113 §4.2 over TLS.</summary>
public sealed class S4_2_FrameSizeTests_Tls(TlsServerFixture server) : S4_2_FrameSizeTests(server), IClassFixture<TlsServerFixture>;

/// <summary>RFC 9113 §6.5 over TLS.</summary>
public sealed class S6_5_SettingsTests_Tls(TlsServerFixture server) : S6_5_SettingsTests(server), IClassFixture<TlsServerFixture>;

/// <summary>RFC 9113 §6.9 over TLS.</summary>
public sealed class S6_9_WindowUpdateTests_Tls(TlsServerFixture server) : S6_9_WindowUpdateTests(server), IClassFixture<TlsServerFixture>;

/// <summary>RFC 9113 §6.10 over TLS.</summary>
public sealed class S6_10_ContinuationTests_Tls(TlsServerFixture server) : S6_10_ContinuationTests(server), IClassFixture<TlsServerFixture>;

/// <summary>RFC 9113 §8.1 over TLS.</summary>
public sealed class S8_1_ExchangeTests_Tls(TlsServerFixture server) : S8_1_ExchangeTests(server), IClassFixture<TlsServerFixture>;

/// <summary>RFC 9113 §6.7, §6.8 over TLS.</summary>
public sealed class S6_7_S6_8_PingGoAwayTests_Tls(TlsServerFixture server) : S6_7_S6_8_PingGoAwayTests(server), IClassFixture<TlsServerFixture>;
