using System;
using System.Collections.Generic;
using System.IO;
using System.Threading;
using System.Threading.Tasks;

namespace Ht2.Tests.Writing;

/// <summary>Records the entries of each write and their bytes.</summary>
internal sealed unsafe class RecordingTransport : IFrameTransport
{
    public List<int> EntryCounts { get; } = [];

    public MemoryStream Bytes { get; } = new();

    /// <summary>When set, the write takes this many bytes, then fails like a connection reset.</summary>
    public long? FailAfter { get; set; }

    public long Write(ReadOnlySpan<Iovec> entries)
    {
        EntryCounts.Add(entries.Length);
        long total = 0;
        foreach (Iovec entry in entries)
        {
            int length = (int)entry.Length;
            if (FailAfter is long limit && total + length > limit)
            {
                Bytes.Write(new ReadOnlySpan<byte>(entry.Base, (int)(limit - total)));
                throw new IOException("Connection reset after a partial write.");
            }

            Bytes.Write(new ReadOnlySpan<byte>(entry.Base, length));
            total += length;
        }

        return total;
    }

    public ValueTask<long> WriteAsync(ReadOnlyMemory<Iovec> entries, CancellationToken cancellationToken) => new(Write(entries.Span));

    /// <summary>Flush and FlushAsync calls, in the order they came, as the bytes written so far at each.</summary>
    public List<long> Flushes { get; } = [];

    public void Flush() => Flushes.Add(Bytes.Length);

    public ValueTask FlushAsync(CancellationToken cancellationToken)
    {
        Flushes.Add(Bytes.Length);
        return ValueTask.CompletedTask;
    }

    public int Read(Span<byte> buffer) => 0;

    public ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken) => new(0);

    public void ShutdownOutput()
    {
    }

    public void Close()
    {
    }
}
