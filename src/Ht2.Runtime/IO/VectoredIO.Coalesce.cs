using System;
using System.Buffers;
using System.IO;

namespace Ht2;

public static partial class VectoredIO
{
    // One rented buffer holds at most this much; only batches above 1 GiB are written in several calls.
    private const int MaxCoalesceLength = 1 << 30;

    /// <summary>
    /// The fallback for targets without a descriptor (TLS streams, NetworkStream, MemoryStream, any OS): copies all
    /// entries into one pooled buffer and writes it with a single <see cref="Stream.Write(ReadOnlySpan{byte})"/>
    /// (a single entry is written in place without a copy). Returns the number of bytes written.
    /// </summary>
    /// <exception cref="ArgumentNullException"><paramref name="stream"/> is null.</exception>
    public static unsafe long WriteCoalesced(Stream stream, ReadOnlySpan<Iovec> iovecs)
    {
        ArgumentNullException.ThrowIfNull(stream);
        long total = IovecCopier.TotalLength(iovecs);
        if (total == 0)
        {
            return 0;
        }

        if (iovecs.Length == 1 && total <= int.MaxValue)
        {
            // Base is pinned by whoever built the entry; the stream only reads it during the call.
            stream.Write(new ReadOnlySpan<byte>(iovecs[0].Base, (int)total));
            return total;
        }

        byte[] buffer = ArrayPool<byte>.Shared.Rent((int)Math.Min(total, MaxCoalesceLength));
        try
        {
            IovecCopier copier = default;
            for (long left = total; left > 0;)
            {
                int length = copier.CopyTo(iovecs, buffer.AsSpan(0, (int)Math.Min(left, buffer.Length)));
                stream.Write(buffer, 0, length);
                left -= length;
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }

        return total;
    }

    /// <summary>
    /// The fallback for buffer writers, including <see cref="System.IO.Pipelines.PipeWriter"/>: copies all entries
    /// into the writer's memory (normally one GetSpan/Advance pair) and returns the number of bytes written.
    /// A PipeWriter still has to be flushed by the caller.
    /// </summary>
    /// <exception cref="ArgumentNullException"><paramref name="writer"/> is null.</exception>
    public static long WriteCoalesced(IBufferWriter<byte> writer, ReadOnlySpan<Iovec> iovecs)
    {
        ArgumentNullException.ThrowIfNull(writer);
        long total = IovecCopier.TotalLength(iovecs);
        IovecCopier copier = default;
        for (long left = total; left > 0;)
        {
            Span<byte> destination = writer.GetSpan((int)Math.Min(left, MaxCoalesceLength));
            int length = copier.CopyTo(iovecs, destination.Slice(0, (int)Math.Min(left, destination.Length)));
            writer.Advance(length);
            left -= length;
        }

        return total;
    }
}
