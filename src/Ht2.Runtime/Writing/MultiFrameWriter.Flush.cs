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
            return transport.Write(BuildWire());
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

    /// <summary>
    /// The flush order: without priorities the staged entries themselves (already merged, pinned), else the
    /// frames' bytes reordered into <c>_wire</c>.
    /// </summary>
    private ReadOnlySpan<Iovec> BuildWire()
    {
        ThrowIfDisposed();
        return _hasPriorities ? BuildPrioritizedWire() : _arena.Entries;
    }

    /// <summary>The flush order as managed memory, which an asynchronous write can hold across awaits.</summary>
    private ReadOnlyMemory<Iovec> BuildWireMemory()
    {
        ReadOnlySpan<Iovec> wire = BuildWire();
        if (!_hasPriorities)
        {
            EnsureWireCapacity(wire.Length);
            wire.CopyTo(_wire);
            _wireCount = wire.Length;
        }

        return _wire.AsMemory(0, _wireCount);
    }

    /// <summary>
    /// Copies each frame's bytes into <c>_wire</c> in priority order, merging pieces that continue each other in
    /// memory. A frame's bytes start where the previous frame's end, so one walk over the staged headers locates
    /// them all.
    /// </summary>
    private ReadOnlySpan<Iovec> BuildPrioritizedWire()
    {
        ReadOnlySpan<Iovec> entries = _arena.Entries;
        IndexFrames(entries);
        int entry;
        nuint offset;

        // A frame boundary inside an entry splits it in two: at most one piece more per frame.
        EnsureWireCapacity(entries.Length + _frameCount);
        _wireCount = 0;
        foreach (ulong key in SortByPriority())
        {
            int frame = (int)(uint)key;
            (entry, offset) = _framePositions[frame];
            for (nuint left = (nuint)_frames[frame].Length; left != 0; entry++, offset = 0)
            {
                Iovec source = entries[entry];
                nuint take = Math.Min(source.Length - offset, left);
                AppendWire(new Iovec((byte*)source.Base + offset, take));
                left -= take;
            }
        }

        return _wire.AsSpan(0, _wireCount);
    }

    private void EnsureWireCapacity(int count)
    {
        if (_wire.Length < count)
        {
            _wire = new Iovec[Math.Max(count, _wire.Length * 2)];
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
