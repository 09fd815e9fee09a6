using System;
using System.Buffers;
using System.IO.Pipelines;
using System.Threading;
using System.Threading.Tasks;

namespace Ht2.Tests.IO;

/// <summary>A pipe writer that counts the calls a transport's close and half-close make, and signals when a flush has started.</summary>
internal sealed class CountingWriter(PipeWriter inner) : PipeWriter
{
    public int Completes { get; private set; }

    public int FlushCancels { get; private set; }

    /// <summary>Set once a flush has asked the inner pipe (whose answer may still be pending).</summary>
    public ManualResetEventSlim Flushing { get; } = new();

    public override void Advance(int bytes) => inner.Advance(bytes);

    public override Memory<byte> GetMemory(int sizeHint = 0) => inner.GetMemory(sizeHint);

    public override Span<byte> GetSpan(int sizeHint = 0) => inner.GetSpan(sizeHint);

    public override void CancelPendingFlush()
    {
        FlushCancels++;
        inner.CancelPendingFlush();
    }

    public override void Complete(Exception? exception = null)
    {
        Completes++;
        inner.Complete(exception);
    }

    public override ValueTask<FlushResult> FlushAsync(CancellationToken cancellationToken = default)
    {
        ValueTask<FlushResult> pending = inner.FlushAsync(cancellationToken);
        Flushing.Set();
        return pending;
    }
}

/// <summary>A pipe reader that counts the calls a transport's close makes, and signals when a read has started.</summary>
internal sealed class CountingReader(PipeReader inner) : PipeReader
{
    public int Completes { get; private set; }

    public int ReadCancels { get; private set; }

    /// <summary>Set once a read has asked the inner pipe (whose answer may still be pending).</summary>
    public ManualResetEventSlim Reading { get; } = new();

    public override void AdvanceTo(SequencePosition consumed) => inner.AdvanceTo(consumed);

    public override void AdvanceTo(SequencePosition consumed, SequencePosition examined) => inner.AdvanceTo(consumed, examined);

    public override void CancelPendingRead()
    {
        ReadCancels++;
        inner.CancelPendingRead();
    }

    public override void Complete(Exception? exception = null)
    {
        Completes++;
        inner.Complete(exception);
    }

    public override ValueTask<ReadResult> ReadAsync(CancellationToken cancellationToken = default)
    {
        ValueTask<ReadResult> pending = inner.ReadAsync(cancellationToken);
        Reading.Set();
        return pending;
    }

    public override bool TryRead(out ReadResult result) => inner.TryRead(out result);
}

/// <summary>
/// Pipe ends whose chosen operation fails the way a completed pipe does (InvalidOperationException), after closing
/// <see cref="Transport"/> when <see cref="CloseFirst"/>: the race of an operation with a close, made deterministic.
/// </summary>
internal sealed class RacingPipe
{
    public RacingPipe()
    {
        Writer = new(this);
        Reader = new(this);
    }

    public PipeTransport? Transport { get; set; }

    public bool CloseFirst { get; init; } = true;

    public RacingWriter Writer { get; }

    public RacingReader Reader { get; }

    public InvalidOperationException Fail()
    {
        if (CloseFirst)
        {
            Transport!.Close();
        }

        return new InvalidOperationException("The pipe is completed.");
    }

    internal sealed class RacingWriter(RacingPipe pipe) : PipeWriter
    {
        private readonly byte[] _memory = new byte[64];

        public bool FailWrite { get; set; }

        public bool FailFlush { get; set; }

        public int Completes { get; private set; }

        public override void Advance(int bytes)
        {
        }

        public override Memory<byte> GetMemory(int sizeHint = 0) => FailWrite ? throw pipe.Fail() : _memory;

        public override Span<byte> GetSpan(int sizeHint = 0) => FailWrite ? throw pipe.Fail() : _memory;

        public override void CancelPendingFlush()
        {
        }

        public override void Complete(Exception? exception = null) => Completes++;

        public override ValueTask<FlushResult> FlushAsync(CancellationToken cancellationToken = default)
            => FailFlush ? ValueTask.FromException<FlushResult>(pipe.Fail()) : ValueTask.FromResult(new FlushResult(false, false));
    }

    internal sealed class RacingReader(RacingPipe pipe) : PipeReader
    {
        private static readonly ReadOnlySequence<byte> Held = new(new byte[] { 1, 2, 3, 4 });

        /// <summary>
        /// "read" fails ReadAsync, "consume" the advance after a read, "advance" the two-position advance; "close" lets
        /// ReadAsync close the transport and still return the held bytes, as a read that completes just after a close does.
        /// </summary>
        public string FailIn { get; set; } = "";

        public override void AdvanceTo(SequencePosition consumed)
        {
            if (FailIn == "consume")
            {
                throw pipe.Fail();
            }
        }

        public override void AdvanceTo(SequencePosition consumed, SequencePosition examined)
        {
            if (FailIn == "advance")
            {
                throw pipe.Fail();
            }
        }

        public override void CancelPendingRead()
        {
        }

        public override void Complete(Exception? exception = null)
        {
        }

        public override ValueTask<ReadResult> ReadAsync(CancellationToken cancellationToken = default)
        {
            if (FailIn == "close")
            {
                pipe.Transport!.Close();
            }

            return FailIn == "read" ? ValueTask.FromException<ReadResult>(pipe.Fail()) : ValueTask.FromResult(new ReadResult(Held, false, false));
        }

        public override bool TryRead(out ReadResult result)
        {
            result = new ReadResult(Held, false, false);
            return true;
        }
    }
}
