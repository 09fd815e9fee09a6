using System;
using System.Net.Sockets;
using System.Runtime.Versioning;
using System.Threading;
using System.Threading.Tasks;

namespace Ht2;

/// <summary>
/// A connected socket. Sync writes are blocking gathering sendmsg calls (<see cref="VectoredIO"/>). Async writes
/// never block a thread: sendmsg with MSG_DONTWAIT writes what the socket buffer takes; on EAGAIN the rest of the
/// current entry goes through <see cref="Socket.SendAsync(ReadOnlyMemory{byte}, SocketFlags, CancellationToken)"/>,
/// which waits for writability in the runtime's event loop, and gathering resumes after it. Where gathering is not
/// available (sync: neither Linux nor macOS; async: not Linux) each write is one coalesced copy through a
/// <see cref="NetworkStream"/> (<see cref="Socket.Send(ReadOnlySpan{byte})"/>), so every system can send.
/// </summary>
internal sealed class SocketTransport : DescriptorTransport, IFrameTransport
{
    // Linux's IPPROTO_TCP level and its TCP_NOTSENT_LOWAT option (linux/tcp.h).
    private const int IpProtocolTcp = 6;
    private const int TcpNotSentLowWatermark = 25;

    // Re-aimed before each SendAsync; one per transport because one write runs at a time.
    private readonly PointerMemoryManager _pointerMemory = new();

    // Systems without a (non-blocking) gathering send write one coalesced copy through a NetworkStream instead.
    private StreamTransport? _copying;

    // Whether sync writes gather (sendmsg) and async writes gather (sendmsg with MSG_DONTWAIT); else they coalesce.
    private readonly bool _gather;
    [SupportedOSPlatformGuard("linux")]
    private readonly bool _gatherAsync;

    // How long an async read polls for input before it waits in the event loop (Stopwatch ticks; 0: it does not).
    private long _receiveSpinTicks;

    // Whether no other socket read since this one's last read: only then does a read poll.
    private ReceiveSpin.ReaderTurn _readerTurn;

    /// <summary>A transport over a connected socket, gathering wherever this system allows it.</summary>
    /// <exception cref="ArgumentNullException"><paramref name="socket"/> is null.</exception>
    public SocketTransport(Socket socket)
        : this(socket, LibcSyscalls.Instance, VectoredIO.IsSupported)
    {
    }

    /// <summary>
    /// The seam that chooses the write path: <paramref name="gather"/> false makes every write the coalesced
    /// fallback that systems other than Linux and macOS use (tests run it on Linux); gathering writes, sync and
    /// async, go through <paramref name="syscalls"/>.
    /// </summary>
    /// <exception cref="ArgumentNullException">An argument is null.</exception>
    internal SocketTransport(Socket socket, IWritevSyscall syscalls, bool gather)
        : base(NotNull(socket).SafeHandle, syscalls)
    {
        Socket = socket;
        _gather = gather;
        _gatherAsync = gather && OperatingSystem.IsLinux();
    }

    /// <summary>The socket written to and read from.</summary>
    public Socket Socket { get; }

    /// <summary>
    /// The most bytes one gathering sendmsg of an async write carries; a longer write takes several calls. Unlimited
    /// unless the owner sets it (a session sets <see cref="Ht2SessionOptions.MaxBytesPerSend"/>).
    /// </summary>
    public int MaxBytesPerSend { get; set; } = int.MaxValue;

    /// <inheritdoc />
    public void ApplySendTuning(int maxBytesPerSend, int? notSentLowWatermark)
    {
        MaxBytesPerSend = maxBytesPerSend;
        if (notSentLowWatermark is int lowWatermark)
        {
            SetNotSentLowWatermark(lowWatermark);
        }
    }

    /// <inheritdoc />
    public void ApplyReceiveSpin(TimeSpan spin) => _receiveSpinTicks = ReceiveSpin.ToTicks(spin);

    /// <summary>
    /// Sets TCP_NOTSENT_LOWAT on a TCP socket on Linux (see <see cref="Ht2SessionOptions.NotSentLowWatermark"/>);
    /// elsewhere, or on a socket that refuses it, nothing changes.
    /// </summary>
    private void SetNotSentLowWatermark(int bytes)
    {
        if (!OperatingSystem.IsLinux() || Socket.ProtocolType != ProtocolType.Tcp)
        {
            return;
        }

        try
        {
            Span<byte> value = stackalloc byte[sizeof(int)];
            BitConverter.TryWriteBytes(value, bytes);
            Socket.SetRawSocketOption(IpProtocolTcp, TcpNotSentLowWatermark, value);
        }
        catch (Exception e) when (e is SocketException or ObjectDisposedException)
        {
            // A socket that is gone or refuses the option keeps writing as it did.
        }
    }

    /// <inheritdoc />
    public override long Write(ReadOnlySpan<Iovec> entries) => _gather ? base.Write(entries) : CopyingTransport.Write(entries);

    /// <inheritdoc />
    public override ValueTask<long> WriteAsync(ReadOnlyMemory<Iovec> entries, CancellationToken cancellationToken)
        => _gatherAsync ? SendGatheringAsync(entries, cancellationToken) : CopyingTransport.WriteAsync(entries, cancellationToken);

    /// <inheritdoc />
    public override int Read(Span<byte> buffer) => Socket.Receive(buffer, SocketFlags.None);

    /// <inheritdoc />
    public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken)
    {
        if (_receiveSpinTicks != 0)
        {
            ReceiveSpin.UntilReadable(Socket, _receiveSpinTicks, ref _readerTurn);
        }

        return Socket.ReceiveAsync(buffer, SocketFlags.None, cancellationToken);
    }

    /// <inheritdoc />
    public override void ShutdownOutput()
    {
        try
        {
            Socket.Shutdown(SocketShutdown.Send);
        }
        catch (Exception e) when (e is SocketException or ObjectDisposedException)
        {
            // Already gone: the close that follows is all that is left to do.
        }
    }

    /// <inheritdoc />
    protected override void CloseTarget() => Socket.Dispose();

    [SupportedOSPlatform("linux")]
    private async ValueTask<long> SendGatheringAsync(ReadOnlyMemory<Iovec> entries, CancellationToken cancellationToken)
    {
        long total = 0;
        int index = 0;
        nuint offset = 0;
        while (index < entries.Length)
        {
            long sent = VectoredIO.TrySendNonBlocking(Handle, Syscalls, entries.Span.Slice(index), offset, (nuint)MaxBytesPerSend);
            if (sent < 0)
            {
                sent = await Socket.SendAsync(AimAt(entries.Span[index], offset), SocketFlags.None, cancellationToken).ConfigureAwait(false);
            }

            total += sent;
            VectoredIO.AdvanceWritten(entries.Span, ref index, ref offset, (nuint)sent);
        }

        return total;
    }

    private StreamTransport CopyingTransport => _copying ??= new StreamTransport(new NetworkStream(Socket, ownsSocket: false));

    private unsafe ReadOnlyMemory<byte> AimAt(Iovec entry, nuint offset)
    {
        // entry.Base is pinned by the batch's owner until the write completes (IFrameTransport's contract).
        _pointerMemory.Set((byte*)entry.Base + offset, (int)(entry.Length - offset));
        return _pointerMemory.Memory;
    }

    private static Socket NotNull(Socket socket)
    {
        ArgumentNullException.ThrowIfNull(socket);
        return socket;
    }
}
