using System.IO;
using System.Runtime.InteropServices;

namespace Ht2;

/// <summary>A vectored write failed with an operating-system error; the connection or file is unusable.</summary>
public sealed class VectoredIOException : IOException
{
    /// <summary>Creates the exception for <paramref name="errno"/> raised by <paramref name="operation"/>.</summary>
    public VectoredIOException(string operation, int errno, long bytesWritten)
        : base($"{operation} failed: {Marshal.GetPInvokeErrorMessage(errno)} (errno {errno}) after {bytesWritten} bytes.")
    {
        Operation = operation;
        Errno = errno;
        BytesWritten = bytesWritten;
    }

    /// <summary>The system call that failed (writev, sendmsg, poll).</summary>
    public string Operation { get; }

    /// <summary>The platform errno value (EPIPE is 32 everywhere; ECONNRESET is 104 on Linux, 54 on macOS).</summary>
    public int Errno { get; }

    /// <summary>How many bytes of the batch reached the descriptor before the failure.</summary>
    public long BytesWritten { get; }
}
