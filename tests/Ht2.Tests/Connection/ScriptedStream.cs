using System;
using System.IO;
using System.Threading;
using System.Threading.Tasks;

namespace Ht2.Tests.Connection;

/// <summary>A duplex stream for reader tests: reads hand-written input in small pieces, records every write.</summary>
internal sealed class ScriptedStream : Stream
{
    private readonly byte[] _input;
    private readonly int _chunk;
    private int _position;

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
        int count = Math.Min(Math.Min(buffer.Length, _chunk), _input.Length - _position);
        _input.AsSpan(_position, count).CopyTo(buffer);
        _position += count;
        return count;
    }

    public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

    public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default) => new(Read(buffer.Span));

    public override void Write(ReadOnlySpan<byte> buffer) => Output.Write(buffer);

    public override void Write(byte[] buffer, int offset, int count) => Output.Write(buffer, offset, count);

    public override ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default)
    {
        Output.Write(buffer.Span);
        return default;
    }

    public override void Flush()
    {
    }

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();
}
