using System;
using System.Buffers;
using System.IO;
using System.IO.Pipelines;
using System.Net.Sockets;
using System.Runtime.InteropServices;
using System.Threading;
using System.Threading.Tasks;

namespace Ht2;

public sealed unsafe partial class MultiFrameWriter
{
    private readonly PointerMemoryManager _pointerMemory;

    /// <summary>
    /// Writes the whole batch to a connected socket with gathering sendmsg calls (at most
    /// <see cref="VectoredIO.IovMax"/> entries each; partial writes resume at the exact byte, EAGAIN waits),
    /// then resets the batch, also when the write fails. Returns the bytes written.
    /// </summary>
    /// <exception cref="VectoredIOException">The system refused the write.</exception>
    public long FlushTo(Socket socket)
    {
        ArgumentNullException.ThrowIfNull(socket);
        try
        {
            BuildWire();
            return VectoredIO.Writev(socket, Wire);
        }
        finally
        {
            Reset();
        }
    }

    /// <summary>Writes the whole batch to a descriptor (socket, pipe, file) with gathering writes, then resets.</summary>
    /// <exception cref="VectoredIOException">The system refused the write.</exception>
    public long FlushTo(SafeHandle handle)
    {
        ArgumentNullException.ThrowIfNull(handle);
        try
        {
            BuildWire();
            return VectoredIO.Writev(handle, Wire);
        }
        finally
        {
            Reset();
        }
    }

    /// <summary>Writes the whole batch to a stream in ONE coalesced Write call (TLS, NetworkStream, ...), then resets.</summary>
    public long FlushTo(Stream stream)
    {
        ArgumentNullException.ThrowIfNull(stream);
        try
        {
            BuildWire();
            return VectoredIO.WriteCoalesced(stream, Wire);
        }
        finally
        {
            Reset();
        }
    }

    /// <summary>Copies the whole batch into a buffer writer (a PipeWriter: one GetSpan/Advance), then resets; the caller flushes.</summary>
    public long FlushTo(IBufferWriter<byte> writer)
    {
        ArgumentNullException.ThrowIfNull(writer);
        try
        {
            BuildWire();
            return VectoredIO.WriteCoalesced(writer, Wire);
        }
        finally
        {
            Reset();
        }
    }

    private ReadOnlySpan<Iovec> Wire => _wire.AsSpan(0, _wireCount);

    private void SetPointerMemory(int index, nuint offset)
    {
        Iovec entry = _wire[index];

        // entry.Base is staging (pinned object heap) or a payload pinned by a MemoryHandle until Reset.
        _pointerMemory.Set((byte*)entry.Base + offset, (int)(entry.Length - offset));
    }

    private void CopyWire(byte[] destination)
    {
        IovecCopier copier = default;
        copier.CopyTo(Wire, destination);
    }

    /// <summary>
    /// Builds the flush order into <c>_wire</c>, merging entries that continue each other in memory (many small
    /// frames staged back to back become one entry). Without priorities this is the add order.
    /// </summary>
    private void BuildWire()
    {
        ThrowIfDisposed();
        _wireCount = 0;
        if (_wire.Length < _iovecCount)
        {
            Array.Resize(ref _wire, Math.Max(_iovecCount, _wire.Length * 2));
        }

        if (!_hasPriorities)
        {
            for (int i = 0; i < _iovecCount; i++)
            {
                AppendWire(_iovecs[i]);
            }

            return;
        }

        ReadOnlySpan<ulong> order = SortByPriority();
        foreach (ulong key in order)
        {
            ref FrameRecord frame = ref _frames[(int)(uint)key];
            for (int i = frame.FirstIovec; i < frame.FirstIovec + frame.IovecCount; i++)
            {
                AppendWire(_iovecs[i]);
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
