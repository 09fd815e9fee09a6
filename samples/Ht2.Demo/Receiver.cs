using System;
using System.Net.Sockets;
using System.Threading;

namespace Ht2.Demo;

/// <summary>
/// The receiving side: reads the socket, splits frames with FrameReader (RFC 9113 rules, local max frame size),
/// sequences header blocks, parses each frame with its generated parser and checks it against what the batch
/// says the frame at that index must be.
/// </summary>
internal sealed class Receiver
{
    private readonly Socket _socket;
    private readonly MixedBatch _batch;
    private readonly long _expectedFrames;
    private readonly Thread _thread;

    public Receiver(Socket socket, MixedBatch batch, long expectedFrames)
    {
        _socket = socket;
        _batch = batch;
        _expectedFrames = expectedFrames;
        _thread = new Thread(Run) { IsBackground = true, Name = "receiver" };
        _thread.Start();
    }

    public long Verified { get; private set; }

    public string? Failure { get; private set; }

    public void Join() => _thread.Join();

    private void Run()
    {
        var buffer = new byte[1 << 20];
        int filled = 0;
        var sequencer = new HeaderBlockSequencer(FrameReaderOptions.Default);
        try
        {
            while (Verified < _expectedFrames)
            {
                int n = _socket.Receive(buffer, filled, buffer.Length - filled, SocketFlags.None);
                if (n == 0)
                {
                    Failure = $"connection closed after {Verified} frames";
                    return;
                }

                filled += n;
                int offset = 0;
                while (FrameReader.TryReadFrame(buffer.AsSpan(offset, filled - offset), FrameReaderOptions.Default.LocalMaxFrameSize, out FrameHeader header, out ReadOnlySpan<byte> payload, out int consumed))
                {
                    sequencer.Accept(in header);
                    var check = new FrameCheck(header, payload);
                    _batch.Visit(Verified, ref check);
                    if (!check.Matches)
                    {
                        Failure = $"frame {Verified} ({header.Type} on stream {header.StreamId}) differs from what was sent";
                        return;
                    }

                    Verified++;
                    offset += consumed;
                }

                buffer.AsSpan(offset, filled - offset).CopyTo(buffer);
                filled -= offset;
            }
        }
        catch (Exception e) when (e is Ht2ProtocolException or SocketException)
        {
            Failure = e.Message;
        }
    }

    /// <summary>Parses the received frame as the type the batch expects and compares every field and byte.</summary>
    private ref struct FrameCheck : IFrameSink
    {
        private readonly FrameHeader _header;
        private readonly ReadOnlySpan<byte> _payload;

        public FrameCheck(FrameHeader header, ReadOnlySpan<byte> payload)
        {
            _header = header;
            _payload = payload;
        }

        public bool Matches { get; private set; }

        public void Frame<TFrame>(in TFrame expected, ReadOnlyMemory<byte> variablePart)
            where TFrame : struct, IHt2Frame<TFrame>
        {
            if ((byte)_header.Type != (byte)TFrame.FrameType
                || !TFrame.TryParse(in _header, _payload, out TFrame parsed, out ReadOnlySpan<byte> variable, out _)
                || parsed.StreamId != expected.StreamId
                || parsed.Flags != expected.Flags
                || !variable.SequenceEqual(variablePart.Span))
            {
                Matches = false;
                return;
            }

            // The fixed fields: what arrived must encode to exactly the prefix the expected frame encodes to.
            Span<byte> mine = stackalloc byte[TFrame.MaxPrefixLength];
            Span<byte> theirs = stackalloc byte[TFrame.MaxPrefixLength];
            int length = expected.WritePrefix(mine, variablePart.Length);
            Matches = parsed.WritePrefix(theirs, variable.Length) == length && mine.Slice(0, length).SequenceEqual(theirs.Slice(0, length));
        }
    }
}
