using System;
using System.IO;
using System.Net.Sockets;
using System.Threading;
using System.Threading.Tasks;

namespace Ht2.Conformance.Tests.Harness;

/// <summary>
/// Reads the server's frames from a stream with its own minimal parser (RFC 9113 §4.1: 24-bit length, type, flags,
/// reserved bit + 31-bit stream id), independent of the code under test.
/// </summary>
public sealed class FrameParser(Stream stream)
{
    private const int HeaderLength = 9;

    /// <summary>The largest payload we accept from the server (16 MiB, the RFC 9113 §4.2 maximum).</summary>
    private const int MaxPayload = (1 << 24) - 1;

    private readonly byte[] _header = new byte[HeaderLength];

    /// <summary>The next frame, or null when the server closed or reset the connection.</summary>
    /// <exception cref="OperationCanceledException">The token fired first.</exception>
    public async Task<Frame?> ReadAsync(CancellationToken cancel)
    {
        if (!await FillAsync(_header, cancel).ConfigureAwait(false))
        {
            return null;
        }

        int length = (_header[0] << 16) | (_header[1] << 8) | _header[2];
        byte type = _header[3];
        byte flags = _header[4];
        uint streamId = (uint)(((_header[5] & 0x7F) << 24) | (_header[6] << 16) | (_header[7] << 8) | _header[8]);
        if (length > MaxPayload)
        {
            throw new InvalidDataException($"Frame length {length} is impossible.");
        }

        byte[] payload = new byte[length];
        if (!await FillAsync(payload, cancel).ConfigureAwait(false))
        {
            return null;
        }

        return new Frame(type, flags, streamId, payload);
    }

    private async Task<bool> FillAsync(byte[] buffer, CancellationToken cancel)
    {
        int filled = 0;
        while (filled < buffer.Length)
        {
            int read;
            try
            {
                read = await stream.ReadAsync(buffer.AsMemory(filled), cancel).ConfigureAwait(false);
            }
            catch (IOException e) when (e.InnerException is SocketException && !cancel.IsCancellationRequested)
            {
                // A reset connection counts as closed: the server may abort after its GOAWAY.
                return false;
            }

            if (read == 0)
            {
                return false;
            }

            filled += read;
        }

        return true;
    }
}
