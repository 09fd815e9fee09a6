using System;
using System.IO;
using System.Runtime.InteropServices;
using Microsoft.Win32.SafeHandles;

namespace Ht2.Tests.IO;

/// <summary>
/// A regular file of a fixed size that cannot grow: a memfd, truncated to the size and sealed against growth and
/// shrinking. A write past the size fails with EPERM, so a write loop that repeats bytes into it ends with an error
/// at once instead of filling the disk until the test host is killed.
/// </summary>
internal static partial class SealedMemoryFile
{
    private const uint MfdCloexec = 1;
    private const uint MfdAllowSealing = 2;
    private const int FAddSeals = 1033;
    private const int FSealShrink = 2;
    private const int FSealGrow = 4;
    private const int SeekSet = 0;
    private const int SeekCurrent = 1;

    /// <summary>Creates the file, <paramref name="length"/> zero bytes long, open for reading and writing at offset 0.</summary>
    public static SafeFileHandle Create(int length)
    {
        int fd = MemfdCreate("ht2-test", MfdCloexec | MfdAllowSealing);
        if (fd < 0)
        {
            throw new IOException($"memfd_create failed: errno {Marshal.GetLastPInvokeError()}");
        }

        SafeFileHandle handle = new(fd, ownsHandle: true);
        if (Ftruncate(fd, length) != 0 || Fcntl(fd, FAddSeals, FSealGrow | FSealShrink) != 0)
        {
            int errno = Marshal.GetLastPInvokeError();
            handle.Dispose();
            throw new IOException($"sizing or sealing the memfd failed: errno {errno}");
        }

        return handle;
    }

    /// <summary>The file's whole content, read at offset 0 (the write offset is left where it is).</summary>
    public static byte[] ReadAll(SafeFileHandle handle, int length)
    {
        byte[] content = new byte[length];
        int read = 0;
        while (read < length)
        {
            int n = RandomAccess.Read(handle, content.AsSpan(read), read);
            if (n == 0)
            {
                break;
            }

            read += n;
        }

        Assert.Equal(length, read);
        return content;
    }

    /// <summary>
    /// Moves the write offset back to 0 and returns where it was: a file of one batch's size takes any number of
    /// batches, each checked against the seal. Allocates nothing.
    /// </summary>
    public static long Rewind(SafeFileHandle handle)
    {
        // The handle is the test's own and stays open for the call; the descriptor is only read here.
        int fd = (int)handle.DangerousGetHandle();
        long end = Lseek(fd, 0, SeekCurrent);
        if (end < 0 || Lseek(fd, 0, SeekSet) != 0)
        {
            throw new IOException($"lseek failed: errno {Marshal.GetLastPInvokeError()}");
        }

        return end;
    }

    [LibraryImport("libc", EntryPoint = "memfd_create", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    private static partial int MemfdCreate(string name, uint flags);

    [LibraryImport("libc", EntryPoint = "lseek", SetLastError = true)]
    private static partial long Lseek(int fd, long offset, int whence);

    [LibraryImport("libc", EntryPoint = "ftruncate", SetLastError = true)]
    private static partial int Ftruncate(int fd, long length);

    [LibraryImport("libc", EntryPoint = "fcntl", SetLastError = true)]
    private static partial int Fcntl(int fd, int command, int argument);
}
