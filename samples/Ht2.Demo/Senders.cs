using System;
using System.Net.Sockets;

namespace Ht2.Demo;

/// <summary>The naive baseline: every frame is written into a scratch buffer and sent with its own Socket.Send.</summary>
internal struct OneSendPerFrame : IFrameSink
{
    private readonly Socket _socket;
    private readonly byte[] _scratch;

    public OneSendPerFrame(Socket socket, byte[] scratch)
    {
        _socket = socket;
        _scratch = scratch;
    }

    public long Sends { get; private set; }

    public void Frame<TFrame>(in TFrame frame, ReadOnlyMemory<byte> variablePart)
        where TFrame : struct, IHt2Frame<TFrame>
    {
        int prefix = frame.WritePrefix(_scratch, variablePart.Length);
        variablePart.Span.CopyTo(_scratch.AsSpan(prefix));
        int length = prefix + variablePart.Length + frame.PaddingLength;
        _scratch.AsSpan(prefix + variablePart.Length, frame.PaddingLength).Clear();
        for (int sent = 0; sent < length; Sends++)
        {
            sent += _socket.Send(_scratch, sent, length - sent, SocketFlags.None);
        }
    }
}

/// <summary>Ht2: every frame added to a reused MultiFrameWriter (small payloads copied next to their header, large ones zero-copy), one flush per batch.</summary>
internal readonly struct AddToWriter : IFrameSink
{
    private readonly MultiFrameWriter _writer;

    public AddToWriter(MultiFrameWriter writer) => _writer = writer;

    public void Frame<TFrame>(in TFrame frame, ReadOnlyMemory<byte> variablePart)
        where TFrame : struct, IHt2Frame<TFrame>
        => _writer.Add(in frame, variablePart);
}
