using System;
using System.IO;
using System.Runtime.CompilerServices;

namespace Ht2;

public static partial class VectoredIO
{
    [ThreadStatic]
    private static long t_systemCalls;

    /// <summary>
    /// The writev/sendmsg calls this thread has made through <see cref="VectoredIO"/> (retries and partial writes
    /// included, poll excluded). For diagnostics and demos that prove how many system calls a batch took.
    /// </summary>
    public static long SystemCallsOnCurrentThread => t_systemCalls;

    /// <summary>
    /// The write loop. <paramref name="entries"/> is never modified: after a short write that ends inside an
    /// entry, the rest of that batch is copied to a stack scratch array whose first entry is advanced.
    /// </summary>
    [SkipLocalsInit]
    private static unsafe long WriteAll(IWritevSyscall syscalls, int fd, bool isSocket, Iovec* entries, int count)
    {
        // Stack memory: cannot move; used only after a short write that stopped inside an entry.
        Iovec* scratch = stackalloc Iovec[IovMax];
        long total = 0;
        int index = 0;          // first entry not yet fully written
        nuint written = 0;      // bytes of entries[index] already written

        while (index < count)
        {
            int batch = Math.Min(count - index, IovMax);
            Iovec* first = entries + index;
            if (written != 0)
            {
                new ReadOnlySpan<Iovec>(first, batch).CopyTo(new Span<Iovec>(scratch, batch));
                scratch->Base = (byte*)scratch->Base + written;
                scratch->Length -= written;
                first = scratch;
            }

            t_systemCalls++;

            // first points at the caller's fixed-pinned entries or at stack scratch; their buffers are pinned by the builder/caller.
            nint result = isSocket
                ? syscalls.SendMsg(fd, first, batch, out int errno)
                : syscalls.Writev(fd, first, batch, out errno);
            if (result < 0)
            {
                WaitOrThrow(syscalls, fd, errno, isSocket ? "sendmsg" : "writev", total);
                continue;
            }

            total += result;
            AdvanceWritten(new ReadOnlySpan<Iovec>(entries, count), ref index, ref written, (nuint)result);
        }

        return total;
    }

    /// <summary>
    /// <see cref="Advance"/> after a write that returned <paramref name="written"/> while bytes from
    /// <paramref name="index"/> were pending: a write that took nothing (and only empty entries to skip) throws,
    /// because the loop that retries it would spin for ever.
    /// </summary>
    /// <exception cref="IOException">No byte was taken, or more bytes than offered were reported.</exception>
    internal static void AdvanceWritten(ReadOnlySpan<Iovec> entries, ref int index, ref nuint offset, nuint written)
    {
        int before = index;
        Advance(entries, ref index, ref offset, written);
        if (written == 0 && index == before)
        {
            throw new IOException("The descriptor accepted no bytes although bytes were pending.");
        }
    }

    /// <summary>
    /// Moves a write position (<paramref name="index"/> = first entry not fully written, <paramref name="offset"/> =
    /// bytes of it already written) forward by <paramref name="written"/> bytes: whole entries first (empty ones
    /// included), then the offset inside the next. Shared by every write loop so that a short write resumes at
    /// exactly the next byte everywhere.
    /// </summary>
    /// <exception cref="IOException">The system reported more bytes written than the entries hold.</exception>
    internal static void Advance(ReadOnlySpan<Iovec> entries, ref int index, ref nuint offset, nuint written)
    {
        while (index < entries.Length && written >= entries[index].Length - offset)
        {
            written -= entries[index].Length - offset;
            offset = 0;
            index++;
        }

        if (written != 0)
        {
            if (index == entries.Length)
            {
                throw new IOException($"The system reported {written} more bytes written than were offered.");
            }

            offset += written;
        }
    }

    /// <summary>Handles a failed call: returns to retry (EINTR, or EAGAIN once writable) or throws.</summary>
    private static void WaitOrThrow(IWritevSyscall syscalls, int fd, int errno, string operation, long total)
    {
        if (errno == Errno.EINTR)
        {
            return;
        }

        if (errno != Errno.EAGAIN)
        {
            throw new VectoredIOException(operation, errno, total);
        }

        while (true)
        {
            int revents = syscalls.PollWritable(fd, out int pollErrno);
            if (revents >= 0)
            {
                if ((revents & LibcSyscalls.PollNval) != 0)
                {
                    throw new VectoredIOException("poll", Errno.EBADF, total);
                }

                // POLLOUT, POLLERR or POLLHUP: the next write either progresses or reports the real error.
                return;
            }

            if (pollErrno != Errno.EINTR)
            {
                throw new VectoredIOException("poll", pollErrno, total);
            }
        }
    }
}
