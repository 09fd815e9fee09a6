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
/// <remarks>
/// <see cref="Close"/> may run while a read or a flush waits on another thread: it cancels them first, then
/// completes both ends, and every failure of an operation that raced with it surfaces as
/// <see cref="ObjectDisposedException"/>, as a disposed socket's would.
/// </remarks>
internal sealed class PipeTransport : IFrameTransport
{
    private readonly PipeReader? _reader;
    private int _closeStarted;
    private int _outputCompleted;
    private volatile bool _closed;

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
    public long Write(ReadOnlySpan<Iovec> entries)
    {
        ThrowIfClosed();
        try
        {
            return VectoredIO.WriteCoalesced(Writer, entries);
        }
        catch (InvalidOperationException) when (_closed)
        {
            throw Closed();
        }
    }

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
            Flushed(Wait(pipe.FlushAsync()));
        }
    }

    /// <inheritdoc />
    public async ValueTask FlushAsync(CancellationToken cancellationToken)
    {
        if (Writer is PipeWriter pipe)
        {
            FlushResult result;
            try
            {
                result = await pipe.FlushAsync(cancellationToken).ConfigureAwait(false);
            }
            catch (InvalidOperationException) when (_closed)
            {
                throw Closed();
            }

            Flushed(result);
        }
    }

    /// <inheritdoc />
    public int Read(Span<byte> buffer)
    {
        ThrowIfClosed();
        ReadResult result;
        try
        {
            result = Wait(Reader.ReadAsync());
        }
        catch (InvalidOperationException) when (_closed)
        {
            throw Closed();
        }

        return Consume(result, buffer);
    }

    /// <inheritdoc />
    public async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken)
    {
        ThrowIfClosed();
        ReadResult result;
        try
        {
            result = await Reader.ReadAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (InvalidOperationException) when (_closed)
        {
            throw Closed();
        }

        return Consume(result, buffer.Span);
    }

    /// <inheritdoc />
    public void ShutdownOutput()
    {
        if (Writer is PipeWriter pipe && !_closed && Interlocked.Exchange(ref _outputCompleted, 1) == 0)
        {
            // The reader side sees the end of the pipe once it has read the last frame.
            pipe.Complete();
        }
    }

    /// <inheritdoc />
    public void Close()
    {
        if (Interlocked.Exchange(ref _closeStarted, 1) != 0)
        {
            return;
        }

        _closed = true;

        // A waiting read or flush would never see the completion of its own end: cancel it first.
        _reader?.CancelPendingRead();
        _reader?.Complete();
        // A completed writer is left alone: a stream-backed PipeWriter refuses CancelPendingFlush once completed.
        if (Writer is PipeWriter pipe && Interlocked.Exchange(ref _outputCompleted, 1) == 0)
        {
            pipe.CancelPendingFlush();
            pipe.Complete();
        }
    }

    /// <summary>Whether there is a <see cref="PipeReader"/> to read in place with <see cref="ReadBufferedAsync"/>.</summary>
    public bool CanReadBuffered => _reader is not null;

    /// <summary>
    /// Waits for received bytes and returns them where the pipe holds them, copying nothing; pass the result through
    /// <see cref="Checked"/>, then hand back what was used with <see cref="AdvanceTo"/> before the next read.
    /// </summary>
    public ValueTask<ReadResult> ReadBufferedAsync(CancellationToken cancellationToken)
    {
        ThrowIfClosed();
        return Reader.ReadAsync(cancellationToken);
    }

    /// <summary><paramref name="result"/>, unless <see cref="Close"/> cancelled the read or raced with it.</summary>
    public ReadResult Checked(ReadResult result) => _closed ? throw Closed() : result;

    /// <summary>
    /// What a failed read or advance means: a pipe completed by <see cref="Close"/> while it waited is reported as
    /// <see cref="ObjectDisposedException"/>, as a disposed socket's would be; anything else is returned as it is.
    /// </summary>
    public Exception Translate(Exception failure) => failure is InvalidOperationException && _closed ? Closed() : failure;

    /// <summary>Marks the bytes before <paramref name="consumed"/> used and those before <paramref name="examined"/> seen.</summary>
    public void AdvanceTo(SequencePosition consumed, SequencePosition examined)
    {
        try
        {
            Reader.AdvanceTo(consumed, examined);
        }
        catch (InvalidOperationException) when (_closed)
        {
            throw Closed();
        }
    }

    private PipeReader Reader => _reader ?? throw new NotSupportedException("This pipe transport was built without a PipeReader.");

    /// <summary>Copies what fits and marks exactly that much consumed; 0 when the writer side completed.</summary>
    private int Consume(ReadResult result, Span<byte> destination)
    {
        if (_closed)
        {
            throw Closed();
        }

        try
        {
            ReadOnlySequence<byte> buffered = result.Buffer;
            int length = (int)Math.Min(buffered.Length, destination.Length);
            buffered.Slice(0, length).CopyTo(destination);
            Reader.AdvanceTo(buffered.GetPosition(length));
            return length;
        }
        catch (InvalidOperationException) when (_closed)
        {
            throw Closed();
        }
    }

    private void Flushed(FlushResult result)
    {
        if (result.IsCanceled && _closed)
        {
            throw Closed();
        }
    }

    private void ThrowIfClosed()
    {
        if (_closed)
        {
            throw Closed();
        }
    }

    private ObjectDisposedException Closed() => new(nameof(PipeTransport));

    /// <summary>A sync caller's wait: completed tasks (the common case) return at once without a Task.</summary>
    private static T Wait<T>(ValueTask<T> pending) => pending.IsCompleted ? pending.GetAwaiter().GetResult() : pending.AsTask().GetAwaiter().GetResult();
}
