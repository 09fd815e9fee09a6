using System;
using System.Buffers;
using System.IO;
using System.Net.Sockets;
using System.Runtime.InteropServices;
using System.Runtime.Versioning;

namespace Ht2;

public sealed unsafe partial class MultiFrameWriter
{
    // The transport of the last public flush target, reused while the caller keeps flushing to the same target.
    private IFrameTransport? _lastTransport;

    /// <summary>
    /// Writes the whole batch to a connected socket with gathering sendmsg calls (at most
    /// <see cref="VectoredIO.IovMax"/> entries each; partial writes resume at the exact byte, EAGAIN waits),
    /// then resets the batch, also when the write fails. Returns the bytes written. On systems other than Linux and
    /// macOS the batch goes out as one coalesced <see cref="Socket.Send(ReadOnlySpan{byte})"/> copy.
    /// </summary>
    /// <exception cref="VectoredIOException">The system refused the write.</exception>
    public long FlushTo(Socket socket) => WriteTo(TransportFor(socket));

    /// <summary>Writes the whole batch to a descriptor (socket, pipe, file) with gathering writes, then resets.</summary>
    /// <exception cref="VectoredIOException">The system refused the write.</exception>
    /// <exception cref="PlatformNotSupportedException">Neither Linux nor macOS.</exception>
    [SupportedOSPlatform("linux")]
    [SupportedOSPlatform("macos")]
    public long FlushTo(SafeHandle handle) => WriteTo(TransportFor(handle));

    /// <summary>Writes the whole batch to a stream in ONE coalesced Write call (TLS, NetworkStream, ...), then resets.</summary>
    public long FlushTo(Stream stream) => WriteTo(TransportFor(stream));

    /// <summary>Copies the whole batch into a buffer writer (a PipeWriter: one GetSpan/Advance), then resets; the caller flushes.</summary>
    public long FlushTo(IBufferWriter<byte> writer) => WriteTo(TransportFor(writer));

    /// <summary>Writes the whole batch through <paramref name="transport"/> and flushes it (the bytes reach the peer), then resets.</summary>
    /// <exception cref="VectoredIOException">The system refused the write.</exception>
    internal long FlushTo(IFrameTransport transport)
    {
        long written = WriteTo(transport);
        transport.Flush();
        return written;
    }

    /// <summary>Writes the whole batch through <paramref name="transport"/> without flushing it, then resets, also when the write fails.</summary>
    internal long WriteTo(IFrameTransport transport)
    {
        try
        {
            BuildWire();
            return transport.Write(Wire);
        }
        finally
        {
            Reset();
        }
    }

    private IFrameTransport TransportFor(Socket socket) => _lastTransport = FrameTransport.Over(socket, _lastTransport);

    private IFrameTransport TransportFor(SafeHandle handle) => _lastTransport = FrameTransport.Over(handle, _lastTransport);

    private IFrameTransport TransportFor(Stream stream) => _lastTransport = FrameTransport.Over(stream, _lastTransport);

    private IFrameTransport TransportFor(IBufferWriter<byte> writer) => _lastTransport = FrameTransport.Over(writer, _lastTransport);

    private ReadOnlySpan<Iovec> Wire => _wire.AsSpan(0, _wireCount);

    /// <summary>
    /// Builds the flush order into <c>_wire</c>, merging entries that continue each other in memory (many small
    /// frames staged back to back become one entry). Without priorities this is the add order.
    /// </summary>
    private void BuildWire()
    {
        ThrowIfDisposed();
        _wireCount = 0;
        ReadOnlySpan<Iovec> entries = _arena.Entries;
        if (_wire.Length < entries.Length)
        {
            Array.Resize(ref _wire, Math.Max(entries.Length, _wire.Length * 2));
        }

        if (!_hasPriorities)
        {
            foreach (Iovec entry in entries)
            {
                AppendWire(entry);
            }

            return;
        }

        ReadOnlySpan<ulong> order = SortByPriority();
        foreach (ulong key in order)
        {
            ref FrameRecord frame = ref _frames[(int)(uint)key];
            for (int i = frame.FirstIovec; i < frame.FirstIovec + frame.IovecCount; i++)
            {
                AppendWire(entries[i]);
            }
        }
    }

    private void AppendWire(Iovec entry)
    {
        if (_wireCount > 0)
        {
            ref Iovec last = ref _wire[_wireCount - 1];
            if ((byte*)last.Base + last.Length == entry.Base)
            {
                last.Length += entry.Length;
                return;
            }
        }

        _wire[_wireCount++] = entry;
    }
}
