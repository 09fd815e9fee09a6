using System;
using System.Net.Sockets;
using System.IO;
using System.Runtime.InteropServices;
using System.Runtime.Versioning;

namespace Ht2;

/// <summary>
/// Gathering writes straight to a file descriptor (socket, pipe, file) on Linux and macOS: every byte of every
/// <see cref="Iovec"/> is written, in order, with at most <see cref="IovMax"/> entries per system call.
/// Short writes resume at the exact byte (across entry boundaries), EAGAIN waits with poll(POLLOUT), EINTR
/// retries, and any other error becomes a <see cref="VectoredIOException"/>. The calls block the calling thread
/// until everything is written, also on non-blocking descriptors. Callers must not write to the same
/// descriptor from two threads at once. The descriptor overloads are Linux and macOS only (annotated, so the
/// platform analyzer flags a call elsewhere); the <see cref="Socket"/> overload works everywhere: on other systems
/// it writes one coalesced copy with <see cref="Socket.Send(ReadOnlySpan{byte})"/>.
/// </summary>
/// <remarks>
/// SIGPIPE: the .NET runtime sets SIGPIPE to SIG_IGN at start-up (checked: bit 13 of SigIgn in
/// /proc/self/status), so a write to a closed pipe or socket returns EPIPE. Sockets on Linux additionally go
/// through sendmsg with MSG_NOSIGNAL, so they stay safe even in a host that restored SIGPIPE's default action.
/// </remarks>
public static partial class VectoredIO
{
    /// <summary>The most entries one writev/sendmsg accepts (IOV_MAX on Linux and macOS).</summary>
    public const int IovMax = 1024;

    /// <summary>True on the systems whose descriptor writes are implemented here (Linux, macOS).</summary>
    public static bool IsSupported => OperatingSystem.IsLinux() || OperatingSystem.IsMacOS();

    /// <summary>
    /// Writes every byte described by <paramref name="iovecs"/> to a descriptor: a socket handle, a pipe, or a
    /// file opened with <see cref="System.IO.File.OpenHandle"/>. Returns the number of bytes written (their sum).
    /// </summary>
    /// <param name="handle">An open descriptor; it is kept alive with DangerousAddRef for the whole call.</param>
    /// <param name="iovecs">The entries, each pointing at pinned memory that stays unchanged during the call.</param>
    /// <exception cref="VectoredIOException">The system refused the write (EPIPE, ECONNRESET, EBADF, ...).</exception>
    /// <exception cref="PlatformNotSupportedException">Neither Linux nor macOS.</exception>
    [SupportedOSPlatform("linux")]
    [SupportedOSPlatform("macos")]
    public static long Writev(SafeHandle handle, ReadOnlySpan<Iovec> iovecs)
    {
        ArgumentNullException.ThrowIfNull(handle);
        return Writev(handle, iovecs, LibcSyscalls.Instance, handle is SafeSocketHandle);
    }

    /// <summary>
    /// Writes every byte described by <paramref name="iovecs"/> to a connected socket: gathering sendmsg on Linux
    /// and macOS (see <see cref="Writev(SafeHandle, ReadOnlySpan{Iovec})"/>), one coalesced
    /// <see cref="Socket.Send(ReadOnlySpan{byte})"/> copy elsewhere.
    /// </summary>
    /// <exception cref="VectoredIOException">The system refused the write (EPIPE, ECONNRESET, ...).</exception>
    /// <exception cref="IOException">The coalesced send failed (other systems).</exception>
    /// <exception cref="ObjectDisposedException">The socket is closed.</exception>
    public static long Writev(Socket socket, ReadOnlySpan<Iovec> iovecs)
    {
        ArgumentNullException.ThrowIfNull(socket);
        if (IsSupported)
        {
            return Writev(socket.SafeHandle, iovecs, LibcSyscalls.Instance, isSocket: true);
        }

        // Stryker disable once all : reached only on systems other than Linux and macOS; the suite runs on Linux.
        return WriteCoalesced(new NetworkStream(socket, ownsSocket: false), iovecs);
    }

    /// <summary>The seam the public overloads and the tests share.</summary>
    internal static unsafe long Writev(SafeHandle handle, ReadOnlySpan<Iovec> iovecs, IWritevSyscall syscalls, bool isSocket)
    {
        // Stryker disable once Block : the block runs only on systems other than Linux and macOS; the suite runs on Linux.
        if (!IsSupported)
        {
            // Stryker disable once all : reached only on systems other than Linux and macOS; the suite runs on Linux.
            throw new PlatformNotSupportedException("Vectored descriptor writes are implemented for Linux and macOS; write to a Stream instead.");
        }

        if (iovecs.IsEmpty)
        {
            return 0;
        }

        bool added = false;
        try
        {
            // Keeps the descriptor number from being closed and reused by another open while the kernel uses it.
            handle.DangerousAddRef(ref added);
            int fd = (int)handle.DangerousGetHandle();

            // Pinned with fixed: the iovec array itself may be a managed array, and the kernel reads it.
            fixed (Iovec* entries = iovecs)
            {
                return WriteAll(syscalls, fd, isSocket, entries, iovecs.Length);
            }
        }
        finally
        {
            if (added)
            {
                handle.DangerousRelease();
            }
        }
    }
}
