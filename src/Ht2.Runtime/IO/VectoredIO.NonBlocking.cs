using System;
using System.Runtime.InteropServices;

namespace Ht2;

public static partial class VectoredIO
{
    /// <summary>
    /// Writes what a socket takes right now with one gathering sendmsg(MSG_DONTWAIT), starting
    /// <paramref name="firstOffset"/> bytes into the first entry, at most <see cref="IovMax"/> entries and at most
    /// <paramref name="maxBytes"/> bytes (the last entry offered is cut there). Returns the bytes written, or -1
    /// when the socket buffer is full (EAGAIN): the caller then awaits writability instead of blocking a thread.
    /// EINTR retries; other errors throw. Linux only.
    /// </summary>
    /// <exception cref="VectoredIOException">The system refused the write.</exception>
    [System.Runtime.CompilerServices.SkipLocalsInit]
    [System.Runtime.Versioning.SupportedOSPlatform("linux")]
    internal static unsafe long TrySendNonBlocking(SafeHandle handle, ReadOnlySpan<Iovec> iovecs, nuint firstOffset, nuint maxBytes)
    {
        if (iovecs.IsEmpty)
        {
            return 0;
        }

        int limit = Math.Min(iovecs.Length, IovMax);

        // Stack memory cannot move; the buffers the entries point at are pinned by the caller.
        Iovec* entries = stackalloc Iovec[limit];
        int count = 0;
        nuint left = maxBytes;
        nuint skip = firstOffset;
        while (count < limit && left != 0)
        {
            Iovec entry = iovecs[count];
            nuint length = Math.Min(entry.Length - skip, left);
            entries[count++] = new Iovec((byte*)entry.Base + skip, length);
            left -= length;
            skip = 0;
        }

        bool added = false;
        try
        {
            // Keeps the descriptor number from being closed and reused while the kernel uses it.
            handle.DangerousAddRef(ref added);
            int fd = (int)handle.DangerousGetHandle();
            while (true)
            {
                t_systemCalls++;
                nint result = LibcSyscalls.SendMsgDontWait(fd, entries, count, out int errno);
                if (result >= 0)
                {
                    return result;
                }

                if (errno == Errno.EAGAIN)
                {
                    return -1;
                }

                if (errno != Errno.EINTR)
                {
                    throw new VectoredIOException("sendmsg", errno, 0);
                }
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
