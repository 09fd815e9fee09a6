using System;
using System.Net;
using System.Net.Sockets;
using System.Threading;

namespace Ht2.Benchmarks;

/// <summary>
/// A TCP loopback connection shaped like the C reference program's (the "C limit" of docs/benchmarks.md): the writer has TCP_NODELAY and a
/// dedicated reader thread drains the other end into one pre-allocated buffer, so sends never allocate.
/// </summary>
public sealed class LoopbackConnection : IDisposable
{
    private readonly Socket _reader;
    private readonly Thread _drainer;
    private readonly byte[] _drainBuffer = new byte[1 << 16];

    public LoopbackConnection()
    {
        using var listener = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        listener.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        listener.Listen(1);
        Writer = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        Writer.Connect(listener.LocalEndPoint!);
        _reader = listener.Accept();
        _drainer = new Thread(Drain) { IsBackground = true, Name = "loopback drain" };
        _drainer.Start();
    }

    /// <summary>The sending end (blocking, TCP_NODELAY).</summary>
    public Socket Writer { get; }

    private void Drain()
    {
        try
        {
            while (_reader.Receive(_drainBuffer.AsSpan()) > 0)
            {
            }
        }
        catch (SocketException)
        {
            // The connection was torn down; nothing left to drain.
        }
    }

    public void Dispose()
    {
        Writer.Shutdown(SocketShutdown.Send);
        _drainer.Join();
        Writer.Dispose();
        _reader.Dispose();
    }
}
