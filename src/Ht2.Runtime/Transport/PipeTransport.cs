using System;
using System.Buffers;
using System.IO.Pipelines;
using System.Threading;
using System.Threading.Tasks;

namespace Ht2;

/// <summary>
/// A pipe: each batch is copied into the writer's own memory (normally one GetSpan/Advance pair), so writing
/// never waits; <see cref="FlushAsync"/> hands the bytes to the reader side and applies the pipe's back-pressure.
/// Reads copy from the <see cref="PipeReader"/> when there is one.
/// </summary>
internal sealed class PipeTransport : IFrameTransport
{
    private readonly PipeReader? _reader;

    /// <summary>A transport writing into <paramref name="writer"/> (a PipeWriter is flushed by Flush) and reading from <paramref name="reader"/>.</summary>
    /// <exception cref="ArgumentNullException"><paramref name="writer"/> is null.</exception>
    public PipeTransport(IBufferWriter<byte> writer, PipeReader? reader)
    {
        ArgumentNullException.ThrowIfNull(writer);
        Writer = writer;
        _reader = reader;
    }

    /// <summary>The buffer writer written to.</summary>
    public IBufferWriter<byte> Writer { get; }

    /// <inheritdoc />
    public long Write(ReadOnlySpan<Iovec> entries) => VectoredIO.WriteCoalesced(Writer, entries);

    /// <inheritdoc />
    public ValueTask<long> WriteAsync(ReadOnlyMemory<Iovec> entries, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        return new ValueTask<long>(Write(entries.Span));
    }

    /// <inheritdoc />
    public void Flush()
    {
        if (Writer is PipeWriter pipe)
        {
            Wait(pipe.FlushAsync());
        }
    }

    /// <inheritdoc />
    public async ValueTask FlushAsync(CancellationToken cancellationToken)
    {
        if (Writer is PipeWriter pipe)
        {
            await pipe.FlushAsync(cancellationToken).ConfigureAwait(false);
        }
    }

    /// <inheritdoc />
    public int Read(Span<byte> buffer) => Consume(Wait(Reader.ReadAsync()), buffer);

    /// <inheritdoc />
    public async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken)
    {
        ReadResult result = await Reader.ReadAsync(cancellationToken).ConfigureAwait(false);
        return Consume(result, buffer.Span);
    }

    private PipeReader Reader => _reader ?? throw new NotSupportedException("This pipe transport was built without a PipeReader.");

    /// <summary>Copies what fits and marks exactly that much consumed; 0 when the writer side completed.</summary>
    private int Consume(ReadResult result, Span<byte> destination)
    {
        ReadOnlySequence<byte> buffered = result.Buffer;
        int length = (int)Math.Min(buffered.Length, destination.Length);
        buffered.Slice(0, length).CopyTo(destination);
        Reader.AdvanceTo(buffered.GetPosition(length));
        return length;
    }

    /// <summary>A sync caller's wait: completed tasks (the common case) return at once without a Task.</summary>
    private static T Wait<T>(ValueTask<T> pending) => pending.IsCompleted ? pending.GetAwaiter().GetResult() : pending.AsTask().GetAwaiter().GetResult();
}
