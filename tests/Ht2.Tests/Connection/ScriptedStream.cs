using System;
using System.IO;
using System.Threading;
using System.Threading.Tasks;

namespace Ht2.Tests.Connection;

/// <summary>
/// A duplex stream for reader tests: reads hand-written input in small pieces, records every write. A send loop that
/// stops advancing writes or flushes for ever on the test's own thread: past <see cref="MaxCalls"/> writes and flushes
/// it throws, so such a bug fails the test at once instead of hanging it. A read loop that stops advancing (reading
/// again after the end of input, or into an empty buffer) throws the same way past <see cref="MaxExtraReads"/> reads
/// beyond one per input byte.
/// </summary>
internal sealed class ScriptedStream : Stream
{
    /// <summary>Far above any test's legitimate count (one write and one flush per send).</summary>
    public const int MaxCalls = 10_000;

    /// <summary>Reads allowed beyond one per input byte (every read that is not at the end returns at least one byte).</summary>
    public const int MaxExtraReads = 1_000;

    private readonly byte[] _input;
    private readonly int _chunk;
    private int _position;
    private int _calls;
    private int _reads;

    public ScriptedStream(byte[] input, int chunk = 5)
    {
        _input = input;
        _chunk = chunk;
    }

    public MemoryStream Output { get; } = new();

    public override bool CanRead => true;

    public override bool CanSeek => false;

    public override bool CanWrite => true;

    public override long Length => throw new NotSupportedException();

    public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

    public override int Read(Span<byte> buffer)
    {
        if (Interlocked.Increment(ref _reads) > _input.Length + MaxExtraReads)
        {
            throw new InvalidOperationException($"More than {_input.Length + MaxExtraReads} reads of {_input.Length} input bytes: the read loop does not advance.");
        }

        int count = Math.Min(Math.Min(buffer.Length, _chunk), _input.Length - _position);
        _input.AsSpan(_position, count).CopyTo(buffer);
        _position += count;
        return count;
    }

    public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

    public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default) => new(Read(buffer.Span));

    public override void Write(ReadOnlySpan<byte> buffer)
    {
        Count();
        Output.Write(buffer);
    }

    public override void Write(byte[] buffer, int offset, int count) => Write(buffer.AsSpan(offset, count));

    public override ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default)
    {
        Write(buffer.Span);
        return default;
    }

    public override void Flush() => Count();

    public override Task FlushAsync(CancellationToken cancellationToken)
    {
        Count();
        return Task.CompletedTask;
    }

    private void Count()
    {
        if (Interlocked.Increment(ref _calls) > MaxCalls)
        {
            throw new InvalidOperationException($"More than {MaxCalls} writes and flushes: the send loop does not advance.");
        }
    }

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();
}
