namespace Ht2;

/// <summary>
/// The system calls the vectored writers need, behind a seam so tests can inject short writes,
/// EAGAIN and EINTR at chosen calls. Each returns what the syscall returns and the errno it left.
/// </summary>
internal unsafe interface IWritevSyscall
{
    /// <summary><c>writev(fd, iov, count)</c>: bytes written, or -1 with <paramref name="errno"/>.</summary>
    nint Writev(int fd, Iovec* iov, int count, out int errno);

    /// <summary>
    /// <c>sendmsg</c> with MSG_NOSIGNAL over the same iovecs (sockets on Linux): bytes written, or -1 with
    /// <paramref name="errno"/>.
    /// </summary>
    nint SendMsg(int fd, Iovec* iov, int count, out int errno);

    /// <summary>
    /// <c>sendmsg</c> with MSG_NOSIGNAL | MSG_DONTWAIT (Linux sockets): bytes written, or -1 with
    /// <paramref name="errno"/> (EAGAIN when the socket buffer is full).
    /// </summary>
    nint SendMsgDontWait(int fd, Iovec* iov, int count, out int errno);

    /// <summary>
    /// Waits until <paramref name="fd"/> is writable (POLLOUT), an error or a hang-up: the revents, or -1 with
    /// <paramref name="errno"/>.
    /// </summary>
    int PollWritable(int fd, out int errno);
}
