using System;
using System.IO;
using System.Net;
using System.Net.Sockets;
using System.Threading;

namespace Ht2.Tests.IO;

/// <summary>A connected TCP loopback pair and a reader thread that takes exactly the expected bytes from the server side.</summary>
internal sealed class Loopback : IDisposable
{
    public Loopback(int sendBufferSize = 0)
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
        Server.ReceiveTimeout = (int)Worker.DefaultTimeout.TotalMilliseconds;
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

    private Worker StartReceiving(string name, byte[] buffer, bool keep, long length, int chunk)
    {
        return Worker.Start(name, () =>
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
                    throw new TimeoutException($"Only {got} of {length} bytes arrived.", e);
                }

                if (n == 0)
                {
                    throw new EndOfStreamException($"The writer closed after {got} of {length} bytes.");
                }

                got += n;
            }

            // Every expected byte arrived, so a correct writer has no send left. A writer that goes on sending (a
            // write loop repeating bytes) would block for ever on the full socket buffer once nobody reads, or send
            // for ever into a reader that reads to the end: the reset makes its next send fail with ECONNRESET or
            // EPIPE, and the test fails instead of hanging.
            Server.LingerState = new LingerOption(true, 0);
            Server.Close();
        });
    }

    public void Dispose()
    {
        Client.Dispose();
        Server.Dispose();
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
