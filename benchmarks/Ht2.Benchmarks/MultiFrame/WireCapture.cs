using System;
using System.Net;
using System.Net.Sockets;
using System.Threading;

namespace Ht2.Benchmarks.MultiFrame;

/// <summary>Setup-time check only (allocates): captures exactly the bytes one strategy puts on a fresh loopback connection.</summary>
public static class WireCapture
{
    public static byte[] Capture(Func<Socket, long> send, int expectedLength)
    {
        using var listener = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        listener.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        listener.Listen(1);
        using var writer = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        writer.Connect(listener.LocalEndPoint!);
        using Socket reader = listener.Accept();
        byte[] received = new byte[expectedLength + 1];
        int count = 0;
        var thread = new Thread(() =>
        {
            int n;
            while ((n = reader.Receive(received.AsSpan(count))) > 0)
            {
                count += n;
            }
        });
        thread.Start();
        long sent = send(writer);
        writer.Shutdown(SocketShutdown.Send);
        thread.Join();
        if (sent != expectedLength || count != expectedLength)
        {
            throw new InvalidOperationException($"Expected {expectedLength} bytes; the strategy reported {sent}, the reader got {count}.");
        }

        return received.AsSpan(0, count).ToArray();
    }
}
