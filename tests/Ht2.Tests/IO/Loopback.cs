using System;
using System.IO;
using System.Net;
using System.Net.Sockets;
using System.Threading;

namespace Ht2.Tests.IO;

/// <summary>
/// A connected TCP loopback pair, readers for the server side that take exactly the expected bytes, and a bound on the
/// pair's life: a test still using it after <see cref="DefaultLifetime"/> is hung, so the connection is reset.
/// </summary>
internal sealed class Loopback : IDisposable
{
    /// <summary>
    /// Far beyond any test's own use of one connection (seconds), well inside the run's hang guard. A writer blocked on
    /// a full socket buffer, or one repeating bytes into a reader that takes everything, then fails with ECONNRESET
    /// or EPIPE and the test fails by itself instead of being ended with the whole test host.
    /// </summary>
    public static readonly TimeSpan DefaultLifetime = TimeSpan.FromSeconds(60);

    private readonly Timer _lifetime;
    private readonly TimeSpan _receiveBound;

    public Loopback(int sendBufferSize = 0, TimeSpan? lifetime = null)
    {
        using Socket listener = new(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        listener.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        listener.Listen(1);
        Client = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        if (sendBufferSize > 0)
        {
            Client.SendBufferSize = sendBufferSize;
        }

        Client.Connect(listener.LocalEndPoint!);
        Server = listener.Accept();

        // The test's side of the connection never blocks for ever: a receive that gets nothing fails the test.
        _receiveBound = WaitBreaker.Bound(Worker.DefaultTimeout);
        Server.ReceiveTimeout = (int)_receiveBound.TotalMilliseconds;
        TimeSpan life = WaitBreaker.Bound(lifetime ?? DefaultLifetime);
        _lifetime = new Timer(_ => Expire(life), null, life, Timeout.InfiniteTimeSpan);
    }

    public Socket Client { get; }

    public Socket Server { get; }

    /// <summary>
    /// Starts a thread that reads exactly <paramref name="length"/> bytes in small pieces, then resets the
    /// connection: the server side is single-use.
    /// </summary>
    public Worker StartReading(byte[] destination, int length, int chunk = 1000)
        => StartReceiving("loopback reader", destination, keep: true, length, chunk);

    /// <summary>
    /// Starts a thread that reads and discards exactly <paramref name="length"/> bytes, then resets the connection:
    /// a sink for long runs (allocation tests) that still knows how many bytes a correct writer sends.
    /// </summary>
    public Worker StartDraining(long length)
    {
        byte[] scratch = new byte[1 << 16];
        return StartReceiving("loopback drain", scratch, keep: false, length, scratch.Length);
    }

    /// <summary>
    /// Starts <paramref name="read"/> on a thread against <see cref="Server"/>, then resets the connection however the
    /// read ended: the server side is single-use. A writer still sending (one that repeats bytes, or one whose bytes
    /// the reader refused) then fails with ECONNRESET or EPIPE instead of blocking for ever on a full socket buffer
    /// once nobody reads.
    /// </summary>
    public Worker StartReader(string name, Action read)
    {
        return Worker.Start(name, () =>
        {
            try
            {
                read();
            }
            finally
            {
                Reset();
            }
        });
    }

    private Worker StartReceiving(string name, byte[] buffer, bool keep, long length, int chunk)
    {
        return StartReader(name, () =>
        {
            long got = 0;
            while (got < length)
            {
                int offset = keep ? (int)got : 0;
                int n;
                try
                {
                    n = Server.Receive(buffer, offset, (int)Math.Min(chunk, length - got), SocketFlags.None);
                }
                catch (SocketException e) when (e.SocketErrorCode == SocketError.TimedOut)
                {
                    throw new TimeoutException(WaitBreaker.RanOut($"a receive after {got} of {length} bytes", _receiveBound), e);
                }

                if (n == 0)
                {
                    throw new EndOfStreamException($"The writer closed after {got} of {length} bytes.");
                }

                got += n;
            }
        });
    }

    /// <summary>The pair outlived its lifetime: the test using it is hung (which trips the wait breaker).</summary>
    private void Expire(TimeSpan life)
    {
        _ = WaitBreaker.RanOut("the end of the test using this loopback pair", life);
        Reset();
    }

    /// <summary>Closes the server side with a reset (RST, not FIN): the client's next send or receive fails.</summary>
    private void Reset()
    {
        try
        {
            Server.LingerState = new LingerOption(true, 0);
        }
        catch (Exception e) when (e is ObjectDisposedException or SocketException)
        {
            return; // already closed, by the test or an earlier reset
        }

        Server.Close();
    }

    public void Dispose()
    {
        _lifetime.Dispose();

        // On a worker, bounded: closing a socket waits until every reference a write took on its handle is released,
        // so a write that never released its reference fails the test here instead of hanging it.
        Worker.Run("close", () =>
        {
            Client.Dispose();
            Server.Dispose();
        });
    }
}

/// <summary>Counts polls on the way to the real system calls.</summary>
internal sealed unsafe class CountingSyscalls : IWritevSyscall
{
    public int Polls;
    public int Writes;

    public nint Writev(int fd, Iovec* iov, int count, out int errno)
    {
        Writes++;
        return LibcSyscalls.Instance.Writev(fd, iov, count, out errno);
    }

    public nint SendMsg(int fd, Iovec* iov, int count, out int errno)
    {
        Writes++;
        return LibcSyscalls.Instance.SendMsg(fd, iov, count, out errno);
    }

    public nint SendMsgDontWait(int fd, Iovec* iov, int count, out int errno)
    {
        Writes++;
        return LibcSyscalls.Instance.SendMsgDontWait(fd, iov, count, out errno);
    }

    public int PollWritable(int fd, out int errno)
    {
        Polls++;
        return LibcSyscalls.Instance.PollWritable(fd, out errno);
    }
}
