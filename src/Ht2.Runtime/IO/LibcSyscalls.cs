using System;
using System.Runtime.InteropServices;

namespace Ht2;

/// <summary>The real <see cref="IWritevSyscall"/>: direct, blittable libc calls (AOT-safe, no marshalling stubs).</summary>
internal sealed unsafe partial class LibcSyscalls : IWritevSyscall
{
    /// <summary>The one instance; it has no state.</summary>
    public static readonly LibcSyscalls Instance = new();

    /// <summary>Linux's MSG_NOSIGNAL: a send on a broken connection returns EPIPE instead of raising SIGPIPE.</summary>
    private const int MsgNoSignal = 0x4000;

    /// <summary>POLLOUT has the same value on Linux and macOS.</summary>
    internal const short PollOut = 0x4;

    /// <summary>POLLNVAL: the descriptor is not open.</summary>
    internal const short PollNval = 0x20;

    private LibcSyscalls()
    {
        // Binds poll's entry point now: the first EAGAIN otherwise resolves it lazily in the middle of a
        // steady-state send, and that one-time binding allocates. poll with no descriptors and timeout 0 returns at once.
        // Elsewhere (Windows) there is no libc: the instance exists but the socket paths never call it.
        if (VectoredIO.IsSupported)
        {
            poll(null, 0, 0);
        }
    }

    /// <inheritdoc />
    public nint Writev(int fd, Iovec* iov, int count, out int errno)
    {
        nint result = writev(fd, iov, count);
        errno = result < 0 ? Marshal.GetLastPInvokeError() : 0;
        return result;
    }

    /// <inheritdoc />
    public nint SendMsg(int fd, Iovec* iov, int count, out int errno)
    {
        if (!OperatingSystem.IsLinux())
        {
            // macOS has no MSG_NOSIGNAL and a different msghdr; its sockets get SO_NOSIGPIPE from the runtime
            // and the runtime ignores SIGPIPE, so plain writev is equally safe there.
            return Writev(fd, iov, count, out errno);
        }

        // The msghdr lives on this stack frame (cannot move); iov is pinned by the caller.
        LinuxMsghdr message = default;
        message.Iov = iov;
        message.IovLength = (nuint)count;
        nint result = sendmsg(fd, &message, MsgNoSignal);
        errno = result < 0 ? Marshal.GetLastPInvokeError() : 0;
        return result;
    }

    /// <summary>Linux's MSG_DONTWAIT: this one call does not block, whatever the descriptor's mode.</summary>
    private const int MsgDontWait = 0x40;

    /// <inheritdoc />
    public nint SendMsgDontWait(int fd, Iovec* iov, int count, out int errno)
    {
        // The msghdr lives on this stack frame (cannot move); iov is pinned by the caller.
        LinuxMsghdr message = default;
        message.Iov = iov;
        message.IovLength = (nuint)count;
        nint result = sendmsg(fd, &message, MsgNoSignal | MsgDontWait);
        errno = result < 0 ? Marshal.GetLastPInvokeError() : 0;
        return result;
    }

    /// <inheritdoc />
    public int PollWritable(int fd, out int errno)
    {
        // The pollfd lives on this stack frame (cannot move).
        PollFd entry = new() { Fd = fd, Events = PollOut };
        int result = poll(&entry, 1, -1);
        errno = result < 0 ? Marshal.GetLastPInvokeError() : 0;
        return result < 0 ? result : entry.Revents;
    }

    [LibraryImport("libc", SetLastError = true)]
    private static partial nint writev(int fd, Iovec* iov, int iovcnt);

    [LibraryImport("libc", SetLastError = true)]
    private static partial nint sendmsg(int fd, LinuxMsghdr* message, int flags);

    // nfds_t is unsigned long on Linux and unsigned int on macOS; passed in a register, nuint 1 suits both.
    [LibraryImport("libc", SetLastError = true)]
    private static partial int poll(PollFd* fds, nuint nfds, int timeout);

    /// <summary>Linux <c>struct msghdr</c> (kernel layout: size_t iovlen and controllen).</summary>
    [StructLayout(LayoutKind.Sequential)]
    private struct LinuxMsghdr
    {
        public void* Name;
        public uint NameLength;
        public Iovec* Iov;
        public nuint IovLength;
        public void* Control;
        public nuint ControlLength;
        public int Flags;
    }

    /// <summary>POSIX <c>struct pollfd</c>.</summary>
    [StructLayout(LayoutKind.Sequential)]
    private struct PollFd
    {
        public int Fd;
        public short Events;
        public short Revents;
    }
}
