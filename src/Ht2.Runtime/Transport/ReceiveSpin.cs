using System;
using System.Diagnostics;
using System.Net.Sockets;
using System.Threading;

namespace Ht2;

/// <summary>
/// Polls a socket for the peer's next bytes for a short time before a read waits in the runtime's event loop
/// (<see cref="Ht2SessionOptions.ReceiveSpin"/>). A peer with one request in flight answers within tens of
/// microseconds; a thread that sleeps in epoll_wait and is woken for that answer pays the wake-up of an idle core, which
/// on a virtual machine can cost more than the request. A socket polls only while it is the process's sole reader (no
/// other polling socket began a read since its own last one): with several busy connections the event loop has work
/// anyway, and a poll would only take a core from them. And only one socket polls at a time, so spinning readers never
/// take every core from the peers and threads they wait for; the others wait in the event loop at once.
/// </summary>
internal static class ReceiveSpin
{
    // 1 while some socket's read polls; the gate that keeps it to one.
    private static int s_polling;

    // Reads begun by polling sockets, process-wide; what ReaderTurn compares against.
    private static long s_reads;

    /// <summary>What a poll looks at: whether input is there, and the clock.</summary>
    internal interface IProbe
    {
        /// <summary>Whether bytes (or the end) can be read without waiting; throws when the target is gone.</summary>
        bool Readable();

        /// <summary>Now, in <see cref="Stopwatch"/> ticks.</summary>
        long Now();
    }

    /// <summary>
    /// Counts a read of <paramref name="socket"/>; then returns once it has bytes (or its end) to read, or after
    /// <paramref name="ticks"/> <see cref="Stopwatch"/> ticks, or at once when another socket read since this one's
    /// last read (<paramref name="turn"/>), another socket is polling, or this one is gone.
    /// </summary>
    public static void UntilReadable(Socket socket, long ticks, ref ReaderTurn turn)
    {
        if (!turn.Take(ref s_reads))
        {
            return;
        }

        SocketProbe probe = new(socket);
        _ = Poll(ref probe, ticks);
    }

    /// <summary>
    /// Polls <paramref name="probe"/> until it is readable or <paramref name="ticks"/> have passed; true when it became
    /// readable. Returns false at once while another poll runs, and when the probe throws a socket's errors (the read
    /// that follows reports them).
    /// </summary>
    internal static bool Poll<TProbe>(ref TProbe probe, long ticks)
        where TProbe : struct, IProbe
    {
        if (Interlocked.CompareExchange(ref s_polling, 1, 0) != 0)
        {
            return false;
        }

        try
        {
            long end = probe.Now() + ticks;
            do
            {
                if (probe.Readable())
                {
                    return true;
                }

                Thread.SpinWait(8);
            }
            while (probe.Now() < end);
        }
        catch (Exception e) when (e is SocketException or ObjectDisposedException)
        {
            // The read that follows reports what happened to the socket.
        }
        finally
        {
            Volatile.Write(ref s_polling, 0);
        }

        return false;
    }

    /// <summary>Converts a spin time to <see cref="Stopwatch"/> ticks (0 turns polling off).</summary>
    public static long ToTicks(TimeSpan spin) => (long)(spin.TotalSeconds * Stopwatch.Frequency);

    /// <summary>One socket's place in the count of reads: whether it read alone since its previous read.</summary>
    internal struct ReaderTurn
    {
        // The count right after this socket's previous read; 0 before its first.
        private long _last;

        /// <summary>
        /// Counts a read of this socket in <paramref name="reads"/>; true when the count moved by this read alone since
        /// this socket's previous one, that is when no other socket read in between.
        /// </summary>
        public bool Take(ref long reads)
        {
            long now = Interlocked.Increment(ref reads);
            bool alone = now == _last + 1;
            _last = now;
            return alone;
        }
    }

    internal readonly struct SocketProbe(Socket socket) : IProbe
    {
        // FIONREAD: one cheap system call; a socket that is closed or reset throws.
        public bool Readable() => socket.Available > 0;

        public long Now() => Stopwatch.GetTimestamp();
    }
}
