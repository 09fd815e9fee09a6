using System;
using System.Net;
using System.Net.Sockets;
using System.Threading.Tasks;

namespace Ht2.Tests.Tls;

/// <summary>A connected loopback TCP pair as two streams that own their sockets.</summary>
internal sealed class TcpPair : IDisposable
{
    private TcpPair(Socket client, Socket server)
    {
        ClientSocket = client;
        ServerSocket = server;
        Client = new NetworkStream(client, ownsSocket: true);
        Server = new NetworkStream(server, ownsSocket: true);
    }

    public Socket ClientSocket { get; }

    public Socket ServerSocket { get; }

    public NetworkStream Client { get; }

    public NetworkStream Server { get; }

    public static async Task<TcpPair> ConnectAsync()
    {
        using Socket listener = new(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        listener.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        listener.Listen(1);
        Socket client = new(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        await client.ConnectAsync(listener.LocalEndPoint!);
        Socket server = await listener.AcceptAsync();
        server.NoDelay = true;
        return new TcpPair(client, server);
    }

    public void Dispose()
    {
        Client.Dispose();
        Server.Dispose();
    }
}
