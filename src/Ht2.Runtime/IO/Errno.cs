using System;

namespace Ht2;

/// <summary>
/// The errno values the vectored writer reacts to. Linux and macOS agree on the small ones but not on
/// EAGAIN (11 vs 35) or ECONNRESET (104 vs 54), so those are chosen once per process.
/// </summary>
internal static class Errno
{
    /// <summary>Interrupted by a signal before anything was written: retry.</summary>
    public const int EINTR = 4;

    /// <summary>The descriptor is not open (or not open for writing).</summary>
    public const int EBADF = 9;

    /// <summary>The reading end is closed (a pipe, or a socket after shutdown/RST).</summary>
    public const int EPIPE = 32;

    /// <summary>Non-blocking descriptor is full; EWOULDBLOCK has the same value on both systems.</summary>
    public static readonly int EAGAIN = OperatingSystem.IsMacOS() ? 35 : 11;

    /// <summary>The peer reset the connection.</summary>
    public static readonly int ECONNRESET = OperatingSystem.IsMacOS() ? 54 : 104;
}
