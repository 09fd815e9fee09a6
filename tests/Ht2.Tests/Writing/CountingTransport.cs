using System;
using System.Threading;
using System.Threading.Tasks;

namespace Ht2.Tests.Writing;

/// <summary>Counts the bytes written without keeping them, so that a flush through it allocates nothing.</summary>
internal sealed class CountingTransport : IFrameTransport
{
    public long Written { get; private set; }

    public long Write(ReadOnlySpan<Iovec> entries)
    {
        long total = 0;
        foreach (Iovec entry in entries)
        {
            total += (long)entry.Length;
        }

        Written += total;
        return total;
    }

    public ValueTask<long> WriteAsync(ReadOnlyMemory<Iovec> entries, CancellationToken cancellationToken) => new(Write(entries.Span));

    public void Flush()
    {
    }

    public ValueTask FlushAsync(CancellationToken cancellationToken) => ValueTask.CompletedTask;

    public int Read(Span<byte> buffer) => 0;

    public ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken) => new(0);

    public void ShutdownOutput()
    {
    }

    public void Close()
    {
    }
}
