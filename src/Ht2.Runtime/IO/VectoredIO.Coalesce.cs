using System;
using System.Buffers;
using System.IO;
using System.Threading;
using System.Threading.Tasks;

namespace Ht2;

public static partial class VectoredIO
{
    // A buffer writer's span is asked for at most this much at a time.
    private const int MaxCoalesceLength = 1 << 30;

    /// <summary>
    /// The fallback for targets without a descriptor (TLS streams, NetworkStream, MemoryStream, any OS): copies all
    /// entries into one pooled buffer and writes it with a single <see cref="Stream.Write(ReadOnlySpan{byte})"/>
    /// (a single entry is written in place without a copy). Returns the number of bytes written.
    /// </summary>
    /// <exception cref="ArgumentNullException"><paramref name="stream"/> is null.</exception>
    public static long WriteCoalesced(Stream stream, ReadOnlySpan<Iovec> iovecs)
    {
        ArgumentNullException.ThrowIfNull(stream);
        CoalescedCopy copy = new(iovecs);
        if (copy.IsSingle)
        {
            stream.Write(copy.Single);
            return copy.Total;
        }

        try
        {
            while (copy.TryCopyNext(iovecs, out ArraySegment<byte> piece))
            {
                stream.Write(piece.Array!, piece.Offset, piece.Count);
            }
        }
        finally
        {
            copy.Dispose();
        }

        return copy.Total;
    }

    /// <summary>
    /// <see cref="WriteCoalesced(Stream, ReadOnlySpan{Iovec})"/> without blocking a thread: a single entry is written
    /// in place through <paramref name="aim"/>, several are copied into one pooled buffer. The entries' memory must
    /// stay pinned until the task completes.
    /// </summary>
    internal static async ValueTask<long> WriteCoalescedAsync(Stream stream, ReadOnlyMemory<Iovec> iovecs, PointerMemoryManager aim, CancellationToken cancellationToken)
    {
        CoalescedCopy copy = new(iovecs.Span);
        if (copy.IsSingle)
        {
            await stream.WriteAsync(copy.SingleMemory(aim), cancellationToken).ConfigureAwait(false);
            return copy.Total;
        }

        try
        {
            while (copy.TryCopyNext(iovecs.Span, out ArraySegment<byte> piece))
            {
                await stream.WriteAsync(piece, cancellationToken).ConfigureAwait(false);
            }
        }
        finally
        {
            copy.Dispose();
        }

        return copy.Total;
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
            int length = copier.CopyNext(iovecs, destination.Slice(0, (int)Math.Min(left, destination.Length)));
            writer.Advance(length);
            left -= length;
        }

        return total;
    }
}
