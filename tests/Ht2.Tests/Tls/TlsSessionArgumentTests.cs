using System;
using System.IO;
using System.Threading;
using System.Threading.Tasks;
using Ht2.Testing;
using Ht2.Tests.Session;

namespace Ht2.Tests.Tls;

/// <summary>
/// <see cref="Ht2Session.CreateServerOverTlsAsync"/> and <see cref="Ht2Session.CreateClientOverTlsAsync"/> check their
/// handler and options before the handshake touches the transport, and resume off the caller's context after it.
/// </summary>
public sealed class TlsSessionArgumentTests
{
    private static readonly TimeSpan Bound = TimeSpan.FromSeconds(10);

    /// <summary>Options the session refuses: a SETTINGS_MAX_FRAME_SIZE below 16,384 (RFC 9113 §6.5.2).</summary>
    private static readonly Ht2SessionOptions Invalid = new() { MaxFrameSize = 1 };

    private sealed class Quiet : Ht2SessionHandler
    {
    }

    [Fact]
    public Task A_server_without_a_handler_is_refused_before_the_handshake() => AssertRefusedUntouched<ArgumentNullException>(
        "handler", t => Ht2Session.CreateServerOverTlsAsync(t, Ht2Tls.ServerOptions(TestCertificates.Ecdsa), null!));

    [Fact]
    public Task A_client_without_a_handler_is_refused_before_the_handshake() => AssertRefusedUntouched<ArgumentNullException>(
        "handler", t => Ht2Session.CreateClientOverTlsAsync(t, TestCertificates.TrustingClient(), null!));

    [Fact]
    public Task A_server_with_invalid_options_is_refused_before_the_handshake() => AssertRefusedUntouched<ArgumentOutOfRangeException>(
        "MaxFrameSize", t => Ht2Session.CreateServerOverTlsAsync(t, Ht2Tls.ServerOptions(TestCertificates.Ecdsa), new Quiet(), Invalid));

    [Fact]
    public Task A_client_with_invalid_options_is_refused_before_the_handshake() => AssertRefusedUntouched<ArgumentOutOfRangeException>(
        "MaxFrameSize", t => Ht2Session.CreateClientOverTlsAsync(t, TestCertificates.TrustingClient(), new Quiet(), Invalid));

    [Fact]
    public async Task Both_sides_resume_off_the_callers_context_after_the_handshake()
    {
        using TcpPair tcp = await TcpPair.ConnectAsync();
        RecordingContext context = new();
        Task<Ht2Session> serverSide = context.StartUnder(
            () => Ht2Session.CreateServerOverTlsAsync(tcp.Server, Ht2Tls.ServerOptions(TestCertificates.Ecdsa), new Quiet(), time: new FakeTime()));
        Task<Ht2Session> clientSide = context.StartUnder(
            () => Ht2Session.CreateClientOverTlsAsync(tcp.Client, TestCertificates.TrustingClient(), new Quiet(), time: new FakeTime()));
        Ht2Session server = await serverSide.Within(Bound);
        await using BoundedDisposal serverDisposal = server.DisposedWithin(Bound);
        Ht2Session client = await clientSide.Within(Bound);
        await using BoundedDisposal clientDisposal = client.DisposedWithin(Bound);
        Assert.Equal(0, context.Posts);
    }

    private static async Task AssertRefusedUntouched<TException>(string parameter, Func<Stream, Task<Ht2Session>> create)
        where TException : ArgumentException
    {
        UntouchedStream transport = new();
        TException e = await Assert.ThrowsAsync<TException>(() => create(transport).Within(Bound));
        Assert.Equal(parameter, e.ParamName);
        Assert.False(transport.Touched);
    }

    /// <summary>A transport that records any use and fails it: the handshake must not have started.</summary>
    private sealed class UntouchedStream : Stream
    {
        private int _touched;

        public bool Touched => Volatile.Read(ref _touched) != 0;

        public override bool CanRead => true;

        public override bool CanSeek => false;

        public override bool CanWrite => true;

        public override long Length => throw Touch();

        public override long Position { get => throw Touch(); set => throw Touch(); }

        public override void Flush() => throw Touch();

        public override int Read(byte[] buffer, int offset, int count) => throw Touch();

        public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default) => throw Touch();

        public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) => throw Touch();

        public override void Write(byte[] buffer, int offset, int count) => throw Touch();

        public override ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default) => throw Touch();

        public override Task WriteAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) => throw Touch();

        public override long Seek(long offset, SeekOrigin origin) => throw Touch();

        public override void SetLength(long value) => throw Touch();

        private IOException Touch()
        {
            Volatile.Write(ref _touched, 1);
            return new IOException("The transport was used.");
        }
    }
}
