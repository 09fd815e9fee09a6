using System;
using System.IO;
using System.Threading;
using System.Threading.Tasks;

namespace Ht2.Tests.IO;

/// <summary>
/// A write-only stream that takes exactly <c>capacity</c> bytes and refuses the first byte beyond with an
/// <see cref="IOException"/>: a sink for long runs (allocation tests) that, unlike <see cref="Stream.Null"/>, stops a
/// writer that repeats bytes for ever. Writes complete synchronously and allocate nothing.
/// </summary>
internal sealed class ExactSinkStream(long capacity) : Stream
{
    /// <summary>The bytes taken so far.</summary>
    public long Written { get; private set; }

    public override bool CanRead => false;

    public override bool CanSeek => false;

    public override bool CanWrite => true;

    public override long Length => throw new NotSupportedException();

    public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

    public override void Write(byte[] buffer, int offset, int count) => Take(count);

    public override void Write(ReadOnlySpan<byte> buffer) => Take(buffer.Length);

    public override ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default)
    {
        Take(buffer.Length);
        return ValueTask.CompletedTask;
    }

    public override Task WriteAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken)
    {
        Take(count);
        return Task.CompletedTask;
    }

    public override void Flush()
    {
    }

    public override Task FlushAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();

    private void Take(int count)
    {
        if (count > capacity - Written)
        {
            throw new IOException($"{count} more bytes offered after {Written} of the {capacity} expected.");
        }

        Written += count;
    }
}
